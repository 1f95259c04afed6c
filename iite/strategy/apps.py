from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "iite.strategy"
    label = "strategy"
    verbose_name = _("Strategy and results framework")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            HomeSection,
            NavItem,
            register_home_section,
            register_nav,
            register_reference_loader,
            register_role_permissions,
        )

        from . import models
        from .loader import strategy_load_reference
        from .selectors import home_summary

        framework_models = [
            models.StrategyPeriod,
            models.UnescoOutput,
            models.StrategicObjective,
            models.LineOfAction,
            models.StrategicRole,
            models.ProgrammePillar,
            models.Initiative,
            models.Priority,
            models.TargetGroup,
            models.ProgrammeUnit,
        ]
        for model in framework_models:
            track(model)
        register_nav(NavItem(_("Our strategy"), "strategy:framework", order=20))
        register_home_section(
            HomeSection("strategy", "strategy/home_section.html", home_summary, order=10)
        )
        register_reference_loader("strategy", strategy_load_reference)
        names = [model._meta.model_name for model in framework_models]
        register_role_permissions(
            "Administrator",
            [f"strategy.{action}_{name}" for name in names for action in ("add", "change", "view")],
        )
        register_role_permissions(
            "Governing Board member", [f"strategy.view_{name}" for name in names]
        )
        register_role_permissions("Programme officer", [f"strategy.view_{name}" for name in names])
