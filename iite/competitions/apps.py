from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "iite.competitions"
    label = "competitions"
    verbose_name = _("Competitions and awards")

    def ready(self) -> None:
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_nav,
            register_personal_data,
            register_role_permissions,
        )

        from .personal_data import erase_entrant_data, export_entrant_data

        register_nav(NavItem(_("Competitions"), "competitions:list", order=45, section="more"))
        register_nav(NavItem(_("My competitions"), "competitions:my", order=46, audience="user"))
        register_nav(
            NavItem(
                _("Manage competitions"),
                "competitions:manage_list",
                order=45,
                audience="competitions.change_edition",
                section="staff",
            )
        )
        managing = [
            f"competitions.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("competition", "edition", "entry", "judge", "assignment")
        ]
        register_role_permissions("Programme officer", managing)
        register_role_permissions("Administrator", managing)
        register_personal_data(
            PersonalDataHandler("competitions", export_entrant_data, erase_entrant_data)
        )
