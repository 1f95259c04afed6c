from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "iite.demo"
    label = "demo"
    verbose_name = _("Demo data")

    def ready(self) -> None:
        from iite.core.registry import register_demo_loader

        from . import (
            community,
            competitions,
            events,
            learning,
            library,
            observatory,
            programme,
            readiness,
            wellbeing,
        )

        # Before the other demo loaders: the monitoring workplan links these activities
        # by code, and a second run must find nothing left to link.
        register_demo_loader("programme", programme.load, order=10)
        register_demo_loader("events", events.load, order=11)
        register_demo_loader("learning", learning.load, order=12)
        register_demo_loader("wellbeing", wellbeing.load, order=13)
        register_demo_loader("readiness", readiness.load, order=30)
        register_demo_loader("observatory", observatory.load)
        register_demo_loader("community", community.load, order=31)
        register_demo_loader("library", library.load, order=13)
        register_demo_loader("competitions", competitions.load, order=13)
