"""Counting the community: active members and contributions per platform and period.

Key indicator 4 counts people from Participation records (strategy VII.2), so a member
whose post is shown in a space of a platform is recorded, through `programme.services`,
as taking part in that platform's community of practice for the half-year: one Activity
per platform and half-year (code `community-<platform>-<year>h<half>`, a child of the
platform's own activity), so a half-year's figure counts the members active in it and a
year's counts each member once. `iite.monitoring.measures` counts these records in
"platforms.community". Contributions (posts shown) are counted from the posts
themselves for the platform's staff page; only aggregates leave this module.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from iite.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ParticipationRole,
    ParticipationSource,
)
from iite.programme.selectors import activity_list_staff
from iite.programme.services import activity_for_delivery_save, participation_record

from .models import Post, PostStatus, Space

ACTIVITY_CODE_PREFIX = "community-"


def _half_of(day: datetime.date) -> tuple[int, int, datetime.date, datetime.date]:
    if day.month <= 6:
        return day.year, 1, datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return day.year, 2, datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


def _platform_of(space: Space) -> Any:
    if space.platform_id:
        return space.platform
    if space.course_id:
        return space.course.platforms.order_by("order", "slug").first()  # type: ignore[union-attr]
    return None


def community_activity(platform: Any, day: datetime.date) -> Activity:
    """The Activity standing for the platform's community in the half-year of `day`."""
    year, half, start, end = _half_of(day)
    code = f"{ACTIVITY_CODE_PREFIX}{platform.slug}-{year}h{half}"[:80]
    found = activity_list_staff().filter(code=code).first()
    if found is not None:
        return found
    parent: Activity = platform.activity
    titles = {}
    for language, name in dict(platform.name).items():
        if language.startswith("_"):
            continue
        with translation.override(language):
            titles[language] = _("Community of practice of %(platform)s, %(year)s H%(half)s") % {
                "platform": name,
                "year": year,
                "half": half,
            }
    try:
        # A savepoint: two first posts of a half-year at once create the activity once.
        with transaction.atomic():
            return _activity_create(code, parent, titles, start, end)
    except IntegrityError:
        return activity_list_staff().get(code=code)


def _activity_create(
    code: str,
    parent: Activity,
    titles: dict[str, str],
    start: datetime.date,
    end: datetime.date,
) -> Activity:
    return activity_for_delivery_save(
        code=code,
        kind=ActivityKind.OTHER,
        period=parent.period,
        unit=parent.unit,
        values={
            "title": titles,
            "original_language": parent.original_language,
            "start_date": start,
            "end_date": end,
            "modality": "online",
            "is_public": False,
            "status": ActivityStatus.ONGOING,
            "parent": parent,
        },
    )


def contribution_record(post: Post) -> None:
    """Record the author of a post now shown as active in the platform's community."""
    if post.status != PostStatus.VISIBLE or post.author is None:
        return
    platform = _platform_of(post.thread.space)
    if platform is None:
        return
    activity = community_activity(platform, timezone.localdate(post.created_at))
    participation_record(
        activity=activity,
        person=post.author,
        role=ParticipationRole.PARTICIPANT,
        attended=True,
        source=ParticipationSource.COMMUNITY,
    )


@dataclass(frozen=True)
class PeriodFigures:
    label: str
    members: int
    contributions: int


def platform_engagement(platform: Any, today: datetime.date | None = None) -> list[PeriodFigures]:
    """Active members and contributions in the platform's spaces: this half-year, the
    previous one, and the last twelve months (aggregates only)."""
    today = today or timezone.localdate()
    year, half, start, end = _half_of(today)
    previous_start, previous_end = (
        (datetime.date(year - 1, 7, 1), datetime.date(year - 1, 12, 31))
        if half == 1
        else (datetime.date(year, 1, 1), datetime.date(year, 6, 30))
    )
    spaces = Space.objects.filter(
        Q(platform=platform) | Q(platform__isnull=True, course__platforms=platform)
    )
    posts = Post.objects.filter(status=PostStatus.VISIBLE, thread__space__in=spaces)
    windows = (
        (_("This half-year"), start, end),
        (_("Previous half-year"), previous_start, previous_end),
        (_("Last twelve months"), today - datetime.timedelta(days=365), today),
    )
    figures = []
    for label, first, last in windows:
        counted = posts.filter(created_at__date__gte=first, created_at__date__lte=last).aggregate(
            members=Count("author", distinct=True), contributions=Count("pk")
        )
        figures.append(PeriodFigures(label, counted["members"], counted["contributions"]))
    return figures
