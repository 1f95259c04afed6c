"""Agreements with partners, their documents and the renewal reminders sent for them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .partners import Partner


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    CONTRIBUTION = "contribution", _("Contribution agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")


#: Statuses in which an agreement binds both sides.
IN_FORCE = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


class Agreement(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference number"), max_length=80, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty if open-ended.")
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible staff member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partner_agreements",
        help_text=_("Receives the renewal reminders."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="agreement_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if self.status in (*IN_FORCE, AgreementStatus.EXPIRED) and not self.signed_on:
            errors["signed_on"] = _("A signed, active or expired agreement needs its signing date.")
        if self.status in IN_FORCE and not self.start_date:
            errors["start_date"] = _("A signed or active agreement needs its start date.")
        if errors:
            raise ValidationError(errors)

    def covers(self, day: datetime.date) -> bool:
        """Whether `day` falls inside the agreement's period (open ends are unbounded)."""
        if self.start_date and day < self.start_date:
            return False
        return not (self.end_date and day > self.end_date)

    def period_label(self) -> str:
        start = self.start_date.isoformat() if self.start_date else "…"
        end = self.end_date.isoformat() if self.end_date else "…"
        return f"{start} – {end}"


def agreement_document_path(instance: AgreementDocument, filename: str) -> str:
    return f"partners/agreements/{instance.agreement_id}/{filename}"


class AgreementDocument(models.Model):
    """A signed copy or annex. Served only through a permission-checked view."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=agreement_document_path, max_length=300)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("agreement document")

    def __str__(self) -> str:
        return self.title


class AgreementReminder(models.Model):
    """One renewal reminder sent for one end date and threshold (so it is sent once)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    end_date = models.DateField()
    recipient = models.EmailField(blank=True)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-enqueued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "days_before", "end_date"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.days_before}d before {self.end_date}"
