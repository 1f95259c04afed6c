from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

RECORDS = ("tool", "toolmention", "toolpublication", "biasaudit", "environmentalfigure", "evidence")


class ObservatoryConfig(AppConfig):
    name = "iite.observatory"
    label = "observatory"
    verbose_name = _("AI in Education Observatory")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.registry import (
            NavItem,
            PageSection,
            PersonalDataHandler,
            register_nav,
            register_page_section,
            register_personal_data,
            register_reference_loader,
            register_role_permissions,
        )

        from . import models
        from .loaders import protocol_load_reference
        from .personal_data import erase_observatory_data, export_observatory_data
        from .selectors import publication_tools

        register_nav(NavItem(_("AI tools"), "observatory:catalogue", order=45, section="more"))
        register_nav(
            NavItem(
                _("Observatory work"),
                "observatory:work",
                order=45,
                audience="observatory.review_tool",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Observatory triage"),
                "observatory:work_triage",
                order=46,
                audience="observatory.triage_tool",
                section="staff",
            )
        )
        # A library publication's page lists the tools it discusses (the library sits below).
        register_page_section(
            PageSection(
                page="library.publication",
                name="observatory.tools",
                template="observatory/_publication_tools.html",
                data=publication_tools,
            )
        )
        register_reference_loader("observatory: assessment protocol", protocol_load_reference)
        register_role_permissions("Reviewer/Judge", ["observatory.review_tool"])
        staff = [
            "observatory.triage_tool",
            "observatory.assign_reviewers",
            "observatory.reconcile_assessment",
            "observatory.publish_assessment",
            *(f"observatory.{action}_{model}" for action in ("add", "change") for model in RECORDS),
        ]
        register_role_permissions("Programme officer", staff)
        register_role_permissions(
            "Administrator",
            [*staff, *(f"observatory.delete_{model}" for model in RECORDS)],
        )
        for model in (
            models.Tool,
            models.Assessment,
            models.PrincipleRating,
            models.BiasAudit,
            models.EnvironmentalFigure,
            models.Evidence,
            models.ToolPublication,
        ):
            track(model)
        register_personal_data(
            PersonalDataHandler("observatory", export_observatory_data, erase_observatory_data)
        )
