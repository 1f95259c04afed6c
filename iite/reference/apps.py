from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferenceConfig(AppConfig):
    name = "iite.reference"
    label = "reference"
    verbose_name = _("Reference data")

    def ready(self) -> None:
        from iite.core.registry import NavItem, register_nav, register_reference_loader

        from .services import reference_loader

        register_reference_loader("Member States and priority regions", reference_loader)
        register_nav(NavItem(_("Member States"), "reference:country_list", 90, section="more"))
