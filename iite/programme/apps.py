from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "iite.programme"
    label = "programme"
    verbose_name = _("Programme activities")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from iite.accounts.signals import profile_changed
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_nav,
            register_personal_data,
            register_role_permissions,
        )

        from . import models
        from .personal_data import (
            import_job_erase,
            import_job_export,
            participation_erase,
            participation_export,
            person_account_erase,
            person_export,
        )
        from .receivers import person_adopt_on_confirmation
        from .services import participation_follow_profile

        for model in (
            models.Activity,
            models.Participation,
            models.AggregateParticipation,
            models.UnitMembership,
            models.ImportBatch,
        ):
            track(model)
        register_nav(NavItem(_("Activities"), "programme:activity_list", order=30, section="more"))
        register_nav(
            NavItem(
                _("Manage activities"),
                "programme:manage_list",
                order=30,
                audience="programme.view_activity",
                section="staff",
            )
        )
        profile_changed.connect(
            participation_follow_profile, dispatch_uid="programme-participation-follow-profile"
        )
        register_personal_data(
            PersonalDataHandler(
                "programme.participation", participation_export, participation_erase
            )
        )
        register_nav(
            NavItem(
                _("People without an account"),
                "programme:people",
                order=31,
                audience="programme.view_person",
                section="staff",
            )
        )
        register_personal_data(
            PersonalDataHandler("programme.person", person_export, person_account_erase)
        )
        register_personal_data(
            PersonalDataHandler("programme.imports", import_job_export, import_job_erase)
        )
        # The account becomes the person the institute knew by that address once the
        # address is confirmed (accounts, a lower layer, knows nothing of person records).
        email_confirmed.connect(person_adopt_on_confirmation, dispatch_uid="programme.person_adopt")
        view = [
            "programme.view_activity",
            "programme.view_participation",
            "programme.view_aggregateparticipation",
        ]
        record = [
            "programme.add_participation",
            "programme.change_participation",
            "programme.add_aggregateparticipation",
            "programme.change_aggregateparticipation",
            "programme.delete_aggregateparticipation",
        ]
        register_role_permissions(
            "Administrator",
            [
                *view,
                *record,
                "programme.add_activity",
                "programme.change_activity",
                "programme.delete_activity",
                "programme.change_any_activity",
                "programme.import_activities",
                "programme.view_unitmembership",
                "programme.add_unitmembership",
                "programme.delete_unitmembership",
                "programme.view_importbatch",
                # Person records (people without accounts): found, exported and erased on
                # request. Not audited: the trail would keep what erasure removes.
                "programme.view_person",
                "programme.delete_person",
            ],
        )
        register_role_permissions(
            "Programme officer",
            [
                *view,
                *record,
                "programme.add_activity",
                "programme.change_activity",
                "programme.import_activities",
            ],
        )
        register_role_permissions("Governing Board member", view)
