"""The reach shown on a publication's pages: an aggregate in public, the months to staff."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from iite.reference.models import Country

from .. import reach
from ..models import Publication

register = template.Library()
COUNTRIES_SHOWN = 20


@register.inclusion_tag("library/reach/_public.html")
def reach_public(publication: Publication) -> dict[str, Any]:
    """Files downloaded this year: a public figure, an aggregate of every reader."""
    return {"downloads": reach.downloads_this_year(publication), "year": timezone.localdate().year}


@register.inclusion_tag("library/reach/_staff.html")
def reach_staff(publication: Publication) -> dict[str, Any]:
    """The last twelve months per language version, the year's countries, the report."""
    year = timezone.localdate().year
    countries = reach.reach_by_country(publication, year=year)[:COUNTRIES_SHOWN]
    names = {
        country.iso2: country.name
        for country in Country.objects.filter(iso2__in=[code for code, *_ in countries if code])
    }
    return {
        "publication": publication,
        "months": reach.reach_by_month(publication),
        "countries": [(names.get(code, code), *figures) for code, *figures in countries],
        "totals": reach.reach_totals(publication),
        "year": year,
    }
