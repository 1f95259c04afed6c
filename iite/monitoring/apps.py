from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "iite.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_demo_loader,
            register_nav,
            register_personal_data,
            register_reference_loader,
        )
        from iite.partners.models import Partner
        from iite.programme.models import Activity, AggregateParticipation, Participation

        from . import indicators, loaders, models, permissions, selectors

        register_nav(NavItem(_("Results"), "monitoring:summary", order=60))
        register_nav(
            NavItem(
                _("Results dashboard"),
                "monitoring:staff_dashboard",
                order=60,
                audience="monitoring.view_results_dashboard",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Workplans"),
                "monitoring:workplan_list",
                order=61,
                audience="monitoring.view_results_dashboard",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Risks"),
                "monitoring:risk_list",
                order=62,
                audience="monitoring.view_results_dashboard",
                section="staff",
            )
        )
        permissions.register()
        for model in (
            models.ReportedValue,
            models.Workplan,
            models.WorkplanItem,
            models.WorkplanReview,
            models.Risk,
            models.MitigationAction,
            models.RiskReview,
        ):
            track(model)
        register_personal_data(PersonalDataHandler("monitoring", selectors.personal_data))
        register_reference_loader("monitoring: risks of VII.3", loaders.load_risks)
        register_demo_loader(
            "monitoring: 2026 workplan, reviews, reported values", loaders.load_demo
        )

        # The indicators' cache is stamped by newest ids and edit times; these signals
        # also catch flag changes and deletions the stamp cannot see. weak=False: the
        # receiver is a local function, which a weak reference would let die at once.
        def _invalidate(**_kwargs: object) -> None:
            indicators.invalidate()

        for sender in (
            Participation,
            AggregateParticipation,
            Activity,
            Partner,
            models.ReportedValue,
        ):
            post_save.connect(
                _invalidate,
                sender=sender,
                weak=False,
                dispatch_uid=f"monitoring-{sender.__name__}-save",
            )
            post_delete.connect(
                _invalidate,
                sender=sender,
                weak=False,
                dispatch_uid=f"monitoring-{sender.__name__}-delete",
            )
        for relation in (
            "pillars",
            "objectives",
            "priorities",
            "target_countries",
            "target_groups",
            "partners",
        ):
            through = getattr(Activity, relation).through
            m2m_changed.connect(
                _invalidate, sender=through, weak=False, dispatch_uid=f"monitoring-m2m-{relation}"
            )
        m2m_changed.connect(
            _invalidate,
            sender=AggregateParticipation.countries.through,
            dispatch_uid="monitoring-m2m-aggregate-countries",
        )
