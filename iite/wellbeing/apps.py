from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "iite.wellbeing"
    label = "wellbeing"
    verbose_name = _("Well-being assistant")

    def ready(self) -> None:
        from iite.core.registry import (
            NavItem,
            PageSection,
            PersonalDataHandler,
            register_nav,
            register_page_section,
            register_personal_data,
            register_role_permissions,
        )

        from .personal_data import export_counsellor_data
        from .platform_page import TEMPLATE, platform_assistant

        register_personal_data(PersonalDataHandler("wellbeing", export_counsellor_data))
        register_page_section(
            PageSection(
                "learning.platform", "wellbeing-assistant", TEMPLATE, platform_assistant, order=10
            )
        )

        register_nav(NavItem(_("Well-being"), "wellbeing:assistant", order=45))
        register_nav(
            NavItem(
                _("Counselling queue"),
                "wellbeing:queue",
                order=45,
                audience="wellbeing.counsel_conversation",
                section="staff",
            )
        )
        for label, url_name, order, audience in (
            (_("Answer bank"), "wellbeing:staff_answers", 46, "wellbeing.view_answer"),
            (_("Answer reviews due"), "wellbeing:staff_reviews", 46, "wellbeing.review_answer"),
            (_("Helplines"), "wellbeing:staff_helplines", 47, "wellbeing.view_helpline"),
            (_("Assistant usage"), "wellbeing:statistics", 47, "wellbeing.view_usagecount"),
        ):
            register_nav(NavItem(label, url_name, order=order, audience=audience, section="staff"))
        counselling = [
            "wellbeing.counsel_conversation",
            "wellbeing.view_conversation",
            "wellbeing.view_usagecount",
            "wellbeing.view_helpline",
        ]
        register_role_permissions("Counsellor", counselling)
        content = [f"wellbeing.{action}_answer" for action in ("add", "change", "view")] + [
            "wellbeing.view_helpline",
            "wellbeing.change_helpline",
            "wellbeing.add_helpline",
        ]
        register_role_permissions("Content editor", content)
        register_role_permissions(
            "Reviewer/Judge", ["wellbeing.review_answer", "wellbeing.view_answer"]
        )
        register_role_permissions(
            "Administrator",
            [
                *content,
                "wellbeing.delete_answer",
                "wellbeing.delete_helpline",
                "wellbeing.view_servicesettings",
                "wellbeing.change_servicesettings",
                "wellbeing.view_usagecount",
            ],
        )
