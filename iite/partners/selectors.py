"""Reads of the partner registry, Member State engagement and resources."""

from __future__ import annotations

import datetime
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from iite.core.disaggregation import Disaggregation
from iite.core.i18n import TranslatedText, translated_order, translated_search
from iite.programme.models import Activity
from iite.reference.models import Country, ElectoralGroup, MembershipStatus, UnescoRegion

from .models import (
    Agreement,
    AgreementStatus,
    BudgetAllocation,
    BudgetComponent,
    BudgetLine,
    EngagementLevel,
    ExtrabudgetaryProject,
    FocalPoint,
    FundingStatus,
    InKindContribution,
    InKindKind,
    MemberStateEngagement,
    Partner,
    PartnerMerge,
    PartnerType,
    RelationshipLevel,
    Sector,
)

ZERO = Decimal("0")
NO_REGION = "global"


# --- Partners ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    sector: str = ""
    region: str = ""
    level: str = ""
    country: str = ""

    @property
    def active(self) -> bool:
        return any((self.q, self.kind, self.sector, self.region, self.level, self.country))


def _activity_count() -> Subquery:

    through = Activity.partners.through
    return Subquery(
        through.objects.filter(partner_id=OuterRef("pk"))
        .order_by()
        .values("partner_id")
        .annotate(n=Count("activity_id"))
        .values("n"),  # type: ignore[misc]
        output_field=IntegerField(),
    )


def partner_directory(filters: DirectoryFilters | None = None) -> QuerySet[Partner]:
    """Every partner with its country and number of joint activities, filtered."""
    filters = filters or DirectoryFilters()
    partners = Partner.objects.select_related("country").annotate(
        activity_count=Coalesce(_activity_count(), 0)
    )
    if filters.q:
        term = filters.q.strip()
        partners = partners.filter(
            translated_search("name", term)
            | Q(acronym__icontains=term)
            | Q(slug__icontains=term)
            | Q(website__icontains=term)
            | Q(aliases__icontains=term)
        )
    if filters.kind:
        partners = partners.filter(kind=filters.kind)
    if filters.sector:
        partners = partners.filter(sector=filters.sector)
    if filters.level:
        partners = partners.filter(relationship_level=filters.level)
    if filters.region == NO_REGION:
        partners = partners.filter(country__isnull=True)
    elif filters.region:
        partners = partners.filter(country__unesco_region=filters.region)
    if filters.country:
        partners = partners.filter(country__iso2=filters.country.upper())
    return partners.order_by(translated_order("name"), "slug")


def partner_profile(slug: str) -> Partner | None:
    return (
        Partner.objects.select_related("country")
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("responsible").prefetch_related(
                    "documents"
                ),
            ),
            "focal_points__user",
            "engagements__country",
        )
        .filter(slug=slug)
        .first()
    )


def partner_history(partner: Partner, *, public_only: bool = False) -> QuerySet[Any]:
    """The joint activities, read through the programme domain's Activity.partners."""
    activities = partner.activities.select_related("period").order_by("-start_date", "code")
    if public_only:
        activities = activities.filter(is_public=True)
    return activities


def public_partners(*, q: str = "", kind: str = "", region: str = "") -> list[dict[str, Any]]:
    """Only what each partner agreed to publish; never focal points or money."""
    filters = DirectoryFilters(q=q, kind=kind, region=region)
    partners = list(partner_directory(filters).filter(is_public=True))
    return [public_partner_data(partner) for partner in partners]


def public_partner_data(partner: Partner, *, activities: list[Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": partner.slug,
        "name": partner.name,
        "acronym": partner.acronym,
        "kind": partner.kind,
        "kind_label": partner.get_kind_display(),
        "sector": partner.sector,
        "sector_label": partner.get_sector_display() if partner.sector else "",
        "relationship_level": partner.relationship_level,
        "relationship_label": partner.get_relationship_level_display(),
        "country": partner.country,
        "website": partner.website if partner.publish_website else "",
        "description": partner.description if partner.publish_description else None,
        "activities": activities if partner.publish_activities else None,
        "agreement_kinds": None,
    }
    return data


def public_partner_profile(slug: str) -> dict[str, Any] | None:
    partner = Partner.objects.select_related("country").filter(slug=slug, is_public=True).first()
    if partner is None:
        return None
    activities = (
        list(partner_history(partner, public_only=True)) if partner.publish_activities else None
    )
    data = public_partner_data(partner, activities=activities)
    if partner.publish_agreements:
        data["agreement_kinds"] = sorted(
            {
                agreement.get_kind_display()
                for agreement in partner.agreements.filter(status__in=("signed", "active"))
            },
            key=str,
        )
    return data


def merged_into(slug: str) -> Partner | None:
    """The partner a removed duplicate's slug now points to."""

    merge = PartnerMerge.objects.select_related("kept").filter(removed_slug=slug).first()
    return merge.kept if merge else None


def possible_duplicates(partner: Partner) -> list[Partner]:

    return partner_find_duplicates(
        names=[*partner.name.values(), *(partner.aliases or [])],
        website=partner.website,
        exclude_pk=partner.pk,
    )


# --- The partnership map ----------------------------------------------------------------


@dataclass
class MapTable:
    regions: list[tuple[str, str]]
    kinds: list[tuple[str, str]]
    counts: dict[tuple[str, str], int]
    region_totals: dict[str, int]
    kind_totals: dict[str, int]
    total: int

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "region": code,
                "label": label,
                "cells": [self.counts.get((code, kind), 0) for kind, _ in self.kinds],
                "total": self.region_totals.get(code, 0),
            }
            for code, label in self.regions
        ]


def partnership_map(*, public_only: bool = False) -> MapTable:
    """Partners counted by UNESCO region (of their country) and by type."""

    partners = Partner.objects.all()
    if public_only:
        partners = partners.filter(is_public=True)

    def region_of(row: Mapping[str, Any]) -> str:
        return row["country__unesco_region"] or NO_REGION

    rows = list(partners.values("country__unesco_region", "kind").annotate(n=Count("pk")))
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        cell = (region_of(row), row["kind"])
        counts[cell] = counts.get(cell, 0) + row["n"]
    totals = Disaggregation({"region": region_of, "kind": "kind"}).tables(rows)
    regions = [*UnescoRegion.choices, (NO_REGION, gettext("Global or no country"))]
    kinds = [
        (code, label) for code, label in PartnerType.choices if any(k == code for _, k in counts)
    ]
    return MapTable(
        regions=[(code, str(label)) for code, label in regions],
        kinds=[(code, str(label)) for code, label in kinds],
        counts=counts,
        region_totals=totals.get("region", {}),
        kind_totals=totals.get("kind", {}),
        total=sum(counts.values()),
    )


# --- Partner since ------------------------------------------------------------------------

#: The statuses of a joint activity whose start can date a partnership when nothing else
#: does: work under way or done (the programme domain's statuses the indicators count;
#: monitoring's tests hold the two equal).
ACTIVITY_STATUSES_UNDER_WAY = ("ongoing", "completed")


class SinceSource(models.TextChoices):
    STAFF = "staff", _("entered by staff")
    AGREEMENT = "agreement", _("earliest agreement")
    ACTIVITY = "activity", _("first recorded activity")


def _earliest_agreement_start() -> Subquery:
    """The start of the partner's earliest agreement that was signed (drafts do not count)."""
    return Subquery(
        Agreement.objects.filter(partner_id=OuterRef("pk"), start_date__isnull=False)
        .exclude(status=AgreementStatus.DRAFT)
        .order_by("start_date")
        .values("start_date")[:1]
    )


def _earliest_activity_start() -> Subquery:
    through = Partner.activities.through
    return Subquery(
        through.objects.filter(
            partner_id=OuterRef("pk"), activity__status__in=ACTIVITY_STATUSES_UNDER_WAY
        )
        .order_by("activity__start_date")
        .values("activity__start_date")[:1]
    )


def partners_with_since(partners: QuerySet[Partner] | None = None) -> QuerySet[Partner]:
    """Partners annotated with `since` (a date) and `since_source` (a SinceSource value).

    When the partnership began, in this order: the date staff entered (it records what
    the records cannot know, such as a partnership older than the platform); else the
    start of the earliest signed agreement; else, as a fallback shown as such, the start
    of the first joint activity under way or done. No source: `since` is None.
    "New partners" (indicator 7) are those whose `since` falls in the period.
    """
    partners = Partner.objects.all() if partners is None else partners
    agreement, activity = _earliest_agreement_start(), _earliest_activity_start()
    return partners.annotate(
        since_agreement=agreement,
        since_activity=activity,
    ).annotate(
        since=Coalesce(F("partner_since"), F("since_agreement"), F("since_activity")),
        since_source=Case(
            When(partner_since__isnull=False, then=Value(SinceSource.STAFF.value)),
            When(since_agreement__isnull=False, then=Value(SinceSource.AGREEMENT.value)),
            When(since_activity__isnull=False, then=Value(SinceSource.ACTIVITY.value)),
            default=Value(""),
            output_field=CharField(),
        ),
    )


@dataclass(frozen=True)
class PartnerSince:
    date: datetime.date | None
    source: str

    @property
    def is_fallback(self) -> bool:
        return self.source == SinceSource.ACTIVITY

    @property
    def label(self) -> str:
        """ "2024-05-01 (earliest agreement)", or "2026 (first recorded activity)": a fallback
        shows only its year, since the partnership may be older than the activity."""
        if self.date is None:
            return ""
        shown = str(self.date.year) if self.is_fallback else self.date.isoformat()
        return f"{shown} ({SinceSource(self.source).label})"


def partner_since(partner: Partner) -> PartnerSince:
    row = partners_with_since(Partner.objects.filter(pk=partner.pk)).values("since", "since_source")  # type: ignore[misc]
    found = row.first() or {"since": None, "since_source": ""}
    return PartnerSince(found["since"], found["since_source"])


def partners_new(*, start: datetime.date, end: datetime.date) -> QuerySet[Partner]:
    """Partners whose partnership began in [start, end] (the strategy's "new partners")."""
    return partners_with_since().filter(since__gte=start, since__lte=end)  # type: ignore[misc]


# --- The "number of partners" indicator -------------------------------------------------


@dataclass
class PartnerCounts:
    total: int
    new: int
    by_kind: dict[str, int]
    by_region: dict[str, int]
    by_sector: dict[str, int]
    by_level: dict[str, int]


def partner_counts(*, start: datetime.date, end: datetime.date) -> PartnerCounts:
    """Partners that co-organised at least one activity overlapping [start, end].

    "New" partners are those whose partnership began inside the period (`partners_with_since`).
    Partners without a country count under region "global"; without a sector under "".
    """

    through = Activity.partners.through
    in_period = through.objects.filter(
        activity__start_date__lte=end, activity__end_date__gte=start
    ).values("partner_id")
    partners = list(
        partners_with_since(Partner.objects.filter(pk__in=in_period)).values(  # type: ignore[misc]
            "kind", "sector", "relationship_level", "country__unesco_region", "since"
        )
    )
    tables = Disaggregation(
        {
            "kind": "kind",
            "region": lambda row: row["country__unesco_region"] or NO_REGION,
            "sector": "sector",
            "level": "relationship_level",
        }
    ).tables(partners, amount=lambda row: 1)
    new = sum(1 for row in partners if row["since"] and start <= row["since"] <= end)
    return PartnerCounts(
        total=len(partners),
        new=new,
        by_kind=tables.get("kind", {}),
        by_region=tables.get("region", {}),
        by_sector=tables.get("sector", {}),
        by_level=tables.get("level", {}),
    )


# --- Member State engagement ------------------------------------------------------------


@dataclass
class GroupGoal:
    group: str
    label: str
    met: bool
    countries: list[Any] = field(default_factory=list)


def regional_group_goal() -> list[GroupGoal]:
    """A comprehensive partnership with at least one Member State in each electoral group.

    Counts only Member States (not Associate Members) whose engagement record is
    comprehensive under the rule in MemberStateEngagement's docstring.
    """

    by_group: dict[str, list[Any]] = defaultdict(list)
    engagements = MemberStateEngagement.objects.filter(
        level=EngagementLevel.COMPREHENSIVE,
        country__status=MembershipStatus.MEMBER_STATE,
    ).select_related("country", "agreement__partner")
    for engagement in engagements:
        if engagement.is_comprehensive and engagement.country.electoral_group:
            by_group[engagement.country.electoral_group].append(engagement.country)
    return [
        GroupGoal(group=code, label=str(label), met=bool(by_group[code]), countries=by_group[code])
        for code, label in ElectoralGroup.choices
    ]


def _count_subquery(queryset: QuerySet[Any], key: str) -> Subquery:
    return Subquery(
        queryset.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(n=Count("pk", distinct=True))
        .values("n"),  # type: ignore[misc]
        output_field=IntegerField(),
    )


def member_state_overview() -> QuerySet[Any]:
    """Member States with an engagement, a partner or an activity, with their counts."""

    targeted = Activity.target_countries.through.objects.all()
    partner_activities = Activity.partners.through.objects.all()
    countries = Country.objects.annotate(
        partner_count=Coalesce(_count_subquery(Partner.objects.all(), "country"), 0),
        targeted_count=Coalesce(
            Subquery(
                targeted.filter(country_id=OuterRef("pk"))
                .order_by()
                .values("country_id")
                .annotate(n=Count("activity_id", distinct=True))
                .values("n"),  # type: ignore[misc]
                output_field=IntegerField(),
            ),
            0,
        ),
        partner_activity_count=Coalesce(
            Subquery(
                partner_activities.filter(partner__country_id=OuterRef("pk"))
                .order_by()
                .values("partner__country_id")
                .annotate(n=Count("activity_id", distinct=True))
                .values("n"),  # type: ignore[misc]
                output_field=IntegerField(),
            ),
            0,
        ),
        has_engagement=Exists(MemberStateEngagement.objects.filter(country_id=OuterRef("pk"))),
    ).filter(
        Q(partner_count__gt=0)
        | Q(targeted_count__gt=0)
        | Q(partner_activity_count__gt=0)
        | Q(has_engagement=True)
    )
    return countries.select_related("iite_engagement__agreement__partner").order_by("iso2")


@dataclass
class MemberStateDetail:
    country: Any
    engagement: MemberStateEngagement | None
    partners: list[Partner]
    agreements: list[Agreement]
    activities: list[Any]


def member_state_detail(country: Any) -> MemberStateDetail:

    engagement = (
        MemberStateEngagement.objects.select_related("agreement__partner")
        .prefetch_related("counterparts")
        .filter(country=country)
        .first()
    )
    partners = list(Partner.objects.filter(country=country).order_by("slug"))
    agreements = list(Agreement.objects.filter(partner__country=country).select_related("partner"))
    activities = list(
        Activity.objects.filter(Q(target_countries=country) | Q(partners__country=country))
        .distinct()
        .order_by("-start_date", "code")
    )
    return MemberStateDetail(country, engagement, partners, agreements, activities)


# --- Resources --------------------------------------------------------------------------


@dataclass
class AmountPair:
    key: str
    label: str
    secured: Decimal = ZERO
    pledged: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.secured + self.pledged


@dataclass
class ComponentBudget:
    """One component's planned costs (the budget) beside its funds."""

    key: str
    label: str
    staff: Decimal = ZERO
    operations: Decimal = ZERO
    programme: Decimal = ZERO
    secured: Decimal = ZERO
    pledged: Decimal = ZERO

    @property
    def needed(self) -> Decimal:
        return self.staff + self.operations + self.programme


@dataclass(frozen=True)
class Balance:
    """Needs against funds: a gap or a surplus, never a negative gap."""

    gap: Decimal | None
    surplus: Decimal | None


def funding_balance(needed: Decimal | None, funds: Decimal) -> Balance:
    """The funding gap, defined once: needed minus secured, never negative.

    Funds beyond the needs are a surplus (and the gap is 0); with nothing planned
    there is neither (None): a gap against nothing planned would only mislead.
    """
    if needed is None:
        return Balance(None, None)
    return Balance(max(needed - funds, ZERO), max(funds - needed, ZERO))


@dataclass
class FundingSummary:
    year: int
    # The year's needs: the budget's staff, operations and programme allocations, the
    # programme part raised to the workplan's planned cost where that is higher.
    needed: Decimal | None
    secured: Decimal
    pledged: Decimal
    by_component: list[AmountPair]
    by_donor: list[AmountPair]
    in_kind_total: Decimal
    in_kind_by_kind: list[tuple[str, Decimal]]
    projects: list[ExtrabudgetaryProject]
    budget: list[ComponentBudget] = field(default_factory=list)
    workplan_cost: Decimal | None = None

    @property
    def staff(self) -> Decimal:
        return sum((c.staff for c in self.budget), ZERO)

    @property
    def operations(self) -> Decimal:
        return sum((c.operations for c in self.budget), ZERO)

    @property
    def programme_budget(self) -> Decimal:
        return sum((c.programme for c in self.budget), ZERO)

    @property
    def programme(self) -> Decimal:
        """The programme's need: its budget, or the workplan's planned cost if higher."""
        return max(self.programme_budget, self.workplan_cost or ZERO)

    @property
    def workplan_beyond_budget(self) -> Decimal:
        """What the workplan plans beyond the programme budget (0 when within it)."""
        return max((self.workplan_cost or ZERO) - self.programme_budget, ZERO)

    @property
    def balance(self) -> Balance:
        return funding_balance(self.needed, self.secured)

    @property
    def gap(self) -> Decimal | None:
        """Needed minus secured, never negative (`funding_balance`)."""
        return self.balance.gap

    @property
    def surplus(self) -> Decimal | None:
        return self.balance.surplus

    @property
    def balance_if_pledged(self) -> Balance:
        return funding_balance(self.needed, self.secured + self.pledged)

    @property
    def gap_after_pledges(self) -> Decimal | None:
        return self.balance_if_pledged.gap

    @property
    def surplus_after_pledges(self) -> Decimal | None:
        return self.balance_if_pledged.surplus


# The monitoring domain (a layer above) tells what the year's workplan plans to spend;
# it registers its reader in MonitoringConfig.ready().
_workplan_cost_readers: list[Callable[[int], Decimal]] = []


def register_workplan_cost_reader(reader: Callable[[int], Decimal]) -> None:
    if reader not in _workplan_cost_readers:
        _workplan_cost_readers.append(reader)


def planned_workplan_cost(year: int) -> Decimal | None:
    """The planned cost of the year's workplan once submitted or approved.

    None when there is none (monitoring answers 0 then).
    """
    value = sum((Decimal(reader(year)) for reader in _workplan_cost_readers), ZERO)
    return value or None


def funding_summary(*, year: int) -> FundingSummary:
    """The year's needs (budget and workplan), secured and pledged funds by component and
    donor, and the gap or surplus: the one reading of every resources output (page card,
    chart and table, CSV, API, the Board report).

    In-kind contributions are reported beside the cash figures: they are not funds
    that pay for the workplan, so they do not reduce the funding gap.
    """
    lines = BudgetLine.objects.filter(year=year)
    components = {code: AmountPair(code, str(label)) for code, label in BudgetComponent.choices}
    budget = {code: ComponentBudget(code, str(label)) for code, label in BudgetComponent.choices}
    donors: dict[str, AmountPair] = {}
    rows = lines.values("component", "status", "donor__slug", "donor__acronym", "donor__name")
    for row in rows.annotate(amount=Sum("amount_usd")).order_by():
        amount = row["amount"] or ZERO
        pair = components[row["component"]]
        status_attr = "secured" if row["status"] == FundingStatus.SECURED else "pledged"
        setattr(pair, status_attr, getattr(pair, status_attr) + amount)
        row_budget = budget[row["component"]]
        setattr(row_budget, status_attr, getattr(row_budget, status_attr) + amount)
        if row["donor__slug"]:
            donor = donors.setdefault(
                row["donor__slug"],
                AmountPair(row["donor__slug"], row["donor__acronym"] or _name(row["donor__name"])),
            )
            setattr(donor, status_attr, getattr(donor, status_attr) + amount)
    allocations = list(
        BudgetAllocation.objects.filter(year=year).values_list(
            "component", "category", "amount_usd"
        )
    )
    for component, category, amount in allocations:
        row_budget = budget[component]
        setattr(row_budget, category, getattr(row_budget, category) + amount)
    secured = sum((pair.secured for pair in components.values()), ZERO)
    pledged = sum((pair.pledged for pair in components.values()), ZERO)
    in_kind = InKindContribution.objects.filter(date__year=year)
    in_kind_by_kind = [
        (str(InKindKind(row["kind"]).label), row["v"])
        for row in in_kind.values("kind").annotate(v=Sum("amount_usd")).order_by("kind")
    ]
    projects = list(
        ExtrabudgetaryProject.objects.filter(start_date__year__lte=year, end_date__year__gte=year)
        .select_related("donor")
        .order_by("code")
    )
    summary = FundingSummary(
        year=year,
        needed=None,
        secured=secured,
        pledged=pledged,
        by_component=list(components.values()),
        by_donor=sorted(donors.values(), key=lambda pair: (-pair.total, pair.label)),
        in_kind_total=in_kind.aggregate(v=Sum("amount_usd"))["v"] or ZERO,
        in_kind_by_kind=in_kind_by_kind,
        projects=projects,
        budget=list(budget.values()),
        workplan_cost=planned_workplan_cost(year),
    )
    if allocations or summary.workplan_cost is not None:
        summary.needed = summary.staff + summary.operations + summary.programme
    return summary


def _name(value: Any) -> str:

    if isinstance(value, dict):
        return TranslatedText(value).resolve()
    return str(value or "")


def funding_years() -> list[int]:
    years = set(BudgetLine.objects.values_list("year", flat=True).distinct())
    return sorted(years)


def budget_lines(*, year: int) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(year=year).select_related("donor", "project", "agreement")


def budget_allocations(*, year: int) -> QuerySet[BudgetAllocation]:
    return BudgetAllocation.objects.filter(year=year).order_by("component", "category")


def in_kind_contributions(*, year: int) -> QuerySet[InKindContribution]:
    return InKindContribution.objects.filter(date__year=year).select_related("partner", "activity")


__all__ = [
    "NO_REGION",
    "RelationshipLevel",
    "Sector",
]


# --- Duplicate detection -------------------------------------------------------------


def normalise_name(text: str) -> str:
    """Case, accents, punctuation and spacing removed: "Tsinghua Univ." ~ "tsinghua univ"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("M"):
            continue
        kept.append(" " if category[0] in "PSZC" else char)
    return " ".join("".join(kept).casefold().split())


def website_domain(url: str) -> str:
    """The host of a website without "www.", lower case; "" when there is none."""
    if not url:
        return ""
    if "://" not in url:
        url = f"https://{url}"
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def partner_names(partner: Partner) -> set[str]:
    names = {normalise_name(text) for text in partner.name.values()}
    names |= {normalise_name(alias) for alias in partner.aliases or [] if isinstance(alias, str)}
    names.discard("")
    return names


def partner_find_duplicates(
    *, names: dict[str, str] | list[str], website: str = "", exclude_pk: int | None = None
) -> list[Partner]:
    """Partners with the same name in any language (or alias) or the same website domain."""
    wanted = {
        normalise_name(text) for text in (names.values() if isinstance(names, dict) else names)
    }
    wanted.discard("")
    domain = website_domain(website)
    found = []
    candidates = Partner.objects.order_by("slug")
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for candidate in candidates.only(
        "pk", "slug", "name", "aliases", "website", "acronym", "original_language", "kind"
    ):
        if (wanted & partner_names(candidate)) or (
            domain and website_domain(candidate.website) == domain
        ):
            found.append(candidate)
    return found


# --- Agreement reminders ---------------------------------------------------------------


def agreement_reminder_recipients(agreement: Agreement) -> list[Any]:
    """The responsible staff member, or the Administrators when nobody is named."""

    responsible = agreement.responsible
    if responsible is not None and responsible.is_active:
        return [responsible]
    users = get_user_model().objects.filter(is_active=True)
    return list(users.filter(Q(is_superuser=True) | Q(groups__name="Administrator")).distinct())


def partners_staffed_by(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each account that is a focal point of a partner, the partners it works for.

    Competitions derive conflicts of interest from it: a judge and an entrant who work
    for the same partner.
    """
    staff: dict[int, set[int]] = defaultdict(set)
    rows = FocalPoint.objects.filter(user_id__in=list(user_ids)).values_list(
        "user_id", "partner_id"
    )
    for user_id, partner_id in rows:
        staff[user_id].add(partner_id)
    return dict(staff)
