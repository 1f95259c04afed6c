from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Consent, User


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    can_delete = False
    readonly_fields = ("purpose", "version", "language", "given_at", "withdrawn_at")

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Administrators give staff roles here (Groups); passwords are never shown."""

    list_display = ("email", "name", "country", "role", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "groups", "role", "sex")
    search_fields = ("email", "name", "institution")
    ordering = ("email",)
    readonly_fields = ("person_key", "date_joined", "last_login")
    filter_horizontal = ("groups",)
    inlines = [ConsentInline]
    fieldsets = (
        (None, {"fields": ("email", "name", "person_key")}),
        (
            _("Profile"),
            {"fields": ("country", "sex", "age_band", "role", "institution", "languages")},
        ),
        (_("Staff roles"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("Dates"), {"fields": ("date_joined", "last_login")}),
    )
