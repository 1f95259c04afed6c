"""Reach without surveillance: views and downloads counted the way COUNTER does.

The COUNTER Code of Practice (Release 5) defines what a library reports and what it
leaves out, and we follow its rules with no personal data kept:

- **Metrics.** A view of a publication's landing page is an *investigation*; a download
  of one of its files is a *request* and an investigation too (Total_Item_Investigations,
  Total_Item_Requests). The *unique* metrics count a reader once per publication within
  the session-less window COUNTER gives (the same reader in the same hour), so a reader
  who opens the page, then downloads two language versions makes one
  Unique_Item_Investigation and one Unique_Item_Request.
- **Double-clicks.** The same reader asking for the same thing again within 30 seconds is
  counted once.
- **Robots.** A request whose User-Agent matches one of the patterns of
  `reach_robots.txt` (crawlers, harvesters, monitors, HTTP libraries), or that sends
  none, is not counted; staff looking at their own library are not counted either.
- **Nothing personal stored.** A reader is recognised only by a hash of their address
  and User-Agent salted with a random value that changes every day; the hash and the
  salt live in the cache, for at most an hour, and never in the database. The database
  holds counts per publication, month, file language and country: the country comes from
  the signed-in reader's profile, otherwise from the header a proxy sets
  (`LIBRARY_REACH_COUNTRY_HEADER`, `X-Country-Code` by default), otherwise unknown.

Counting is cheap and bounded: a few cache operations and one UPDATE with F()
expressions on the month's row (an INSERT the first time in a month). The writes use
`update()` and `bulk_create()`, which send no model signal, so a count does not make
every public page be rendered again. The pages counted say they may not be kept by a
shared cache (`uncached`), or the proxy would answer most views without the app.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, QuerySet, Sum
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control

from iite.reference.models import Country

from .models import Publication, PublicationReach, PublicationStatus
from .permissions import can_manage

ROBOTS_FILE = Path(__file__).with_name("reach_robots.txt")
DOUBLE_CLICK_SECONDS = 30
UNIQUE_WINDOW_SECONDS = 3600
SALT_SECONDS = 2 * 24 * 3600
USER_AGENT_MAX = 500
INVESTIGATION = "investigation"
REQUEST = "request"
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Codes a geolocation proxy sends for "no country" (Cloudflare's XX and T1 for Tor).
_NO_COUNTRY = frozenset({"XX", "T1", "ZZ", "EU", "AP"})


@functools.cache
def robots_pattern() -> re.Pattern[str]:
    """One case-insensitive pattern of every line of `reach_robots.txt` (comments skipped)."""
    lines = [
        line.strip()
        for line in ROBOTS_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    return re.compile("|".join(f"(?:{line})" for line in lines), re.IGNORECASE)


def is_robot(user_agent: str) -> bool:
    """Whether a User-Agent is a robot's (or missing), as COUNTER's list says."""
    if not user_agent.strip():
        return True
    return bool(robots_pattern().search(user_agent[:USER_AGENT_MAX]))


def _daily_salt(today: datetime.date) -> str:
    key = f"library:reach:salt:{today.isoformat()}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(16), SALT_SECONDS)
        salt = cache.get(key) or ""
    return str(salt)


def reader_hash(request: HttpRequest, now: datetime.datetime) -> str:
    """The reader for de-duplication only: address and User-Agent, hashed with today's salt."""
    address = str(request.META.get("REMOTE_ADDR") or "")
    agent = str(request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_MAX]
    salt = _daily_salt(now.date())
    return hashlib.sha256(f"{salt}\n{address}\n{agent}".encode()).hexdigest()[:32]


def reader_country(request: HttpRequest) -> str:
    """The reader's country: their profile's, else the proxy's header, else "" (unknown)."""
    user: Any = getattr(request, "user", None)
    signed_in = getattr(user, "is_authenticated", False)
    country_id = getattr(user, "country_id", None) if signed_in else None
    if country_id:
        code = Country.objects.filter(pk=country_id).values_list("iso2", flat=True).first()
        if code:
            return str(code).upper()
    header = getattr(settings, "LIBRARY_REACH_COUNTRY_HEADER", "HTTP_X_COUNTRY_CODE")
    value = str(request.META.get(header, "")).strip().upper()
    if _COUNTRY.match(value) and value not in _NO_COUNTRY:
        return value
    return ""


def _first_time(key: str, seconds: int) -> bool:
    return bool(cache.add(key, 1, seconds))


def reach_count(
    *,
    request: HttpRequest,
    publication: Publication,
    language: str = "",
    now: datetime.datetime | None = None,
) -> bool:
    """Count a view of the landing page (`language` empty) or a download of the file in
    `language`; returns whether it counted. Robots, staff, publications that are not
    published and double-clicks are not counted."""
    if publication.status != PublicationStatus.PUBLISHED or request.method != "GET":
        return False
    if is_robot(str(request.META.get("HTTP_USER_AGENT") or "")):
        return False
    if can_manage(getattr(request, "user", None) or _Anonymous()):
        return False
    now = now or timezone.now()
    reader = reader_hash(request, now)
    item = f"{publication.pk}:{language}"
    if not _first_time(f"library:reach:click:{reader}:{item}", DOUBLE_CLICK_SECONDS):
        return False
    hour = now.strftime("%Y%m%d%H")
    unique_investigation = _first_time(
        f"library:reach:ui:{reader}:{publication.pk}:{hour}", UNIQUE_WINDOW_SECONDS
    )
    is_request = bool(language)
    unique_request = is_request and _first_time(
        f"library:reach:ur:{reader}:{publication.pk}:{hour}", UNIQUE_WINDOW_SECONDS
    )
    reach_add(
        publication_id=publication.pk,
        month=now.date().replace(day=1),
        language=language,
        country=reader_country(request),
        total_investigations=1,
        unique_investigations=int(unique_investigation),
        total_requests=int(is_request),
        unique_requests=int(unique_request),
    )
    return True


class _Anonymous:
    is_authenticated = False


def reach_add(
    *, publication_id: int, month: datetime.date, language: str, country: str, **counts: int
) -> None:
    """Add `counts` to the row of (publication, month, language, country) with F():
    one UPDATE, and an INSERT first when the month's row does not exist yet."""
    row = PublicationReach.objects.filter(
        publication_id=publication_id, month=month, language=language, country=country
    )
    increments = {name: F(name) + value for name, value in counts.items() if value}
    if row.update(**increments):
        return
    PublicationReach.objects.bulk_create(
        [
            PublicationReach(
                publication_id=publication_id, month=month, language=language, country=country
            )
        ],
        ignore_conflicts=True,
    )
    row.update(**increments)


def uncached(response: HttpResponseBase, *, max_age: int = 0) -> HttpResponseBase:
    """The response may be kept by the reader's browser only, so the app sees every view."""
    patch_cache_control(response, private=True, max_age=max_age)
    return response


# --- Reading the counts -------------------------------------------------------------------


@dataclass(frozen=True)
class ReachTotals:
    investigations: int = 0
    unique_investigations: int = 0
    requests: int = 0
    unique_requests: int = 0


REACH_SUMS = {
    "investigations": Sum("total_investigations"),
    "unique_investigations": Sum("unique_investigations"),
    "requests": Sum("total_requests"),
    "unique_requests": Sum("unique_requests"),
}


def _totals(rows: QuerySet[PublicationReach]) -> ReachTotals:
    sums = rows.aggregate(**REACH_SUMS)
    return ReachTotals(**{name: int(value or 0) for name, value in sums.items()})


def reach_totals(
    publication: Publication,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> ReachTotals:
    """A publication's counts over the months from `start` to `end` (inclusive)."""
    rows = PublicationReach.objects.filter(publication=publication)
    if start:
        rows = rows.filter(month__gte=start.replace(day=1))
    if end:
        rows = rows.filter(month__lte=end)
    return _totals(rows)


def downloads_this_year(publication: Publication, today: datetime.date | None = None) -> int:
    """The figure the public landing page shows: files downloaded since 1 January."""
    today = today or timezone.localdate()
    return reach_totals(publication, start=today.replace(month=1, day=1)).requests


@dataclass(frozen=True)
class ReachRow:
    month: datetime.date
    language: str
    investigations: int
    unique_investigations: int
    requests: int
    unique_requests: int


def reach_by_month(publication: Publication, *, months: int = 12) -> list[ReachRow]:
    """The last `months` months of a publication, per month and language (newest first)."""
    today = timezone.localdate()
    start = _months_before(today.replace(day=1), months - 1)
    rows = (
        PublicationReach.objects.filter(publication=publication, month__gte=start)
        .values("month", "language")
        .annotate(
            investigations=Sum("total_investigations"),
            unique_investigations=Sum("unique_investigations"),
            requests=Sum("total_requests"),
            unique_requests=Sum("unique_requests"),
        )
        .order_by("-month", "language")
    )
    return [
        ReachRow(
            month=row["month"],
            language=row["language"],
            investigations=int(row["investigations"] or 0),
            unique_investigations=int(row["unique_investigations"] or 0),
            requests=int(row["requests"] or 0),
            unique_requests=int(row["unique_requests"] or 0),
        )
        for row in rows
    ]


def reach_by_country(publication: Publication, *, year: int) -> list[tuple[str, int, int]]:
    """(country code or "", investigations, requests) of one year, most used first."""
    rows = (
        PublicationReach.objects.filter(publication=publication, month__year=year)
        .values("country")
        .annotate(investigations=Sum("total_investigations"), requests=Sum("total_requests"))
        .order_by("-investigations", "country")
    )
    return [
        (row["country"], int(row["investigations"] or 0), int(row["requests"] or 0)) for row in rows
    ]


def _months_before(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 - count
    return datetime.date(index // 12, index % 12 + 1, 1)
