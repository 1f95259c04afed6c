"""Writes to the results framework (staff edits through the web interface)."""

from __future__ import annotations

from django import forms
from django.db import models, transaction

from .models import StrategyPeriod


@transaction.atomic
def framework_item_save(*, form: forms.ModelForm) -> models.Model:
    """Save a validated item form with its links; the audit trail records the change."""
    instance = form.save()
    return instance


@transaction.atomic
def period_save(*, form: forms.ModelForm) -> StrategyPeriod:
    """Save a period; only one period is current at a time."""
    period: StrategyPeriod = form.save()
    if period.is_current:
        for other in StrategyPeriod.objects.exclude(pk=period.pk).filter(is_current=True):
            other.is_current = False
            other.save(update_fields=["is_current"])
    return period
