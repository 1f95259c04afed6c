"""Open data API for the reference tables, mounted at /api/countries/."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict

from . import selectors
from .models import Country, PriorityRegion

router = Router(tags=["Member States"])

RegionCode = Literal[
    "africa", "arab_states", "asia_pacific", "europe_north_america", "latin_america_caribbean"
]
GroupCode = Literal["I", "II", "III", "IV", "Va", "Vb"]
StatusCode = Literal["member", "associate"]


class CountryOut(Schema):
    iso2: str
    iso3: str
    m49: str
    name: dict[str, str]
    status: str
    unesco_region: str
    electoral_group: str | None
    m49_region: str
    m49_subregion: str
    m49_intermediate_region: str
    sids: bool
    ldc: bool
    lldc: bool
    priority_regions: list[str]


class PriorityRegionOut(Schema):
    code: str
    tier: str
    name: dict[str, str]
    member_states: list[str]
    associate_members: list[str]


class CountryFilters(Schema):
    """Every filter is optional; an unknown value is refused with 400."""

    model_config = ConfigDict(extra="forbid")

    region: RegionCode | None = None
    electoral_group: GroupCode | None = None
    priority_region: str | None = None
    status: StatusCode | None = None
    sids: bool | None = None
    ldc: bool | None = None
    lldc: bool | None = None


def _country_out(country: Country) -> dict:
    return {
        "iso2": country.iso2,
        "iso3": country.iso3,
        "m49": country.m49_code,
        "name": dict(country.name),
        "status": country.status,
        "unesco_region": country.unesco_region,
        "electoral_group": country.electoral_group or None,
        "m49_region": country.m49_region,
        "m49_subregion": country.m49_subregion,
        "m49_intermediate_region": country.m49_intermediate_region,
        "sids": country.is_sids,
        "ldc": country.is_ldc,
        "lldc": country.is_lldc,
        "priority_regions": [region.code for region in country.priority_regions.all()],
    }


@router.get("/", response=list[CountryOut], summary="Member States and Associate Members")
def country_list(request: HttpRequest, filters: Query[CountryFilters]) -> list[dict]:
    """Countries ordered by ISO code, filtered by UNESCO region, electoral group, priority
    region, status and the SIDS/LDC/LLDC flags. Names are given in the six UN languages."""
    if filters.priority_region and filters.priority_region not in selectors.priority_region_codes():
        raise HttpError(400, f"Unknown priority_region {filters.priority_region!r}.")
    countries = selectors.countries(**filters.dict())
    return [_country_out(country) for country in countries.order_by("iso2")]


@router.get(
    "/priority-regions",
    response=list[PriorityRegionOut],
    summary="The strategy's priority and expansion regions",
)
def priority_region_list(request: HttpRequest) -> list[dict]:
    """The five regions of the strategy (III.3) with the ISO codes of their countries."""
    regions = PriorityRegion.objects.order_by("order").prefetch_related("countries")
    return [
        {
            "code": region.code,
            "tier": region.tier,
            "name": dict(region.name),
            "member_states": sorted(c.iso2 for c in region.countries.all() if c.status == "member"),
            "associate_members": sorted(
                c.iso2 for c in region.countries.all() if c.status == "associate"
            ),
        }
        for region in regions
    ]


@router.get("/{iso2}", response=CountryOut, summary="One country by ISO 3166-1 alpha-2 code")
def country_detail(request: HttpRequest, iso2: str) -> dict:
    country = selectors.country_by_iso2(iso2) if len(iso2) == 2 else None
    if country is None:
        raise HttpError(404, f"No Member State or Associate Member with ISO code {iso2!r}.")
    return _country_out(country)
