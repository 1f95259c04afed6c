"""Partners API: the public list (published fields only) and the staff registry."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from iite.core.pagination import LazyPage, LimitOffset

from . import permissions as perms
from . import selectors
from .models import Agreement, Partner, PartnerType

router = Router(tags=["partners"])


class PublicPartnerOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    acronym: str
    kind: str
    sector: str
    relationship_level: str
    country: str | None
    unesco_region: str | None
    website: str | None
    description: str | None


def _public(data: dict[str, Any]) -> dict[str, Any]:
    country = data["country"]
    return {
        "slug": data["slug"],
        "name": str(data["name"]),
        "names": dict(data["name"]),
        "acronym": data["acronym"],
        "kind": data["kind"],
        "sector": data["sector"],
        "relationship_level": data["relationship_level"],
        "country": country.iso2 if country else None,
        "unesco_region": country.unesco_region if country else None,
        "website": data["website"] or None,
        "description": str(data["description"]) if data["description"] else None,
    }


def _listed(*, q: str = "", kind: str = "", region: str = "") -> LazyPage[dict[str, Any]]:
    """Listed partners, paged in the database, each with only what it agreed to publish."""
    filters = selectors.DirectoryFilters(q=q, kind=kind, region=region)
    return LazyPage(
        selectors.partner_directory(filters).filter(is_public=True),
        lambda partner: _public(selectors.public_partner_data(partner)),
    )


@router.get("/", response=list[PublicPartnerOut], summary="Partners listed publicly")
@paginate(LimitOffset)
def public_partner_list(request: HttpRequest, kind: str = "", region: str = "", q: str = "") -> Any:
    """Partners that agreed to be listed, with only the field groups they agreed to publish."""
    if kind and kind not in PartnerType.values:
        raise HttpError(400, f"Unknown partner type {kind!r}.")
    return _listed(q=q, kind=kind, region=region)


@router.get("/networks", response=list[PublicPartnerOut], summary="Networks listed publicly")
@paginate(LimitOffset)
def public_network_list(request: HttpRequest) -> Any:
    """The global and regional networks IITE coordinates or belongs to."""
    return _listed(kind=PartnerType.NETWORK)


class MoneyOut(Schema):
    amount_usd: Decimal
    currency: str
    original_amount: Decimal | None
    exchange_rate: Decimal | None


class AgreementOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    signed_on: datetime.date | None
    start_date: datetime.date | None
    end_date: datetime.date | None


class BudgetLineOut(MoneyOut):
    year: int
    component: str
    status: str
    project: str | None


class InKindOut(MoneyOut):
    date: datetime.date
    kind: str
    description: str
    basis_of_valuation: str


class RegistryPartnerOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    aliases: list[str]
    acronym: str
    kind: str
    sector: str
    relationship_level: str
    country: str | None
    website: str
    is_public: bool
    activity_count: int
    partner_since: datetime.date | None
    partner_since_source: str
    agreements: list[AgreementOut]
    budget_lines: list[BudgetLineOut] | None
    in_kind: list[InKindOut] | None


def _money(record: Any) -> dict[str, Any]:
    return {
        "amount_usd": record.amount_usd,
        "currency": record.currency,
        "original_amount": record.original_amount,
        "exchange_rate": record.exchange_rate,
    }


def _registry(partner: Partner, *, financials: bool) -> dict[str, Any]:
    agreements: list[Agreement] = list(partner.agreements.all())
    data: dict[str, Any] = {
        "slug": partner.slug,
        "name": str(partner.name),
        "names": dict(partner.name),
        "aliases": list(partner.aliases or []),
        "acronym": partner.acronym,
        "kind": partner.kind,
        "sector": partner.sector,
        "relationship_level": partner.relationship_level,
        "country": partner.country.iso2 if partner.country else None,
        "website": partner.website,
        "is_public": partner.is_public,
        "activity_count": getattr(partner, "activity_count", 0) or 0,
        "partner_since": getattr(partner, "since", None),
        "partner_since_source": getattr(partner, "since_source", "") or "",
        "agreements": [
            {
                "id": a.pk,
                "kind": a.kind,
                "title": a.title,
                "status": a.status,
                "signed_on": a.signed_on,
                "start_date": a.start_date,
                "end_date": a.end_date,
            }
            for a in agreements
        ],
        "budget_lines": None,
        "in_kind": None,
    }
    if financials:
        data["budget_lines"] = [
            {
                **_money(line),
                "year": line.year,
                "component": line.component,
                "status": line.status,
                "project": line.project.code if line.project else None,
            }
            for line in partner.budget_lines.all()
        ]
        data["in_kind"] = [
            {
                **_money(item),
                "date": item.date,
                "kind": item.kind,
                "description": item.description,
                "basis_of_valuation": item.basis_of_valuation,
            }
            for item in partner.in_kind_contributions.all()
        ]
    return data


def _registry_queryset(financials: bool) -> Any:
    partners = selectors.partners_with_since(selectors.partner_directory()).prefetch_related(
        "agreements"
    )
    if financials:
        partners = partners.prefetch_related("budget_lines__project", "in_kind_contributions")
    return partners


@router.get(
    "/registry",
    response=list[RegistryPartnerOut],
    auth=django_auth,
    summary="Full partner registry (staff)",
)
@paginate(LimitOffset)
def registry_list(request: HttpRequest) -> Any:
    """Every partner with its agreements; funds and in-kind values for administrators and
    Governing Board members only (null for other staff)."""
    if not perms.can_view_directory(request.user):
        raise HttpError(403, "You do not have access to the partner registry.")
    financials = perms.can_view_financials(request.user)
    return LazyPage(
        _registry_queryset(financials), lambda partner: _registry(partner, financials=financials)
    )


@router.get(
    "/registry/{slug}",
    response=RegistryPartnerOut,
    auth=django_auth,
    summary="One partner of the registry (staff)",
)
def registry_detail(request: HttpRequest, slug: str) -> Any:
    if not perms.can_view_directory(request.user):
        raise HttpError(403, "You do not have access to the partner registry.")
    financials = perms.can_view_financials(request.user)
    partner = _registry_queryset(financials).filter(slug=slug).first()
    if partner is None:
        raise HttpError(404, f"No partner {slug!r}.")
    return _registry(partner, financials=financials)


class ComponentFundsOut(Schema):
    component: str
    label: str
    staff: Decimal
    operations: Decimal
    programme: Decimal
    planned: Decimal
    secured: Decimal
    pledged: Decimal


class DonorFundsOut(Schema):
    donor: str
    label: str
    secured: Decimal
    pledged: Decimal


class FundingOut(Schema):
    year: int
    needed: Decimal | None
    needed_staff: Decimal
    needed_operations: Decimal
    needed_programme: Decimal
    workplan_cost: Decimal | None
    secured: Decimal
    pledged: Decimal
    gap: Decimal | None
    surplus: Decimal | None
    gap_if_pledged: Decimal | None
    surplus_if_pledged: Decimal | None
    in_kind_total: Decimal
    by_component: list[ComponentFundsOut]
    by_donor: list[DonorFundsOut]


@router.get(
    "/resources/{year}",
    response=FundingOut,
    auth=django_auth,
    summary="Needs, funds and the funding gap of a year (administrators and Board)",
)
def resources_detail(request: HttpRequest, year: int) -> Any:
    """The same figures as the resources page: gap = needed − secured, never negative
    (a surplus is given apart); null when nothing is planned for the year."""
    if not perms.can_view_financials(request.user):
        raise HttpError(403, "You do not have access to financial figures.")
    if not 2000 <= year <= 2100:
        raise HttpError(422, "Give a year between 2000 and 2100.")
    summary = selectors.funding_summary(year=year)
    return {
        "year": year,
        "needed": summary.needed,
        "needed_staff": summary.staff,
        "needed_operations": summary.operations,
        "needed_programme": summary.programme,
        "workplan_cost": summary.workplan_cost,
        "secured": summary.secured,
        "pledged": summary.pledged,
        "gap": summary.gap,
        "surplus": summary.surplus,
        "gap_if_pledged": summary.gap_after_pledges,
        "surplus_if_pledged": summary.surplus_after_pledges,
        "in_kind_total": summary.in_kind_total,
        "by_component": [
            {
                "component": row.key,
                "label": row.label,
                "staff": row.staff,
                "operations": row.operations,
                "programme": row.programme,
                "planned": row.needed,
                "secured": row.secured,
                "pledged": row.pledged,
            }
            for row in summary.budget
        ],
        "by_donor": [
            {"donor": p.key, "label": p.label, "secured": p.secured, "pledged": p.pledged}
            for p in summary.by_donor
        ],
    }
