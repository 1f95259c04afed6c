from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "iite.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from iite.core.audit import track
        from iite.core.records import records_changed
        from iite.core.registry import (
            HomeSection,
            NavItem,
            register_home_section,
            register_nav,
            register_role_permissions,
        )

        from . import models
        from .caching import library_cache_clear
        from .permissions import ROLE_PERMISSIONS
        from .selectors import home_new_publications

        register_nav(NavItem(_("Library"), "library:catalogue", order=45))
        register_nav(
            NavItem(
                _("Manage the library"),
                "library:manage",
                order=45,
                audience="library.change_publication",
                section="staff",
            )
        )
        register_home_section(
            HomeSection("library", "library/home_section.html", home_new_publications, order=40)
        )
        for role, permissions in ROLE_PERMISSIONS.items():
            register_role_permissions(role, permissions)
        for model in (models.Theme, models.Publication, models.Contributor):
            track(model)
        track(models.PublicationFile, exclude_fields=["text"])
        records_changed.connect(library_cache_clear, dispatch_uid="library-cache-clear")

        # Best practices submitted by teachers and students, and their moderation.
        from iite.core.registry import PersonalDataHandler, register_personal_data

        from . import practices
        from .services import practice_submitter_erase

        register_nav(
            NavItem(
                _("My submitted practices"),
                "library:practice_mine",
                order=46,
                audience="user",
                section="more",
            )
        )
        register_nav(
            NavItem(
                _("Best-practice submissions"),
                "library:practice_queue",
                order=46,
                audience=practices.MODERATE,
                section="staff",
            )
        )
        for role, permissions in practices.ROLE_PERMISSIONS.items():
            register_role_permissions(role, permissions)
        register_personal_data(
            PersonalDataHandler("library", practices.export_practice_data, practice_submitter_erase)
        )
        track(models.PracticeSubmission)
        # News (news.py, views_news.py)
        from django.db.models.signals import post_delete

        from .news import home_news
        from .news_images import news_image_file_delete

        track(models.NewsItem)
        post_delete.connect(
            news_image_file_delete, sender=models.NewsItem, dispatch_uid="library-news-image"
        )
        register_home_section(
            HomeSection("library-news", "library/news/home_section.html", home_news, order=41)
        )
        # An event's or a course's page lists the news about its activity.
        from django.db.models.signals import post_save

        from iite.core.registry import PageSection, register_page_section

        from .news import news_about_activity, news_cache_clear

        for signal in (post_save, post_delete):
            signal.connect(news_cache_clear, sender=models.NewsItem, dispatch_uid="library-news")

        for page in ("events.event", "learning.course"):
            register_page_section(
                PageSection(
                    page, f"library-news-{page}", "library/news/page_section.html",
                    news_about_activity, order=50,
                )
            )  # fmt: skip
