from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "iite.community"
    label = "community"
    verbose_name = _("Community of practice")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PageSection,
            PersonalDataHandler,
            register_nav,
            register_page_section,
            register_personal_data,
            register_role_permissions,
        )

        from . import models
        from .engagement import platform_engagement
        from .personal_data import erase_member_data, export_member_data

        register_nav(NavItem(_("Community"), "community:index", order=45))
        register_nav(
            NavItem(
                _("Moderation"),
                "community:queue",
                order=45,
                audience="community.moderate_space",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Community spaces"),
                "community:manage_spaces",
                order=46,
                audience="community.change_space",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Watched words"),
                "community:manage_words",
                order=47,
                audience="community.moderate_space",
                section="staff",
            )
        )
        register_role_permissions("Content editor", ["community.moderate_space"])
        register_role_permissions("Programme officer", ["community.moderate_space"])
        register_role_permissions(
            "Administrator",
            ["community.moderate_space", "community.add_space", "community.change_space"],
        )
        register_page_section(
            PageSection(
                "learning.platform_staff",
                "community",
                "community/staff/_platform_engagement.html",
                platform_engagement,
                order=40,
            )
        )
        register_personal_data(
            PersonalDataHandler("community", export_member_data, erase_member_data)
        )
        for model in (models.Space, models.WatchedWord, models.Suspension):
            track(model)
