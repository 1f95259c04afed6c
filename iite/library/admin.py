from django.contrib import admin

from .models import Contributor, NewsItem, PracticeSubmission, Publication, PublicationFile, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("slug", "name")


class ContributorInline(admin.TabularInline):
    model = Contributor
    extra = 0


class FileInline(admin.TabularInline):
    model = PublicationFile
    extra = 0
    fields = ("language", "file", "isbn", "page_count", "size")
    # Files are added through the staff pages, which extract and index their text.
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    """Read-mostly: writes go through the library's staff pages and services, which keep
    the publication's Activity in step."""

    list_display = ("slug", "kind", "status", "date_published", "licence")
    list_filter = ("kind", "status", "licence")
    search_fields = ("slug", "doi")
    inlines = [ContributorInline, FileInline]
    readonly_fields = ("activity", "status", "kind", "slug", "date_published")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(PracticeSubmission)
class PracticeSubmissionAdmin(admin.ModelAdmin):
    """Read only: moderation goes through the queue at /library/manage/practices/, which
    tells the author and publishes an accepted practice through the library's services."""

    list_display = ("title", "status", "language", "country", "origin", "created_at")
    list_filter = ("status", "language", "origin")
    search_fields = ("title",)
    readonly_fields = [field.name for field in PracticeSubmission._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


# --- News and reach ---------------------------------------------------------------------


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    """Read-mostly: news are written and published on the library's staff pages."""

    list_display = ("slug", "status", "published_at")
    list_filter = ("status",)
    search_fields = ("slug",)
    # The image is checked and re-encoded on the staff pages only; activities by their id
    # (a select of every activity would be unbounded).
    readonly_fields = (
        "status",
        "published_at",
        "image",
        "image_type",
        "image_width",
        "image_height",
        "image_size",
    )
    raw_id_fields = ("activities",)
