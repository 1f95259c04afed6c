from django.contrib import admin

from .models import Space, WatchedWord


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "visibility", "youth", "platform", "course", "network")
    filter_horizontal = ("moderators",)
    exclude = ("members",)


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    list_display = ("word", "language", "action")
    list_filter = ("language", "action")
