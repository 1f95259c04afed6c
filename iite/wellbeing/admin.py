"""Staff editing of the answer bank, the helplines and the assistant's settings.

Saving an answer goes through `services.answer_save` (a new version needs a new review);
approval is an action only clinical reviewers can take, on answers they did not write.
Conversations are not here: counsellors read them in the queue, nobody browses them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Answer, Helpline, ServiceSettings
from .permissions import REVIEW

CONTENT_FIELDS = ("key", "topic", "language", "questions", "keywords", "body")


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ("key", "language", "topic", "version", "status", "reviewer", "review_due")
    list_filter = ("status", "topic", "language")
    search_fields = ("key", "questions", "body")
    readonly_fields = ("version", "status", "reviewer", "reviewed_by", "approved_at")
    fields = (*CONTENT_FIELDS, "author", "review_due", *readonly_fields)
    actions = ["approve_for_a_year", "withdraw"]

    def save_model(self, request: HttpRequest, obj: Answer, form: Any, change: bool) -> None:
        changed = change and any(name in form.changed_data for name in CONTENT_FIELDS)
        services.answer_save(answer=obj, changed_content=changed)

    @admin.action(
        description=_("Approve as clinical reviewer (review again in a year)"),
        permissions=["review"],
    )
    def approve_for_a_year(self, request: HttpRequest, queryset: QuerySet[Answer]) -> None:
        done = 0
        for answer in queryset:
            try:
                services.answer_approve(
                    answer=answer,
                    by=request.user,
                    review_due=timezone.localdate() + timedelta(days=365),
                )
                done += 1
            except (PermissionError, ValidationError):
                self.message_user(
                    request,
                    _("%(answer)s: you cannot approve an answer you wrote.") % {"answer": answer},
                    messages.ERROR,
                )
        self.message_user(
            request,
            ngettext("%(count)d answer approved.", "%(count)d answers approved.", done)
            % {"count": done},
        )

    @admin.action(description=_("Withdraw (stop serving)"), permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet[Answer]) -> None:
        queryset.update(status="withdrawn", updated_at=timezone.now())

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REVIEW)


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ("country", "name", "phone", "hours", "for_children", "active")
    list_filter = ("country", "for_children", "active")
    search_fields = ("name", "country")


@admin.register(ServiceSettings)
class ServiceSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "retention_days", "staffed_from", "staffed_until", "hours_time_zone")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ServiceSettings.objects.exists() and super().has_add_permission(request)
