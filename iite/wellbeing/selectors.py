"""Reads of the well-being assistant: the counsellors' queue, a conversation, statistics."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from .models import (
    Answer,
    AnswerStatus,
    Category,
    Conversation,
    ConversationStatus,
    Helpline,
    Message,
    UsageCount,
)

# An approved answer comes up for review this many days before its review date.
REVIEW_NOTICE_DAYS = 30

# Risk order of the queue: a danger to life first.
CATEGORY_PRIORITY = {
    Category.SELF_HARM: 0,
    Category.DANGER: 1,
    Category.ABUSE: 2,
    Category.VIOLENCE: 3,
    Category.EATING: 4,
    Category.BULLYING: 5,
}


def queue() -> QuerySet[Conversation]:
    """Conversations waiting for or with a counsellor: crises first, by category, risk, wait."""
    priority = Case(
        *[
            When(category=category, then=Value(rank))
            for category, rank in CATEGORY_PRIORITY.items()
        ],
        default=Value(9),
        output_field=IntegerField(),
    )
    return (
        Conversation.objects.filter(
            status__in=[ConversationStatus.WAITING, ConversationStatus.CLAIMED]
        )
        .select_related("claimed_by")
        .annotate(priority=priority)
        .order_by("-crisis", "priority", "-risk", "handoff_requested_at")
    )


def conversation_messages(conversation: Conversation, *, after: int = 0) -> QuerySet[Message]:
    return conversation.messages.filter(pk__gt=after).order_by("created_at", "pk")


@dataclass(frozen=True)
class Statistics:
    since: date
    conversations: int
    messages: int
    crises: int
    crisis_rate: float | None
    handoffs: int
    handoffs_answered: int
    mean_wait_minutes: float | None
    by_language: list[tuple[str, int]]
    by_topic: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    outcomes: list[tuple[str, int]]
    referrals: int = 0


def statistics(*, days: int = 90) -> Statistics:
    """Anonymous totals of the last `days` days from the daily counts (kept after deletion)."""
    since = timezone.localdate() - timedelta(days=days)
    rows = (
        UsageCount.objects.filter(day__gte=since)
        .values("language", "measure", "key")
        .annotate(total=Sum("count"))
    )
    totals: dict[str, int] = defaultdict(int)
    languages: dict[str, int] = defaultdict(int)
    topics: dict[str, int] = defaultdict(int)
    categories: dict[str, int] = defaultdict(int)
    outcomes: dict[str, int] = defaultdict(int)
    for row in rows:
        measure, key, total = row["measure"], row["key"], int(row["total"] or 0)
        totals[measure] += total
        if measure == "conversations":
            languages[row["language"]] += total
        elif measure == "answered":
            topics[key] += total
        elif measure == "crisis":
            categories[key] += total
        elif measure == "outcome":
            outcomes[key] += total
    conversations = totals["conversations"]
    answered = totals["handoffs_answered"]

    def ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))

    return Statistics(
        since=since,
        conversations=conversations,
        messages=totals["messages"],
        crises=totals["crisis"],
        crisis_rate=round(totals["crisis"] / conversations, 3) if conversations else None,
        handoffs=totals["handoffs"],
        handoffs_answered=answered,
        mean_wait_minutes=round(totals["handoff_wait_seconds"] / answered / 60, 1)
        if answered
        else None,
        by_language=ordered(languages),
        by_topic=ordered(topics),
        by_category=ordered(categories),
        outcomes=ordered(outcomes),
        referrals=totals["referrals"],
    )


def conversation_for_young_person(conversation_id: Any) -> Conversation | None:
    """The young person's own conversation, known only by the random id their browser holds."""
    if not conversation_id:
        return None
    try:
        return Conversation.objects.filter(pk=conversation_id).first()
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class AnswerFilters:
    topic: str = ""
    language: str = ""
    status: str = ""
    review_due: bool = False


def _review_due_q(today: date) -> Q:
    """Waiting for a first review, or approved and near (or past) the review date."""
    return Q(status=AnswerStatus.SUBMITTED) | Q(
        status=AnswerStatus.APPROVED, review_due__lte=today + timedelta(days=REVIEW_NOTICE_DAYS)
    )


def answers(filters: AnswerFilters) -> QuerySet[Answer]:
    """The answer bank for staff, filtered; the embedding stays in the database."""
    found = Answer.objects.defer("embedding", "questions", "body").select_related("reviewed_by")
    if filters.topic:
        found = found.filter(topic=filters.topic)
    if filters.language:
        found = found.filter(language=filters.language)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.review_due:
        found = found.filter(_review_due_q(timezone.localdate()))
    return found.order_by("topic", "key", "language")


def reviews_due() -> QuerySet[Answer]:
    """Answers a clinical reviewer should read: submitted ones first, then by review date."""
    return (
        Answer.objects.defer("embedding")
        .filter(_review_due_q(timezone.localdate()))
        .order_by("-status", "review_due", "key", "language")
    )


def helplines(country: str = "") -> QuerySet[Helpline]:
    found = Helpline.objects.select_related("verified_by")
    if country:
        found = found.filter(country=country)
    return found.order_by("country", "order", "name")
