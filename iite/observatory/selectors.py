"""Every read of the observatory beyond a .get(): the public catalogue, a tool's page,
the comparison, the feed and export, the reconciliation table and the workspace lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from iite.core.i18n import translated_search
from iite.library import selectors as library_selectors
from iite.library.models import Publication, PublicationStatus

from .models import (
    CONFIDENCE_ORDER,
    Assessment,
    AssessmentStatus,
    BiasAudit,
    ChangeLogEntry,
    ConflictDeclaration,
    Evidence,
    PrincipleRating,
    Protocol,
    ReviewerAssignment,
    Tool,
    ToolPublication,
    ToolStatus,
)
from .principles import PRINCIPLES, Principle

MAX_COMPARED = 4
# How many publications the staff's picker offers at once; a search narrows them.
PICKER_SIZE = 50


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    purpose: str = ""
    level: str = ""
    language: str = ""
    principle: str = ""
    minimum: int | None = None


def _current_assessment() -> Subquery:
    return Subquery(
        Assessment.objects.filter(tool=OuterRef("pk"), status=AssessmentStatus.PUBLISHED)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )


def tools_public() -> QuerySet[Tool]:
    """Tools with at least one published assessment, with `current_id` its latest."""
    return (
        Tool.objects.filter(status=ToolStatus.ACCEPTED)
        .annotate(current_id=_current_assessment())
        .filter(current_id__isnull=False)
        .select_related("provider")
    )


def catalogue_tools(filters: CatalogueFilters) -> QuerySet[Tool]:
    tools = tools_public()
    if filters.q:
        tools = tools.filter(
            Q(name__icontains=filters.q)
            | Q(provider_name__icontains=filters.q)
            | translated_search("summary", filters.q)
        )
    if filters.purpose:
        tools = tools.filter(purposes__icontains=f'"{filters.purpose}"')
    if filters.level:
        tools = tools.filter(levels__icontains=f'"{filters.level}"')
    if filters.language:
        tools = tools.filter(languages__icontains=f'"{filters.language}"')
    if filters.principle in PRINCIPLES and filters.minimum is not None:
        tools = tools.filter(
            Exists(
                PrincipleRating.objects.filter(
                    assessment_id=OuterRef("current_id"),
                    principle=filters.principle,
                    rating__gte=filters.minimum,
                )
            )
        )
    return tools.order_by("name")


def ratings_by_assessment(ids: Iterable[int]) -> dict[int, dict[str, PrincipleRating]]:
    """The reconciled ratings of the given assessments, by principle, in one query."""
    found: dict[int, dict[str, PrincipleRating]] = {}
    for rating in PrincipleRating.objects.filter(assessment_id__in=list(ids)):
        found.setdefault(rating.assessment_id, {})[rating.principle] = rating
    return found


def with_ratings(tools: Iterable[Tool]) -> list[Tool]:
    """The tools, each with `ratings`: its current assessment's ratings in principle order."""
    tools = list(tools)
    found = ratings_by_assessment(
        current for tool in tools if (current := getattr(tool, "current_id", None))
    )
    for tool in tools:
        by_principle = found.get(getattr(tool, "current_id", None) or 0, {})
        tool.ratings = [by_principle.get(principle) for principle in PRINCIPLES]  # type: ignore[attr-defined]
        tool.rated = [  # type: ignore[attr-defined]
            (Principle(principle).label, by_principle.get(principle)) for principle in PRINCIPLES
        ]
    return tools


def language_facets() -> list[str]:
    """The languages the published tools support, for the catalogue's filter."""
    codes: set[str] = set()
    for languages in tools_public().values_list("languages", flat=True):
        codes.update(languages or [])
    return sorted(codes)


# --- A tool's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class PrincipleRow:
    code: str
    label: Any
    rating: PrincipleRating | None
    level: Any  # the ScaleLevel of the rating
    questions: list[tuple[str, Any]]  # (code, ProtocolQuestion or None)
    evidence: list[Evidence]


@dataclass
class ToolPage:
    tool: Tool
    assessment: Assessment
    ratings: list[PrincipleRow]
    history: list[Assessment]
    changes: list[ChangeLogEntry]
    audits: list[BiasAudit]
    scale: dict[int, Any] = field(default_factory=dict)


def tool_public(slug: str) -> Tool | None:
    return tools_public().filter(slug=slug).first()


def tool_page(tool: Tool, assessment: Assessment | None = None) -> ToolPage:
    """The current (or given published) assessment of a tool, with its evidence and history."""
    history = list(
        tool.assessments.filter(status=AssessmentStatus.PUBLISHED)
        .select_related("protocol")
        .order_by("-published_at", "-pk")
    )
    assessment = assessment or history[0]
    by_principle = {rating.principle: rating for rating in assessment.ratings.all()}
    evidence: dict[str, list[Evidence]] = {}
    for item in assessment.evidence.all():
        evidence.setdefault(item.principle, []).append(item)
    protocol = assessment.protocol
    questions = {question.code: question for question in protocol.questions.all()}
    scale = {level.value: level for level in protocol.scale.all()}
    rows = []
    for code in PRINCIPLES:
        rating = by_principle.get(code)
        rows.append(
            PrincipleRow(
                code=code,
                label=Principle(code).label,
                rating=rating,
                level=scale.get(rating.rating) if rating else None,
                questions=[(q, questions.get(q)) for q in (rating.questions if rating else [])],
                evidence=evidence.get(code, []),
            )
        )
    return ToolPage(
        tool=tool,
        assessment=assessment,
        ratings=rows,
        history=history,
        changes=list(
            ChangeLogEntry.objects.filter(assessment__tool=tool).select_related("assessment")
        ),
        audits=list(tool.bias_audits.all()),
        scale=scale,
    )


# --- Links with the library ------------------------------------------------------------


def tool_publications(tool: Tool) -> list[Publication]:
    """The published library publications linked to the tool, newest first."""
    linked = ToolPublication.objects.filter(tool=tool).values("publication_id")
    return list(library_selectors.published().filter(pk__in=linked).order_by("-date_published"))


def publication_tools(publication: Publication) -> list[Tool]:
    """The published tools a published publication discusses, for its page (none while the
    publication is not public)."""
    if publication.status != PublicationStatus.PUBLISHED:
        return []
    linked = ToolPublication.objects.filter(publication_id=publication.pk).values("tool_id")
    return list(tools_public().filter(pk__in=linked).order_by("name"))


def publication_links_staff(tool: Tool) -> QuerySet[ToolPublication]:
    """Every link of the tool, whatever the publication's status, for the team's page."""
    return ToolPublication.objects.filter(tool=tool).select_related("publication")


def publications_to_link(tool: Tool, query: str = "") -> list[Publication]:
    """What the staff's picker offers: the library's publications not withdrawn and not yet
    linked to the tool, matching `query` in any language of their title; recently changed
    first, at most PICKER_SIZE."""
    linked = ToolPublication.objects.filter(tool=tool).values("publication_id")
    publications = (
        library_selectors.staff_list()
        .exclude(status=PublicationStatus.WITHDRAWN)
        .exclude(pk__in=linked)
    )
    if query:
        publications = publications.filter(translated_search("title", query))
    return list(publications[:PICKER_SIZE])


def assessment_published(tool: Tool, pk: int) -> Assessment | None:
    return (
        tool.assessments.filter(status=AssessmentStatus.PUBLISHED, pk=pk)
        .select_related("protocol")
        .first()
    )


def compared_tools(slugs: list[str]) -> list[Tool]:
    """Up to four published tools in the order asked, each with its current ratings."""
    wanted = list(dict.fromkeys(slug for slug in slugs if slug))[:MAX_COMPARED]
    found = {tool.slug: tool for tool in tools_public().filter(slug__in=wanted)}
    return with_ratings(found[slug] for slug in wanted if slug in found)


def protocol_public(version: str | None = None) -> Protocol | None:
    protocols = Protocol.objects.prefetch_related("questions", "scale")
    if version:
        return protocols.filter(version=version).first()
    return protocols.order_by("-published_on", "-version").first()


def feed_assessments(limit: int = 30) -> QuerySet[Assessment]:
    """The latest published assessments, new tools and new versions alike."""
    return (
        Assessment.objects.filter(
            status=AssessmentStatus.PUBLISHED, tool__status=ToolStatus.ACCEPTED
        )
        .select_related("tool")
        .prefetch_related(Prefetch("changes", queryset=ChangeLogEntry.objects.order_by("-at")))
        .order_by("-published_at", "-pk")[:limit]
    )


# --- Reconciliation --------------------------------------------------------------------


@dataclass(frozen=True)
class ReconciliationRow:
    principle: str
    label: Any
    ratings: tuple[int | None, ...]
    confidences: tuple[str | None, ...]
    proposed_rating: int | None
    proposed_confidence: str | None
    difference: int | None

    @property
    def wide(self) -> bool:
        return self.difference is not None and self.difference >= 2


def reconciliation(assessment: Assessment) -> list[ReconciliationRow]:
    """Both reviewers' ratings of each principle side by side, with a proposal: the same
    rating where they agree; the lower where they differ (the cautious reading, until the
    reconciler decides); and the lower of their confidences."""
    reviews = list(
        assessment.reviews.filter(submitted_at__isnull=False)
        .order_by("assigned_at", "pk")
        .prefetch_related("ratings")
    )
    by_review = [
        {rating.principle: rating for rating in review.ratings.all()} for review in reviews
    ]
    rows = []
    for code in PRINCIPLES:
        given = [ratings.get(code) for ratings in by_review]
        values = [rating.rating for rating in given if rating is not None]
        confidences = [rating.confidence for rating in given if rating is not None]
        rows.append(
            ReconciliationRow(
                principle=code,
                label=Principle(code).label,
                ratings=tuple(rating.rating if rating else None for rating in given),
                confidences=tuple(rating.confidence if rating else None for rating in given),
                proposed_rating=min(values) if values else None,
                proposed_confidence=(
                    min(confidences, key=lambda c: CONFIDENCE_ORDER.get(c, 0))  # type: ignore[call-overload]
                    if confidences
                    else None
                ),
                difference=(max(values) - min(values)) if len(values) > 1 else None,
            )
        )
    return rows


# --- The workspace ---------------------------------------------------------------------


def proposals_waiting() -> QuerySet[Tool]:
    return Tool.objects.filter(status=ToolStatus.PROPOSED).order_by("created_at")


def assessments_open() -> QuerySet[Assessment]:
    return (
        Assessment.objects.exclude(status=AssessmentStatus.PUBLISHED)
        .select_related("tool")
        .order_by("created_at")
    )


def reviews_of(user: Any) -> QuerySet[ReviewerAssignment]:
    return ReviewerAssignment.objects.filter(reviewer_id=user.pk).select_related("assessment__tool")


def declarations_of(assessment: Assessment) -> QuerySet[ConflictDeclaration]:
    return assessment.declarations.select_related("reviewer").order_by("declared_at")


def reconciled_ratings(assessment: Assessment) -> list[tuple[Any, int, Any]]:
    """(principle, rating, the scale's label) in principle order: what the provider is
    asked to reply to (the reply e-mail, the reply page)."""
    labels = {level.value: level.label for level in assessment.protocol.scale.all()}
    given = {rating.principle: rating.rating for rating in assessment.ratings.all()}
    return [
        (Principle(code).label, given[code], labels.get(given[code], ""))
        for code in PRINCIPLES
        if code in given
    ]
