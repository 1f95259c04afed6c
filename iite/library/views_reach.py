"""Staff pages of the library's reach: the year's figures per publication and the report."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from iite.core.exports import tables_response

from . import reach_report, selectors
from .models import Publication, PublicationReach
from .permissions import can_manage
from .views_manage import staff_view

LIST_MAX = 200
FIRST_YEAR = 2000


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    text = request.GET.get("year", "")
    if text.isdigit() and FIRST_YEAR <= int(text) <= this_year:
        return int(text)
    return this_year


@staff_view
@require_GET
def reach_overview(request: HttpRequest) -> HttpResponse:
    """Views and downloads of the year, per publication, most used first."""
    year = _year(request)
    sums = (
        PublicationReach.objects.filter(month__year=year)
        .values("publication_id")
        .annotate(
            investigations=Sum("total_investigations"),
            unique_investigations=Sum("unique_investigations"),
            requests=Sum("total_requests"),
            unique_requests=Sum("unique_requests"),
        )
        .order_by("-investigations", "publication_id")[:LIST_MAX]
    )
    rows: list[dict[str, Any]] = [dict(row) for row in sums]
    titles = Publication.objects.only("pk", "slug", "title", "original_language").in_bulk(
        [row["publication_id"] for row in rows]
    )
    for row in rows:
        row["publication"] = titles.get(row["publication_id"])
    years = list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))[:10]
    return render(
        request,
        "library/reach/overview.html",
        {"rows": [row for row in rows if row["publication"]], "year": year, "years": years},
    )


@login_required
@require_GET
def reach_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The COUNTER-style item report of a year (of one publication with ?publication=)."""
    if not can_manage(request.user):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    year = _year(request)
    publication = None
    if slug := request.GET.get("publication", ""):
        publication = selectors.publication_staff(slug)
        if publication is None:
            raise Http404
    base_url = f"{request.scheme}://{request.get_host()}"
    sheets = [
        reach_report.report_header(year, base_url=base_url),
        reach_report.report_items(year, base_url=base_url, publication=publication),
    ]
    name = f"library-reach-{year}" + (f"-{publication.slug}" if publication else "")
    return tables_response(fmt=fmt, filename=name, sheets=sheets, stream=True)
