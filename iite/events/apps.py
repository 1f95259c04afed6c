from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "iite.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.records import records_changed
        from iite.core.registry import (
            ActivityDelivery,
            NavItem,
            PersonalDataHandler,
            register_activity_delivery,
            register_nav,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )
        from iite.credentials.batching import BatchProvider, register_batch_provider
        from iite.programme.signals import person_erased

        from . import certificates, models, selectors
        from .caching import catalogue_invalidate
        from .import_jobs import attendance_job_erase, attendance_job_export
        from .permissions import ROLE_PERMISSIONS
        from .personal_data import (
            attendee_rows_erase,
            erase_personal_data,
            export_personal_data,
        )

        register_nav(NavItem(_("Events"), "events:catalogue", 40, audience="public"))
        register_activity_delivery(ActivityDelivery("events", _("Event"), selectors.public_events))
        register_nav(
            NavItem(
                _("Manage events"),
                "events:manage",
                40,
                audience="events.view_event",
                section="staff",
            )
        )
        for role, permissions in ROLE_PERMISSIONS.items():
            register_role_permissions(role, permissions)
        register_personal_data(
            PersonalDataHandler("events", export_personal_data, erase_personal_data)
        )
        register_personal_data(
            PersonalDataHandler(
                "events.attendance_imports", attendance_job_export, attendance_job_erase
            )
        )
        records_changed.connect(catalogue_invalidate, dispatch_uid="events-catalogue-invalidate")
        # Certificates of attendance issued before they were credentials get their credential.
        register_reference_loader(
            "events.certificate_credentials", certificates.certificate_credentials_ensure
        )
        register_batch_provider(
            BatchProvider(
                "event",
                certificates.batch_sources,
                certificates.batch_qualifies,
                certificates.batch_issue,
                order=20,
            )
        )
        person_erased.connect(attendee_rows_erase, dispatch_uid="events-attendee-rows-erase")
        for model in (
            models.Theme,
            models.Event,
            models.EventSession,
            models.Speaker,
            models.RegistrationQuestion,
            models.Certificate,
            models.ConsultationQuestion,
            models.AttendanceImport,
        ):
            track(model)
        track(models.Registration, exclude_fields=["answers", "updated_at"])
