from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadinessConfig(AppConfig):
    name = "iite.readiness"
    label = "readiness"
    verbose_name = _("Digital readiness self-assessment")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            register_nav,
            register_reference_loader,
            register_role_permissions,
        )

        from . import models
        from .loader import load_frameworks

        register_nav(NavItem(_("Readiness"), "readiness:index", order=55, section="more"))
        register_nav(
            NavItem(
                _("Readiness aggregates"),
                "readiness:aggregates",
                order=55,
                audience="readiness.view_aggregates",
                section="staff",
            )
        )
        register_reference_loader("readiness", load_frameworks)
        register_role_permissions(
            "Programme officer", ["readiness.view_aggregates", "readiness.change_campaign"]
        )
        register_role_permissions("Governing Board member", ["readiness.view_aggregates"])
        register_role_permissions(
            "Administrator", ["readiness.view_aggregates", "readiness.change_campaign"]
        )
        for model in (models.Framework, models.Area, models.Statement, models.Campaign):
            track(model)
