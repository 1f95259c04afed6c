from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "iite.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.backup import register_backup_check
        from iite.core.records import records_changed
        from iite.core.registry import (
            NavItem,
            PersonalDataHandler,
            register_demo_loader,
            register_nav,
            register_personal_data,
            register_reference_loader,
        )
        from iite.partners.selectors import register_workplan_cost_reader
        from iite.programme.placement import WorkplanSource, register_workplan_source

        from . import loaders, models, permissions, selectors, services

        register_nav(NavItem(_("Results"), "monitoring:summary", order=60))
        register_backup_check("indicators", services.indicators_digest)
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
        # The resources page's needs include the workplan's planned cost (read at call time).
        register_workplan_cost_reader(lambda year: selectors.workplan_planned_cost(year=year))
        # Event and course forms place their activity on a workplan item through the
        # programme's hook: events and learning sit below monitoring and cannot import it.
        register_workplan_source(
            WorkplanSource(
                choices=selectors.workplan_items_open,
                link=services.workplan_item_activity_link,
            )
        )
        for model in (
            models.ReportedValue,
            models.Workplan,
            models.WorkplanItem,
            models.WorkplanReview,
            models.WorkplanRevision,
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

        # The one invalidation of the figures and the public results page: every write of
        # a record the indicators count sends `records_changed` once it commits.
        records_changed.connect(
            services.indicators_invalidate, dispatch_uid="monitoring-indicators-invalidate"
        )
        # The dimensions' labels, cached per language, follow the reference data they name.
        for label_model in selectors.LABEL_MODELS:
            for signal in (post_save, post_delete):
                signal.connect(
                    selectors.dimension_labels_invalidate,
                    sender=label_model,
                    dispatch_uid=f"monitoring-labels-{signal is post_save}-{label_model.__name__}",
                )
