from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "iite.partners"
    label = "partners"
    verbose_name = _("Partnerships and resources")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_demo_loader,
            register_nav,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )

        from . import models
        from .loaders import load_demo_partnerships, load_strategic_partners
        from .permissions import FOCAL_POINT_PERMISSION, ROLE_PERMISSIONS
        from .services import focal_point_erase, focal_point_export

        register_nav(NavItem(_("Partners"), "partners:public_list", 50, section="more"))
        register_nav(
            NavItem(
                _("Partner directory"),
                "partners:directory",
                50,
                audience="partners.view_partner",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Resources"),
                "partners:resources",
                51,
                audience="partners.view_financials",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("My organisation"),
                "partners:my_organisation",
                52,
                audience=FOCAL_POINT_PERMISSION,
                section="staff",
            )
        )
        register_reference_loader(
            "partners: strategic partners and networks", load_strategic_partners
        )
        register_demo_loader("partners: agreements, budget and engagement", load_demo_partnerships)
        register_personal_data(
            PersonalDataHandler("partners.focal_points", focal_point_export, focal_point_erase)
        )
        for role, permissions in ROLE_PERMISSIONS.items():
            register_role_permissions(role, permissions)
        for model in (
            models.Partner,
            models.FocalPoint,
            models.PartnerMerge,
            models.Agreement,
            models.AgreementDocument,
            models.MemberStateEngagement,
            models.BudgetLine,
            models.BudgetAllocation,
            models.ExtrabudgetaryProject,
            models.InKindContribution,
        ):
            track(model)
