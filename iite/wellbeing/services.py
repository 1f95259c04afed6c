"""Every write of the well-being assistant.

`message_receive` is the one door for a young person's message: crisis detection first,
then a vetted answer, a clarifying question, or (with a counsellor) nothing automatic.
The reply is always one of the bank's approved answers or a fixed message of
`messages.py`; no code path composes text for a young person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.core.records import records_changed_on_commit

from . import messages
from .crisis import assess
from .matching import answer_embed, answer_match
from .models import (
    LANGUAGE_CODES,
    Answer,
    AnswerStatus,
    Category,
    Conversation,
    ConversationStatus,
    Helpline,
    Message,
    Note,
    Origin,
    Outcome,
    Sender,
    ServiceSettings,
    UsageCount,
)
from .permissions import can_counsel, can_review_answer
from .scrub import scrub

MAX_TEXT = 2000
RECORD_KINDS = frozenset({"wellbeing"})


@dataclass(frozen=True)
class HelplineOut:
    name: str
    phone: str
    url: str
    hours: str


@dataclass
class Reply:
    conversation: Conversation
    crisis: bool
    category: str | None
    reply: str
    kind: str  # answer | clarify | crisis | counsellor
    helplines: list[HelplineOut] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    answer: Answer | None = None


def settings_current() -> ServiceSettings:
    found = ServiceSettings.objects.order_by("pk").first()
    return found if found is not None else ServiceSettings.objects.create()


def language_clean(code: str | None) -> str:
    value = (code or "").strip().lower().replace("_", "-")
    if value.startswith("zh"):
        return "zh-hans"
    if value.startswith("uz"):
        return "uz"
    return value if value in LANGUAGE_CODES else "en"


def country_clean(code: str | None) -> str:
    value = (code or "").strip().upper()
    return value if re.fullmatch(r"[A-Z]{2}", value) else ""


def helplines_for(country: str) -> list[HelplineOut]:
    """The country's helplines; with none on record, the international directory."""
    rows = (
        Helpline.objects.filter(country=country, active=True).order_by("order", "name")
        if country
        else []
    )
    found = [HelplineOut(row.name, row.phone, row.url, row.hours) for row in rows]
    if not found:
        found.append(
            HelplineOut(
                "Child Helpline International: find a helpline in your country",
                "",
                messages.INTERNATIONAL_DIRECTORY,
                "",
            )
        )
    return found


def _count(day: Any, language: str, measure: str, key: str = "", amount: int = 1) -> None:
    row, _created = UsageCount.objects.get_or_create(
        day=day, language=language, measure=measure, key=key
    )
    UsageCount.objects.filter(pk=row.pk).update(count=F("count") + amount)


def _clean_text(text: str | None) -> str:
    """The text without NUL characters (PostgreSQL refuses them) and outer spaces."""
    return (text or "").replace("\x00", "").strip()


def _with_notice(fixed: dict[str, str], language: str) -> str:
    """A fixed message followed by the notice that the assistant is automated."""
    return f"{messages.fixed(fixed, language)}\n\n{messages.fixed(messages.AUTOMATED, language)}"


def _conversation(conversation_id: Any, language: str, country: str) -> tuple[Conversation, bool]:
    existing = None
    if conversation_id:
        existing = (
            Conversation.objects.select_for_update()
            .filter(pk=conversation_id)
            .exclude(status=ConversationStatus.CLOSED)
            .first()
        )
    if existing is not None:
        changed = []
        if existing.language != language:
            existing.language = language
            changed.append("language")
        if country and existing.country != country:
            existing.country = country
            changed.append("country")
        if changed:
            existing.save(update_fields=changed)
        return existing, False
    return Conversation.objects.create(language=language, country=country), True


@transaction.atomic
def message_receive(*, conversation_id: Any, text: str, language: str, country: str = "") -> Reply:
    """Take one message from a young person and give the assistant's reply.

    Crisis detection runs first on the text as typed; only the scrubbed text is stored.
    An unknown, expired or closed conversation id starts a new conversation.
    """
    body = _clean_text(text)
    if not body:
        raise ValidationError({"text": _("Write a message first.")})
    if len(body) > MAX_TEXT:
        raise ValidationError(
            {"text": _("Keep a message under %(limit)s characters.") % {"limit": MAX_TEXT}}
        )
    language = language_clean(language)
    conversation, created = _conversation(conversation_id, language, country_clean(country))
    now = timezone.now()
    today = timezone.localdate()
    found = assess(
        body, previous_risk=conversation.risk, previous_category=conversation.category or None
    )
    Message.objects.create(
        conversation=conversation,
        sender=Sender.YOUNG_PERSON,
        text=scrub(body),
        crisis=found.crisis,
        category=found.category or "",
        score=found.score,
        created_at=now,
    )
    if created:
        _count(today, language, "conversations")
    _count(today, language, "messages")
    conversation.risk = found.risk
    conversation.last_message_at = now
    answer = None
    helplines: list[HelplineOut] = []
    topic_list: list[str] = []
    if found.crisis:
        if not conversation.crisis:
            _count(today, language, "crisis", found.category or "")
        conversation.crisis = True
        conversation.category = found.category or conversation.category
        kind = "crisis"
        reply = _with_notice(messages.CRISIS, language)
        helplines = helplines_for(conversation.country)
    elif conversation.status in (ConversationStatus.WAITING, ConversationStatus.CLAIMED):
        kind = "counsellor"
        reply = messages.fixed(
            messages.HANDOFF_WAITING, language, minutes=settings_current().expected_response_minutes
        )
    else:
        match = answer_match(body, language)
        answer = match.answer
        if answer is not None:
            kind = "answer"
            reply = f"{answer.body}\n\n{messages.fixed(messages.AUTOMATED, language)}"
            _count(today, language, "answered", answer.topic)
        else:
            kind = "clarify"
            reply = _with_notice(messages.CLARIFY, language)
            topic_list = messages.topics(language)
            _count(today, language, "clarify")
    conversation.save(update_fields=["risk", "last_message_at", "crisis", "category"])
    Message.objects.create(
        conversation=conversation,
        sender=Sender.ASSISTANT,
        text=reply,
        answer=answer,
        crisis=found.crisis,
        category=found.category or "",
        created_at=now,
    )
    return Reply(
        conversation=conversation,
        crisis=found.crisis,
        category=found.category,
        reply=reply,
        kind=kind,
        helplines=helplines,
        topics=topic_list,
        answer=answer,
    )


def staffed_now(settings: ServiceSettings, at: datetime | None = None) -> bool:
    try:
        zone = ZoneInfo(settings.hours_time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = (at or timezone.now()).astimezone(zone)
    return (
        local.weekday() in settings.weekdays()
        and settings.staffed_from <= local.time() < settings.staffed_until
    )


def hours_text(settings: ServiceSettings) -> str:
    days = sorted(settings.weekdays())
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    span = f"{names[days[0]]}-{names[days[-1]]} " if days else ""
    hours = f"{settings.staffed_from:%H:%M}-{settings.staffed_until:%H:%M}"
    return f"{span}{hours} ({settings.hours_time_zone})"


@dataclass
class Handoff:
    conversation: Conversation
    staffed: bool
    reply: str
    helplines: list[HelplineOut]


@transaction.atomic
def handoff_request(*, conversation: Conversation) -> Handoff:
    """The young person asks for a person: the conversation joins the counsellors' queue.

    Outside staffed hours the request is kept and the reply says when counsellors answer
    and gives the helplines.
    """
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    settings = settings_current()
    staffed = staffed_now(settings)
    now = timezone.now()
    if conversation.status == ConversationStatus.ASSISTANT:
        conversation.status = ConversationStatus.WAITING
        conversation.handoff_requested_at = now
        conversation.last_message_at = now
        conversation.save(update_fields=["status", "handoff_requested_at", "last_message_at"])
        _count(timezone.localdate(), conversation.language, "handoffs")
    if staffed:
        reply = messages.fixed(
            messages.HANDOFF_WAITING,
            conversation.language,
            minutes=settings.expected_response_minutes,
        )
    else:
        reply = messages.fixed(
            messages.OUTSIDE_HOURS, conversation.language, hours=hours_text(settings)
        )
    Message.objects.create(
        conversation=conversation, sender=Sender.ASSISTANT, text=reply, created_at=now
    )
    return Handoff(conversation, staffed, reply, helplines_for(conversation.country))


# Risk given to a report whose category is known: enough for a crisis by itself, so a
# report never waits behind an ordinary request of the same category.
REPORT_RISK = 1.0
_SOURCE_URL = re.compile(r"(https?://[^\s/]+)?/(?!/)\S*")


@transaction.atomic
def referral_open(
    *, text: str, language: str, source_url: str, category: str = "", country: str = ""
) -> Conversation:
    """Open a conversation in the counsellors' queue from a harm report made elsewhere.

    Another part of the platform (a community post flagged as self-harm or abuse, say)
    hands the reported text over; the text is scrubbed like every stored text, the
    conversation waits for a counsellor at once, ordered by `category` (one of the
    crisis categories, or "" to let crisis detection decide from the text), and keeps
    `source_url` (a path on this site or an http(s) address) so the counsellor can open
    what was reported. Invalid input raises ValidationError naming the field; nothing
    is written then.
    """
    body = _clean_text(text)
    errors: dict[str, str] = {}
    if not body:
        errors["text"] = _("The report has no text.")
    elif len(body) > MAX_TEXT:
        errors["text"] = _("Keep a message under %(limit)s characters.") % {"limit": MAX_TEXT}
    url = (source_url or "").strip()
    if not url or len(url) > 500 or not _SOURCE_URL.fullmatch(url):
        errors["source_url"] = _(
            "Give the address of what was reported: a path on this site or an http(s) address."
        )
    if category and category not in Category.values:
        errors["category"] = _("Choose a crisis category from the list, or none.")
    if country and not country_clean(country):
        errors["country"] = _("Give the country as a two-letter ISO code.")
    if errors:
        raise ValidationError(errors)
    found = assess(body)
    chosen = category or found.category or ""
    crisis = bool(category) or found.crisis
    now = timezone.now()
    conversation = Conversation.objects.create(
        language=language_clean(language),
        country=country_clean(country),
        status=ConversationStatus.WAITING,
        origin=Origin.REPORT,
        source_url=url,
        crisis=crisis,
        category=chosen,
        risk=max(found.risk, REPORT_RISK if category else 0.0),
        created_at=now,
        last_message_at=now,
        handoff_requested_at=now,
    )
    Message.objects.create(
        conversation=conversation,
        sender=Sender.REPORT,
        text=scrub(body),
        crisis=crisis,
        category=chosen,
        score=found.score,
        created_at=now,
    )
    _count(timezone.localdate(), conversation.language, "referrals", chosen)
    return conversation


# --- Counsellors --------------------------------------------------------------------------


def _require_counsellor(user: Any) -> None:
    if not can_counsel(user):
        raise PermissionError("counsellors only")


@transaction.atomic
def conversation_claim(*, conversation: Conversation, by: Any) -> Conversation:
    """A counsellor takes a waiting conversation; nobody else can claim it after."""
    _require_counsellor(by)
    claimed = Conversation.objects.filter(
        pk=conversation.pk, status=ConversationStatus.WAITING
    ).update(status=ConversationStatus.CLAIMED, claimed_by=by, claimed_at=timezone.now())
    if not claimed:
        raise ValidationError(_("This conversation is no longer waiting."))
    return Conversation.objects.get(pk=conversation.pk)


@transaction.atomic
def counsellor_reply(*, conversation: Conversation, by: Any, text: str) -> Message:
    """The claiming counsellor writes to the young person in the same conversation."""
    _require_counsellor(by)
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if conversation.status != ConversationStatus.CLAIMED or conversation.claimed_by_id != by.pk:
        raise ValidationError(_("Claim the conversation before replying."))
    if conversation.origin == Origin.REPORT:
        raise ValidationError(
            _("Nobody reads replies to a report here: follow the link to what was reported.")
        )
    body = _clean_text(text)
    if not body:
        raise ValidationError({"text": _("Write a reply first.")})
    if len(body) > MAX_TEXT:
        raise ValidationError(
            {"text": _("Keep a message under %(limit)s characters.") % {"limit": MAX_TEXT}}
        )
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation, sender=Sender.COUNSELLOR, text=body, created_at=now
    )
    update = ["last_message_at"]
    conversation.last_message_at = now
    if conversation.first_reply_at is None:
        conversation.first_reply_at = now
        update.append("first_reply_at")
        if conversation.handoff_requested_at:
            wait = int((now - conversation.handoff_requested_at).total_seconds())
            day = timezone.localdate()
            _count(day, conversation.language, "handoff_wait_seconds", amount=max(wait, 0))
            _count(day, conversation.language, "handoffs_answered")
    conversation.save(update_fields=update)
    return message


@transaction.atomic
def note_add(*, conversation: Conversation, by: Any, text: str) -> Note:
    _require_counsellor(by)
    body = _clean_text(text)
    if not body:
        raise ValidationError({"text": _("Write a note first.")})
    return Note.objects.create(conversation=conversation, author=by, text=body[:MAX_TEXT])


@transaction.atomic
def conversation_close(*, conversation: Conversation, by: Any, outcome: str) -> Conversation:
    """Close with an outcome; an escalated conversation is kept past the retention period."""
    _require_counsellor(by)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome from the list.")})
    conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
    conversation.status = ConversationStatus.CLOSED
    conversation.outcome = outcome
    conversation.closed_at = timezone.now()
    conversation.escalated = conversation.escalated or outcome == Outcome.ESCALATED
    conversation.save(update_fields=["status", "outcome", "closed_at", "escalated"])
    _count(timezone.localdate(), conversation.language, "outcome", outcome)
    records_changed_on_commit(sender="wellbeing", kinds=RECORD_KINDS)
    return conversation


@transaction.atomic
def conversation_leave(*, conversation_id: Any) -> None:
    """The young person left: a waiting request leaves the queue; nothing else is kept about it."""
    Conversation.objects.filter(pk=conversation_id, status=ConversationStatus.WAITING).update(
        status=ConversationStatus.CLOSED, outcome=Outcome.LEFT, closed_at=timezone.now()
    )


def conversations_expire(*, now: datetime | None = None) -> int:
    """Delete conversations quiet for longer than the retention period, unless escalated."""
    settings = settings_current()
    cutoff = (now or timezone.now()) - timedelta(days=settings.retention_days)
    old = Conversation.objects.filter(last_message_at__lt=cutoff, escalated=False)
    count = old.count()
    old.delete()
    return count


# --- The answer bank ----------------------------------------------------------------------


@transaction.atomic
def answer_save(*, answer: Answer, changed_content: bool) -> Answer:
    """Save an answer; a change of its text makes a new version that needs a new review."""
    if changed_content and answer.pk:
        answer.version += 1
        answer.status = AnswerStatus.DRAFT
        answer.reviewer = ""
        answer.reviewed_by = None
        answer.approved_at = None
    answer_embed(answer)
    answer.full_clean()
    answer.save()
    return answer


@transaction.atomic
def answer_approve(*, answer: Answer, by: Any, review_due: Any) -> Answer:
    """A clinical reviewer approves an answer they did not write, until a review date."""
    if not can_review_answer(by, answer):
        raise PermissionError("clinical reviewers only, and not the answer's author")
    if review_due is None or review_due <= timezone.localdate():
        raise ValidationError({"review_due": _("Give a review date in the future.")})
    answer.status = AnswerStatus.APPROVED
    answer.reviewer = by.name or by.email
    answer.reviewed_by = by
    answer.approved_at = timezone.now()
    answer.review_due = review_due
    answer.save(
        update_fields=[
            "status",
            "reviewer",
            "reviewed_by",
            "approved_at",
            "review_due",
            "updated_at",
        ]
    )
    return answer
