"""What each sub-measure of the seven key indicators (VII.2) counts, defined once.

A `Measure` names the records it counts through public filters: `activities(scope)`,
`people(scope)` with `aggregates(scope)`, `countries(scope)` and `partners(scope)`.
The drill-down behind a figure lists these querysets, and `indicators.compute()`
builds its single-pass SQL from the same conditions (`participation_condition()`,
`activity_condition()`, `aggregate_amount()` and the `*_in()` builders below, which
take the wider span of years the trend needs), so a figure and the records behind it
cannot disagree.

The rules themselves are stated in `indicators`' module docstring.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import PersonRole
from iite.community.engagement import ACTIVITY_CODE_PREFIX as COMMUNITY_ACTIVITY_PREFIX
from iite.partners.models import Partner
from iite.partners.selectors import partners_with_since
from iite.programme.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AggregateParticipation,
    Participation,
    ParticipationRole,
)
from iite.reference.models import Country, PriorityRegion
from iite.strategy.models import ProgrammePillar, TargetGroup
from iite.strategy.selectors import current_period_items

_Record = TypeVar("_Record", Participation, AggregateParticipation)

CONVENTION_KINDS = (
    ActivityKind.GLOBAL_CONFERENCE,
    ActivityKind.REGIONAL_CONVENTION,
    ActivityKind.NATIONAL_EVENT,
    ActivityKind.YOUTH_FORUM,
)
RESEARCH_KINDS = (
    ActivityKind.RESEARCH_REPORT,
    ActivityKind.POLICY_BRIEF,
    ActivityKind.BEST_PRACTICES,
)
PLATFORM_KINDS = (ActivityKind.PLATFORM, ActivityKind.COURSE, ActivityKind.LEARNING_RESOURCE)
COURSE_KINDS = (ActivityKind.COURSE,)
# A webinar series is the container of its webinars; counting it too would count twice.
WEBINAR_KINDS = (ActivityKind.WEBINAR, ActivityKind.TRAINING, ActivityKind.ROUND_TABLE)
COMPETITION_KINDS = (ActivityKind.COMPETITION, ActivityKind.AWARD)
ADVICE_KINDS = (ActivityKind.POLICY_ADVICE,)
COUNTED_STATUSES = (ActivityStatus.ONGOING, ActivityStatus.COMPLETED)

TEACHER_ROLES = (PersonRole.TEACHER, PersonRole.SCHOOL_COUNSELLOR, PersonRole.TEACHER_TRAINER)
STUDENT_ROLES = (PersonRole.STUDENT, PersonRole.YOUTH)

# Used when the strategy's target groups are not loaded (III.4).
FALLBACK_TARGET_GROUPS: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "teachers": (_("Teachers and educators"), TEACHER_ROLES),
    "policymakers": (_("Policymakers and educational administrators"), (PersonRole.POLICYMAKER,)),
    "students": (_("Students and youth"), STUDENT_ROLES),
    "others": (
        _("Researchers, technology partners and lifelong learners"),
        (
            PersonRole.RESEARCHER,
            PersonRole.TECHNOLOGY_PARTNER,
            PersonRole.PARENT,
            PersonRole.LIFELONG_LEARNER,
        ),
    ),
}

PEOPLE_DIMENSIONS = (
    "unesco_region",
    "priority_region",
    "country",
    "sex",
    "target_group",
    "language",
    "pillar",
)
ACTIVITY_DIMENSIONS = (
    "kind",
    "unesco_region",
    "priority_region",
    "country",
    "target_group",
    "language",
    "pillar",
)
COUNTRY_DIMENSIONS = ("unesco_region", "priority_region", "country", "source", "pillar")
PARTNER_DIMENSIONS = (
    "partner_kind",
    "unesco_region",
    "relationship_level",
    "sector",
    "new",
    "pillar",
)

DIMENSION_LABELS: dict[str, Promise] = {
    "kind": _("Kind of activity"),
    "unesco_region": _("UNESCO region"),
    "priority_region": _("Priority region"),
    "country": _("Country"),
    "sex": _("Sex"),
    "target_group": _("Target group"),
    "language": _("Language"),
    "pillar": _("Programme pillar"),
    "source": _("How supported"),
    "partner_kind": _("Type of partner"),
    "relationship_level": _("Relationship level"),
    "sector": _("Sector"),
    "new": _("New in the period"),
}

ENGAGED = (
    Q(attended=True)
    | Q(completed=True)
    | Q(certified=True)
    | ~Q(role=ParticipationRole.PARTICIPANT)
)
# Teachers and students, and people whose role is not recorded (shown as such).
TEACHERS_OR_STUDENTS = Q(person_role__in=(*TEACHER_ROLES, *STUDENT_ROLES)) | Q(person_role="")
# An activity organised jointly with at least one partner (a condition on Activity).
WITH_PARTNER = Q(Exists(Activity.partners.through.objects.filter(activity_id=OuterRef("pk"))))


# --- Scope ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What to count: a year or half-year, narrowed by optional filters."""

    year: int
    half: int | None = None
    pillar: str = ""  # ProgrammePillar.code
    objective: str = ""  # StrategicObjective.code
    region: str = ""  # UnescoRegion value
    priority: str = ""  # Priority.code

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 7 if self.half == 2 else 1, 1)

    @property
    def end(self) -> datetime.date:
        if self.half == 1:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    def key(self) -> str:
        raw = json.dumps(
            [self.year, self.half, self.pillar, self.objective, self.region, self.priority]
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:24]

    def as_query(self) -> dict[str, str]:
        params = {"year": str(self.year)}
        if self.half:
            params["half"] = str(self.half)
        for name in ("pillar", "objective", "region", "priority"):
            if getattr(self, name):
                params[name] = getattr(self, name)
        return params

    def activity_q(self, prefix: str = "") -> Q:
        """Pillar, objective and priority narrow the activities counted.

        `prefix` reaches the activity from another model ("activity__").
        """
        q = Q()
        if self.pillar:
            q &= Q(**{f"{prefix}pk__in": _activities_linked("pillars", self.pillar)})
        if self.objective:
            q &= Q(**{f"{prefix}pk__in": _activities_linked("objectives", self.objective)})
        if self.priority:
            q &= Q(**{f"{prefix}pk__in": _activities_linked("priorities", self.priority)})
        return q


def _activities_linked(relation: str, code: str) -> QuerySet[Any]:
    """Ids of the activities linked to the framework item `code` through `relation`."""
    field_ = Activity._meta.get_field(relation)
    through = field_.remote_field.through  # type: ignore[union-attr]
    target = field_.m2m_reverse_field_name()  # type: ignore[union-attr]
    return through.objects.filter(**{f"{target}__code": code}).values("activity_id")


# --- Lookups of small tables ---------------------------------------------------------


@dataclass
class Lookups:
    """The small tables the measures read keys from, loaded once per computation."""

    # country id -> (iso2, unesco_region, status, [priority region codes])
    countries: dict[int, tuple[str, str, str, list[str]]]
    pillars: dict[int, str]
    target_groups: dict[int, str]
    role_groups: dict[str, list[str]]

    def roles_of_group(self, code: str) -> list[str]:
        """The person roles that belong to target group `code`."""
        return [role for role, codes in self.role_groups.items() if code in codes]

    def teacher_or_student(self, target_group_id: int | None) -> bool:
        """Whether an aggregate record's target group holds teachers or students.

        A record without a (current) target group counts, as individuals whose role is
        not recorded do.
        """
        group = self.target_groups.get(target_group_id, "") if target_group_id else ""
        if not group:
            return True
        wanted = {str(role) for role in (*TEACHER_ROLES, *STUDENT_ROLES)}
        return bool(set(self.roles_of_group(group)) & wanted)


def lookups_load() -> Lookups:
    """Countries with their region, status and priority regions; pillars; target groups."""

    field_ = Country._meta.get_field("priority_regions")
    through = field_.remote_field.through._meta.db_table  # type: ignore[union-attr]
    country_col = field_.m2m_column_name()  # type: ignore[union-attr]
    region_col = field_.m2m_reverse_name()  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.iso2, c.unesco_region, c.status, pr.code "  # noqa: S608
            f"FROM {Country._meta.db_table} c "
            f"LEFT JOIN {through} t ON t.{country_col} = c.id "
            f"LEFT JOIN {PriorityRegion._meta.db_table} pr ON pr.id = t.{region_col}"
        )
        rows = cursor.fetchall()
    countries: dict[int, tuple[str, str, str, list[str]]] = {}
    for country_id, iso2, region, status, priority in rows:
        entry = countries.setdefault(country_id, (iso2, region, status, []))
        if priority:
            entry[3].append(priority)
    pillars = dict(ProgrammePillar.objects.values_list("id", "code"))
    groups = list(current_period_items(TargetGroup).values_list("id", "code", "person_roles"))
    role_groups: dict[str, list[str]] = defaultdict(list)
    if groups:
        for _id, code, roles in groups:
            for role in roles or []:
                role_groups[role].append(code)
    else:
        for code, (_label, roles) in FALLBACK_TARGET_GROUPS.items():
            for role in roles:
                role_groups[str(role)].append(code)
    target_groups = {gid: code for gid, code, _roles in groups}
    return Lookups(countries, pillars, target_groups, dict(role_groups))


# --- Measures --------------------------------------------------------------------------

# How an aggregate record adds to a people measure (see `Measure.aggregate_amount`).
EVERYONE = "everyone"
ENTRANTS = "entrants"
COMPLETERS = "completers"
CERTIFIED = "certified"
WOMEN = "women"


@dataclass(frozen=True)
class Measure:
    """A sub-measure: which records it counts, in one place for figure and drill-down."""

    code: str
    label: Promise
    unit: str  # "activities", "people", "countries", "partners"
    kinds: tuple[str, ...] = ()
    # For people: the condition on a Participation row (besides the activity's kind).
    participation_q: Q | None = None
    # For activities: a condition on the Activity row (besides kind and status).
    activity_q: Q | None = None
    statuses: tuple[str, ...] = COUNTED_STATUSES
    # For people: which people of an aggregate record count.
    aggregate_rule: str = EVERYONE
    # For countries: the country status counted ("member" or "associate").
    country_status: str = ""
    # For partners: only partners whose partnership began in the scope (`partnership_starts`).
    new_only: bool = False

    @property
    def indicator(self) -> str:
        return self.code.split(".")[0]

    @property
    def dimensions(self) -> tuple[str, ...]:
        return {
            "people": PEOPLE_DIMENSIONS,
            "activities": ACTIVITY_DIMENSIONS,
            "countries": COUNTRY_DIMENSIONS,
            "partners": PARTNER_DIMENSIONS,
        }[self.unit]

    # The conditions compute() turns into one column per measure.

    def kind_q(self, prefix: str = "") -> Q:
        """The activity's kind and status (`prefix` reaches the activity)."""
        return Q(**{f"{prefix}kind__in": self.kinds, f"{prefix}status__in": self.statuses})

    def counts_kind(self, kind: str, status: str) -> bool:
        """`kind_q` for one activity already read."""
        return kind in self.kinds and status in self.statuses

    def participation_condition(self) -> Q:
        """Whether a Participation row counts for this measure (people measures)."""
        condition = self.kind_q("activity__")
        if self.participation_q is not None:
            condition &= self.participation_q
        return condition

    def activity_condition(self) -> Q:
        """Whether an Activity row counts for this measure (activity measures)."""
        condition = self.kind_q()
        if self.activity_q is not None:
            condition &= self.activity_q
        return condition

    def aggregate_amount(
        self,
        role: str,
        total: int,
        female: int,
        completed: int,
        certified: int,
        teacher_or_student: bool,
    ) -> tuple[int, bool]:
        """The people of one aggregate record this measure counts, and whether the
        record's sex split applies to them (it does when all its people count)."""
        if self.aggregate_rule == ENTRANTS:
            return (total, True) if role == ParticipationRole.PARTICIPANT else (0, False)
        if self.aggregate_rule == COMPLETERS:
            return (max(completed, certified), False) if teacher_or_student else (0, False)
        if self.aggregate_rule == CERTIFIED:
            return (certified, False) if teacher_or_student else (0, False)
        if self.aggregate_rule == WOMEN:
            return female, False
        return total, True

    # The records behind the figure, for the scope.

    def people(self, scope: Scope) -> QuerySet[Participation]:
        """Participation rows that count; the figure counts their distinct `person_key`."""
        return participation_in(scope, (self,), scope.start, scope.end).filter(
            self.participation_condition()
        )

    def aggregates(self, scope: Scope) -> QuerySet[AggregateParticipation]:
        """Aggregate records whose people add to the figure (by `aggregate_amount`)."""
        return aggregates_in(scope, (self,), scope.start, scope.end)

    def countries(self, scope: Scope) -> QuerySet[Country]:
        """Member States (or Associate Members) supported in the scope."""
        targeted, advised_people, advised_groups = supported_sources(scope, scope.start, scope.end)
        countries = Country.objects.filter(
            Q(pk__in=targeted.values("target_countries"))
            | Q(pk__in=advised_people.values("country_id"))
            | Q(pk__in=advised_groups.values("countries"))
        )
        if self.country_status:
            countries = countries.filter(status=self.country_status)
        if scope.region:
            countries = countries.filter(unesco_region=scope.region)
        return countries

    def partners(self, scope: Scope) -> QuerySet[Partner]:
        """Partners linked to a counted activity of the scope (new ones for `new_only`)."""
        partners = Partner.objects.filter(
            pk__in=partner_links(scope, scope.start, scope.end).values("partner_id")
        )
        if scope.region:
            partners = partners.filter(country__unesco_region=scope.region)
        if self.new_only:
            partners = partners.filter(
                pk__in=partnership_starts()
                .filter(earliest__gte=scope.start, earliest__lte=scope.end)
                .values("partner_id")
            )
        return partners

    def in_both_halves(self, scope: Scope) -> int:
        """The people (countries, partners) counted in both halves of the scope's year.

        A year counts each of them once, so January–June plus July–December exceeds the
        year by exactly this number; activities belong to the half they start in and
        aggregate records to their activity's, so they never count in both.
        """
        first, second = (dataclasses.replace(scope, half=half) for half in (1, 2))
        if self.unit == "people":
            return (
                self.people(first)
                .filter(person_key__in=self.people(second).values("person_key"))
                .values("person_key")
                .distinct()
                .count()
            )
        if self.unit == "countries":
            return self.countries(first).filter(pk__in=self.countries(second).values("pk")).count()
        if self.unit == "partners":
            return self.partners(first).filter(pk__in=self.partners(second).values("pk")).count()
        return 0

    def activities(self, scope: Scope) -> QuerySet[Activity]:
        """The activities whose records make up the figure."""
        if self.unit == "activities":
            return activities_in(scope, (self,), scope.start, scope.end).filter(
                self.activity_condition()
            )
        if self.unit == "people":
            return Activity.objects.filter(
                Q(pk__in=self.people(scope).values("activity_id"))
                | Q(pk__in=self.aggregates(scope).values("activity_id"))
            )
        counted = counted_activities(scope, scope.start, scope.end)
        if self.unit == "partners":
            links = Activity.partners.through.objects.filter(partner__in=self.partners(scope))
            return counted.filter(pk__in=links.values("activity_id"))
        countries = self.countries(scope)
        targeted, advised_people, advised_groups = supported_sources(scope, scope.start, scope.end)
        targets = Activity.target_countries.through.objects.filter(
            activity__in=targeted, country__in=countries
        )
        return counted.filter(
            Q(pk__in=targets.values("activity_id"))
            | Q(pk__in=advised_people.filter(country__in=countries).values("activity_id"))
            | Q(pk__in=advised_groups.filter(countries__in=countries).values("activity_id"))
        )


@dataclass(frozen=True)
class Indicator:
    number: int
    code: str
    title: Promise
    measures: tuple[Measure, ...]


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        1,
        "member_states",
        _("Member States supported"),
        (
            Measure(
                "member_states.supported",
                _("Member States supported"),
                "countries",
                country_status="member",
            ),
            Measure(
                "member_states.associate",
                _("Associate Members supported"),
                "countries",
                country_status="associate",
            ),
        ),
    ),
    Indicator(
        2,
        "conventions",
        _("Conventions organised jointly with partners, and people engaged"),
        (
            Measure("conventions.held", _("Conventions held"), "activities", CONVENTION_KINDS),
            Measure(
                "conventions.joint",
                _("Conventions organised jointly with partners"),
                "activities",
                CONVENTION_KINDS,
                activity_q=WITH_PARTNER,
            ),
            Measure(
                "conventions.people",
                _("People engaged in conventions"),
                "people",
                CONVENTION_KINDS,
                participation_q=ENGAGED,
            ),
        ),
    ),
    Indicator(
        3,
        "research",
        _("Research reports, policy briefs and collections of best practices published"),
        (
            Measure(
                "research.published",
                _("Publications launched"),
                "activities",
                RESEARCH_KINDS,
                statuses=(ActivityStatus.COMPLETED,),
            ),
        ),
    ),
    Indicator(
        4,
        "platforms",
        _("Online platforms and learning resources, and teachers and students completing courses"),
        (
            Measure(
                "platforms.resources",
                _("Platforms, courses and learning resources available"),
                "activities",
                PLATFORM_KINDS,
            ),
            Measure(
                "platforms.completed",
                _("Teachers and students completing online courses"),
                "people",
                COURSE_KINDS,
                participation_q=(Q(completed=True) | Q(certified=True)) & TEACHERS_OR_STUDENTS,
                aggregate_rule=COMPLETERS,
            ),
            Measure(
                "platforms.certified",
                _("Teachers and students certified (micro-credential or certificate)"),
                "people",
                COURSE_KINDS,
                participation_q=Q(certified=True) & TEACHERS_OR_STUDENTS,
                aggregate_rule=CERTIFIED,
            ),
            # The platforms' communities of practice (iite.community.engagement): members
            # whose posts were shown, recorded per platform and half-year.
            Measure(
                "platforms.community",
                _("Members active in the platforms' communities of practice"),
                "people",
                (ActivityKind.OTHER,),
                participation_q=Q(activity__code__startswith=COMMUNITY_ACTIVITY_PREFIX),
            ),
        ),
    ),
    Indicator(
        5,
        "webinars",
        _("Webinars and workshops, and teachers, students and policymakers engaged"),
        (
            Measure("webinars.held", _("Webinars and workshops held"), "activities", WEBINAR_KINDS),
            Measure(
                "webinars.people",
                _("People engaged in webinars and workshops"),
                "people",
                WEBINAR_KINDS,
                participation_q=ENGAGED,
            ),
            Measure(
                "webinars.women",
                _("Women engaged in webinars and workshops"),
                "people",
                WEBINAR_KINDS,
                participation_q=ENGAGED & Q(sex="female"),
                aggregate_rule=WOMEN,
            ),
        ),
    ),
    Indicator(
        6,
        "competitions",
        _("Competitions and awards, and their participants"),
        (
            Measure(
                "competitions.held",
                _("Competitions and awards organised"),
                "activities",
                COMPETITION_KINDS,
            ),
            Measure(
                "competitions.participants",
                _("Participants in competitions and awards"),
                "people",
                COMPETITION_KINDS,
                participation_q=Q(role=ParticipationRole.PARTICIPANT),
                aggregate_rule=ENTRANTS,
            ),
        ),
    ),
    Indicator(
        7,
        "partners",
        _("Partners collaborating in the implementation of the strategy"),
        (
            Measure("partners.collaborating", _("Partners collaborating"), "partners"),
            Measure("partners.new", _("New partners"), "partners", new_only=True),
        ),
    ),
)

MEASURES: dict[str, Measure] = {m.code: m for i in INDICATORS for m in i.measures}
INDICATOR_BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}
PEOPLE_MEASURES = tuple(m for m in MEASURES.values() if m.unit == "people")
ACTIVITY_MEASURES = tuple(m for m in MEASURES.values() if m.unit == "activities")


def people_in_several_activities(records: QuerySet[Participation]) -> int:
    """The people among `records` who took part in more than one activity.

    The drill-down lists each activity with its distinct people, so its rows add up to
    more than the figure by these people's extra activities.
    """
    return (
        records.order_by()
        .values("person_key")
        .annotate(activities=Count("activity_id", distinct=True))
        .filter(activities__gt=1)
        .count()
    )


# --- The record sets, for a span of dates -------------------------------------------------
#
# The measures' querysets read the scope's dates; compute() reads the strategy's whole span
# at once (for the trend) with the same builders.


def _any_kind(measures: Iterable[Measure], prefix: str = "") -> Q:
    q = Q()
    for measure in measures:
        q |= measure.kind_q(prefix)
    return q


def _records_of(
    model: type[_Record],
    scope: Scope,
    measures: Iterable[Measure],
    start: datetime.date,
    end: datetime.date,
) -> QuerySet[_Record]:
    """Records of `model` in activities of the measures' kinds starting in [start, end]."""
    return model.objects.filter(  # type: ignore[attr-defined, no-any-return]
        _any_kind(measures, "activity__"),
        activity__start_date__gte=start,
        activity__start_date__lte=end,
    ).filter(scope.activity_q("activity__"))


def participation_in(
    scope: Scope, measures: Iterable[Measure], start: datetime.date, end: datetime.date
) -> QuerySet[Participation]:
    """Participation in activities of the measures' kinds starting in [start, end],
    narrowed by the scope's filters; the region is the participant's."""
    qs = _records_of(Participation, scope, measures, start, end)
    if scope.region:
        qs = qs.filter(country__unesco_region=scope.region)
    return qs


def aggregates_in(
    scope: Scope, measures: Iterable[Measure], start: datetime.date, end: datetime.date
) -> QuerySet[AggregateParticipation]:
    """Aggregate records of activities of the measures' kinds starting in [start, end].

    Under a region filter a record counts only when it lists exactly one country, of
    that region: a record over several countries cannot be split between them.
    """
    qs = _records_of(AggregateParticipation, scope, measures, start, end)
    if scope.region:
        through = AggregateParticipation.countries.through
        single = (
            through.objects.order_by()
            .values("aggregateparticipation_id")
            .annotate(n=Count("country_id"))
            .filter(n=1)  # type: ignore[misc]
            .values("aggregateparticipation_id")
        )
        in_region = through.objects.filter(country__unesco_region=scope.region).values(
            "aggregateparticipation_id"
        )
        qs = qs.filter(pk__in=single).filter(pk__in=in_region)
    return qs


def activities_in(
    scope: Scope, measures: Iterable[Measure], start: datetime.date, end: datetime.date
) -> QuerySet[Activity]:
    """Activities of the measures' kinds starting in [start, end], narrowed by the
    scope's filters; the region is that of a target country."""
    qs = Activity.objects.filter(
        _any_kind(measures), start_date__gte=start, start_date__lte=end
    ).filter(scope.activity_q())
    if scope.region:
        through = Activity.target_countries.through
        qs = qs.filter(
            pk__in=through.objects.filter(country__unesco_region=scope.region).values("activity_id")
        )
    return qs


def counted_activities(
    scope: Scope, start: datetime.date, end: datetime.date
) -> QuerySet[Activity]:
    """Activities of any kind that count (ongoing or completed) starting in [start, end]."""
    return Activity.objects.filter(
        status__in=COUNTED_STATUSES, start_date__gte=start, start_date__lte=end
    ).filter(scope.activity_q())


def supported_sources(
    scope: Scope, start: datetime.date, end: datetime.date
) -> tuple[QuerySet[Activity], QuerySet[Participation], QuerySet[AggregateParticipation]]:
    """Where a supported country comes from: counted activities that target countries,
    and the participants and aggregate records of counted policy advice."""
    counted = counted_activities(scope, start, end)
    advice = counted.filter(kind__in=ADVICE_KINDS)
    return (
        counted.filter(target_countries__isnull=False),
        Participation.objects.filter(activity__in=advice, country__isnull=False),
        AggregateParticipation.objects.filter(activity__in=advice, countries__isnull=False),
    )


def partner_links(scope: Scope, start: datetime.date, end: datetime.date) -> QuerySet[Any]:
    """Links between partners and counted activities starting in [start, end]."""
    return Activity.partners.through.objects.filter(
        activity__status__in=COUNTED_STATUSES,
        activity__start_date__gte=start,
        activity__start_date__lte=end,
    ).filter(scope.activity_q("activity__"))


def partnership_starts() -> QuerySet[Any]:
    """When each partnership began (`partner_id`, `earliest`), for "new partners".

    The partners domain's "partner since": the date staff entered, else the earliest
    signed agreement's start, else the first joint activity under way or done. A
    partner is new in a period when its partnership began in it, not when its first
    activity on this platform did (BNU is not new because its 2026 activity is the
    first one recorded here).
    """
    return (
        partners_with_since()  # type: ignore[misc]
        .filter(since__isnull=False)
        .annotate(partner_id=F("pk"), earliest=F("since"))
        .values("partner_id", "earliest")
    )
