from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CONTENT_MODELS = (
    "course",
    "module",
    "lesson",
    "lessoncaption",
    "lessonresource",
    "quiz",
    "question",
    "choice",
)


def _perms(actions: tuple[str, ...], models: tuple[str, ...]) -> list[str]:
    return [f"learning.{action}_{model}" for action in actions for model in models]


class LearningConfig(AppConfig):
    name = "iite.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.records import records_changed
        from iite.core.registry import (
            ActivityDelivery,
            NavItem,
            PersonalDataHandler,
            register_activity_delivery,
            register_nav,
            register_personal_data,
            register_role_permissions,
        )
        from iite.credentials.batching import BatchProvider, register_batch_provider

        from . import models, selectors
        from .caching import catalogue_cache_clear
        from .personal_data import erase_learner_data, export_learner_data

        register_nav(NavItem(_("Learning"), "learning:catalogue", order=40))
        register_activity_delivery(
            ActivityDelivery("learning", _("Course"), selectors.courses_published)
        )
        register_nav(NavItem(_("My learning"), "learning:my", order=41, audience="user"))
        register_nav(
            NavItem(
                _("Course studio"),
                "learning:studio",
                order=40,
                audience="learning.change_course",
                section="staff",
            )
        )
        register_nav(
            NavItem(
                _("Course reviews"),
                "learning:studio_reviews",
                order=41,
                audience="learning.publish_course",
                section="staff",
            )
        )
        editing = [
            *_perms(("add", "change", "delete", "view"), CONTENT_MODELS[1:]),
            *("learning.add_course", "learning.change_course", "learning.view_course"),
            "learning.view_platform",
        ]
        register_role_permissions("Content editor", editing)
        register_role_permissions(
            "Reviewer/Judge",
            ["learning.publish_course", *_perms(("view",), (*CONTENT_MODELS, "platform"))],
        )
        register_role_permissions(
            "Programme officer",
            [
                *editing,
                "learning.publish_course",
                "learning.add_platform",
                "learning.change_platform",
            ],
        )
        register_role_permissions(
            "Administrator",
            [
                *_perms(("add", "change", "delete", "view"), (*CONTENT_MODELS, "platform")),
                "learning.publish_course",
            ],
        )
        for model in (
            models.Platform,
            models.Course,
            models.Module,
            models.Lesson,
            models.LessonCaption,
            models.LessonResource,
            models.Quiz,
            models.Question,
            models.Choice,
        ):
            track(model)
        # Course and platform changes commit through the services, which send this.
        records_changed.connect(catalogue_cache_clear, dispatch_uid="learning-catalogue-clear")
        register_batch_provider(
            BatchProvider(
                "course",
                selectors.credential_batch_sources,
                selectors.credential_qualifies,
                order=10,
            )
        )
        register_personal_data(
            PersonalDataHandler("learning", export_learner_data, erase_learner_data)
        )
