from django.contrib import admin

from .models import Area, Campaign, Framework, Statement


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "level", "is_current")


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("framework", "code", "order")


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ("area", "code", "optional")


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    # Counts and dates only: answers are read through the coordinator's report.
    list_display = ("institution", "country", "framework", "status", "opens_on", "closes_on")
    exclude = ("optional_statements",)
    readonly_fields = ("coordinator", "supported_activity")
