"""The assistant in the results framework, without identifying anyone.

The assistant is a learning resource of the Learning Platform on Health and Well-being:
one Activity (kind learning_resource, part of the platform's Activity, in its unit,
initiative and pillars), which key indicator 4 counts among the "platforms, courses and
learning resources available". Its use is recorded once a month, for each complete
month, as an aggregate participation record on that Activity: the number of anonymous
conversations, with the month named in the record's evidence, so a figure leads back to
the record and the record to the assistant's daily counts (`UsageCount`). A
conversation is not a person (nobody is identified, so nobody can be counted once):
the record says so, and its sex split is "not stated".

Every write goes through `programme.services`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iite.programme.models import Activity, ActivityKind, ActivityStatus, AggregateParticipation
from iite.programme.services import activity_for_delivery_save, aggregate_participation_create
from iite.strategy.selectors import period_current

from .models import LANGUAGE_CODES, UsageCount

ACTIVITY_CODE = "wellbeing-assistant"
# The strategy's initiative of the Learning Platform on Health and Well-being.
PLATFORM_INITIATIVE = "P3-HEALTH"
EVIDENCE = "wellbeing-usage:{month:%Y-%m}"
# How far back a first recording reaches, so one run stays bounded.
MONTHS_BACK = 24


def _title() -> dict[str, str]:
    titles = {}
    for code in ("en", "fr", "es", "ar", "ru", "zh-hans"):
        with translation.override(code):
            titles[code] = _("Youth well-being assistant")
    return titles


def platform_activity() -> Activity | None:
    """The Health and Well-being platform's Activity in the current strategy period."""
    period = period_current()
    if period is None:
        return None
    return (
        Activity.objects.filter(
            period=period, kind=ActivityKind.PLATFORM, initiative__code=PLATFORM_INITIATIVE
        )
        .select_related("unit", "initiative")
        .order_by("pk")
        .first()
    )


def is_platform_activity(activity_id: Any) -> bool:
    """Whether this Activity is the Health and Well-being platform's (by its initiative)."""
    return Activity.objects.filter(
        pk=activity_id, kind=ActivityKind.PLATFORM, initiative__code=PLATFORM_INITIATIVE
    ).exists()


def assistant_activity() -> Activity | None:
    return Activity.objects.filter(code=ACTIVITY_CODE).first()


@transaction.atomic
def assistant_activity_ensure(*, by: Any = None) -> Activity | None:
    """The assistant's Activity, created under the platform's the first time.

    None when it cannot be placed yet: no strategy period, or neither the platform's
    Activity nor a unit of `by` to put it in.
    """
    existing = assistant_activity()
    if existing is not None:
        return existing
    period = period_current()
    if period is None:
        return None
    platform = platform_activity()
    if platform is None and by is None:
        return None
    values: dict[str, Any] = {
        "title": _title(),
        "modality": "online",
        "languages": LANGUAGE_CODES,
        "is_public": True,
        "status": ActivityStatus.ONGOING,
    }
    additions: dict[str, Any] = {}
    if platform is not None:
        values["parent"] = platform
        values["initiative"] = platform.initiative
        additions = {
            "pillars": list(platform.pillars.all()),
            "target_groups": list(platform.target_groups.all()),
        }
    return activity_for_delivery_save(
        code=ACTIVITY_CODE,
        kind=ActivityKind.LEARNING_RESOURCE,
        period=period,
        created_by=by,
        unit=platform.unit if platform is not None else None,
        values=values,
        additions=additions,
    )


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1)


@transaction.atomic
def usage_months_record(*, by: Any = None, today: datetime.date | None = None) -> int:
    """Record each complete month's anonymous conversations not yet recorded; returns how
    many months were recorded (none when the assistant's Activity cannot be placed)."""
    activity = assistant_activity_ensure(by=by)
    if activity is None:
        return 0
    this_month = _month_start(today or timezone.localdate())
    earliest = this_month
    for _step in range(MONTHS_BACK):
        earliest = _month_start(earliest - datetime.timedelta(days=1))
    recorded = set(
        AggregateParticipation.objects.filter(
            activity=activity, evidence__startswith="wellbeing-usage:"
        ).values_list("evidence", flat=True)
    )
    totals: dict[datetime.date, int] = {}
    for row in (
        UsageCount.objects.filter(measure="conversations", day__gte=earliest, day__lt=this_month)
        .values("day")
        .annotate(total=Sum("count"))
    ):
        month = _month_start(row["day"])
        totals[month] = totals.get(month, 0) + int(row["total"] or 0)
    created = 0
    for month, total in sorted(totals.items()):
        evidence = EVIDENCE.format(month=month)
        if evidence in recorded or total <= 0:
            continue
        aggregate_participation_create(
            activity=activity,
            total=total,
            not_stated=total,
            evidence=evidence,
            notes=_(
                "Anonymous conversations with the well-being assistant from %(start)s to "
                "%(end)s, from its daily counts. A conversation is not a person: nobody is "
                "identified."
            )
            % {"start": month, "end": _next_month(month) - datetime.timedelta(days=1)},
            entered_by=by,
        )
        created += 1
    return created


def usage_recorded() -> list[AggregateParticipation]:
    """The monthly records of the assistant's use, newest first (for the statistics page)."""
    activity = assistant_activity()
    if activity is None:
        return []
    return list(
        AggregateParticipation.objects.filter(
            activity=activity, evidence__startswith="wellbeing-usage:"
        ).order_by("-evidence")[:MONTHS_BACK]
    )
