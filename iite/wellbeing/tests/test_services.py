"""The one door for a young person's message, hand-off, counsellors, retention, the bank."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.wellbeing import messages, services
from iite.wellbeing.models import (
    Answer,
    AnswerStatus,
    Conversation,
    ConversationStatus,
    Message,
    Sender,
    ServiceSettings,
    UsageCount,
)
from iite.wellbeing.personal_data import export_counsellor_data
from iite.wellbeing.selectors import queue, statistics

from .conftest import staff_with

pytestmark = pytest.mark.django_db


def _allowed_texts() -> set[str]:
    """Every text the assistant may send: approved answers and fixed messages, with the notice."""
    fixed = set()
    for language in messages.AUTOMATED:
        notice = messages.AUTOMATED[language]
        fixed.add(f"{messages.CRISIS[language]}\n\n{notice}")
        fixed.add(f"{messages.CLARIFY[language]}\n\n{notice}")
    answers = {
        f"{answer.body}\n\n{messages.AUTOMATED[language]}"
        for answer in Answer.objects.filter(status=AnswerStatus.APPROVED)
        for language in messages.AUTOMATED
    }
    return fixed | answers


def test_no_generated_text_reaches_a_young_person(small_bank, kyrgyz_helplines):
    """Every assistant reply, on every path, is an approved answer or a fixed message, and says it is automated."""
    conversation = None
    for text, language in [
        ("I can't fall asleep at night", "en"),
        ("blorp zzz qwerty", "en"),
        ("хочу покончить с собой", "ru"),
        ("Мен үнемі стресстемін", "kk"),
        ("where can I get help", "fr"),
    ]:
        reply = services.message_receive(
            conversation_id=conversation, text=text, language=language, country="KG"
        )
        conversation = reply.conversation.pk
    allowed = _allowed_texts()
    for message in Message.objects.filter(sender=Sender.ASSISTANT):
        assert message.text in allowed
        assert any(notice in message.text for notice in messages.AUTOMATED.values())


def test_an_answer_is_served_in_the_persons_language(small_bank):
    reply = services.message_receive(
        conversation_id=None, text="не могу уснуть ночью", language="ru"
    )
    assert reply.kind == "answer"
    assert reply.answer.key == "sleep-better" and reply.answer.language == "ru"
    assert reply.reply.endswith(messages.AUTOMATED["ru"])


def test_below_the_threshold_it_asks_and_offers_topics(small_bank):
    reply = services.message_receive(
        conversation_id=None, text="what is the capital of France", language="en"
    )
    assert reply.kind == "clarify"
    assert reply.answer is None
    assert reply.topics == messages.TOPICS["en"]


def test_drafts_and_answers_past_their_review_date_are_never_served(small_bank):
    """Withdrawing or letting the review date pass takes an answer out of service."""
    Answer.objects.filter(key="sleep-better").update(
        review_due=timezone.localdate() - timedelta(days=1)
    )
    reply = services.message_receive(
        conversation_id=None, text="I can't fall asleep at night", language="en"
    )
    assert reply.answer is None or reply.answer.key != "sleep-better"


def test_editing_an_answer_makes_a_new_version_that_needs_review(small_bank):
    answer = Answer.objects.get(key="sleep-better", language="en")
    answer.body = "Changed text."
    services.answer_save(answer=answer, changed_content=True)
    answer.refresh_from_db()
    assert (answer.version, answer.status, answer.reviewer) == (2, AnswerStatus.DRAFT, "")


def test_a_reviewer_cannot_approve_their_own_answer(reviewer):
    answer = services.answer_save(
        answer=Answer(
            key="own", topic="sleep", language="en", questions="q", body="b", author="Dr Rev"
        ),
        changed_content=False,
    )
    with pytest.raises(PermissionError):
        services.answer_approve(
            answer=answer, by=reviewer, review_due=timezone.localdate() + timedelta(days=30)
        )
    assert Answer.objects.get(pk=answer.pk).status == AnswerStatus.DRAFT


def test_crisis_reply_is_fixed_with_the_countrys_helplines(small_bank, kyrgyz_helplines):
    reply = services.message_receive(
        conversation_id=None, text="Я больше не хочу жить", language="ru", country="kg"
    )
    assert reply.crisis and reply.category == "self_harm" and reply.kind == "crisis"
    assert reply.reply == f"{messages.CRISIS['ru']}\n\n{messages.AUTOMATED['ru']}"
    assert [line.phone for line in reply.helplines] == ["111", ""]
    conversation = Conversation.objects.get(pk=reply.conversation.pk)
    assert conversation.crisis and conversation.country == "KG"


def test_a_country_without_helplines_gets_the_international_directory(db):
    reply = services.message_receive(
        conversation_id=None, text="I want to kill myself", language="en", country="FR"
    )
    assert [line.url for line in reply.helplines] == [messages.INTERNATIONAL_DIRECTORY]


def test_risk_accumulates_over_the_conversation(db):
    """Messages under the threshold one by one tip the conversation into crisis together."""
    first = services.message_receive(
        conversation_id=None, text="nobody cares about me", language="en"
    )
    assert not first.crisis
    second = services.message_receive(
        conversation_id=first.conversation.pk, text="I feel hopeless", language="en"
    )
    assert not second.crisis
    third = services.message_receive(
        conversation_id=first.conversation.pk,
        text="no one cares, I can't take it anymore",
        language="en",
    )
    assert third.crisis and third.category == "self_harm"


def test_stored_text_is_scrubbed(db):
    reply = services.message_receive(
        conversation_id=None,
        text="my name is Aigerim, I'm at school No. 12, call +996 555 123 456 or aigerim@mail.kg",
        language="en",
    )
    stored = Message.objects.get(conversation=reply.conversation, sender=Sender.YOUNG_PERSON).text
    assert stored == "my name is [name], I'm at [school], call [phone] or [email]"


def test_empty_and_overlong_messages_are_refused_without_a_write(db):
    with pytest.raises(ValidationError):
        services.message_receive(conversation_id=None, text="   ", language="en")
    with pytest.raises(ValidationError):
        services.message_receive(conversation_id=None, text="x" * 2001, language="en")
    assert not Conversation.objects.exists()


def test_an_unknown_language_falls_back_to_english_and_uzbek_cyrillic_to_uzbek(db):
    assert services.language_clean("xx") == "en"
    assert services.language_clean("uz-Cyrl") == "uz"
    assert services.language_clean("zh_Hans") == "zh-hans"


def _settings(**values) -> ServiceSettings:
    settings = services.settings_current()
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def test_handoff_outside_staffed_hours_says_so_and_gives_helplines(kyrgyz_helplines, monkeypatch):
    _settings(
        staffed_from=time(9, 0),
        staffed_until=time(10, 0),
        hours_time_zone="UTC",
        staffed_weekdays="0,1,2,3,4",
    )
    saturday_night = datetime(2026, 12, 5, 23, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: saturday_night)
    reply = services.message_receive(
        conversation_id=None, text="hello", language="ru", country="KG"
    )
    handoff = services.handoff_request(conversation=reply.conversation)
    assert not handoff.staffed
    assert handoff.reply == messages.OUTSIDE_HOURS["ru"].format(hours="Mon-Fri 09:00-10:00 (UTC)")
    assert [line.phone for line in handoff.helplines] == ["111", ""]
    assert Conversation.objects.get(pk=reply.conversation.pk).status == ConversationStatus.WAITING


def test_counsellor_claims_replies_notes_and_closes(counsellor, db):
    reply = services.message_receive(conversation_id=None, text="my stepdad hits me", language="en")
    services.handoff_request(conversation=reply.conversation)
    conversation = services.conversation_claim(conversation=reply.conversation, by=counsellor)
    with pytest.raises(ValidationError):
        services.conversation_claim(conversation=conversation, by=counsellor)
    services.counsellor_reply(
        conversation=conversation, by=counsellor, text="I'm here. Are you safe now?"
    )
    services.note_add(conversation=conversation, by=counsellor, text="Disclosed violence at home.")
    services.conversation_close(conversation=conversation, by=counsellor, outcome="escalated")
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED and conversation.escalated
    assert conversation.first_reply_at is not None
    assert list(conversation.messages.values_list("sender", flat=True)) == [
        "young_person",
        "assistant",
        "assistant",
        "counsellor",
    ]
    stats = statistics()
    assert (stats.conversations, stats.crises, stats.handoffs, stats.handoffs_answered) == (
        1,
        1,
        1,
        1,
    )
    assert stats.by_category == [("abuse", 1)] and stats.outcomes == [("escalated", 1)]


def test_only_counsellors_may_claim(db):
    reply = services.message_receive(conversation_id=None, text="hello", language="en")
    services.handoff_request(conversation=reply.conversation)
    with pytest.raises(PermissionError):
        services.conversation_claim(conversation=reply.conversation, by=UserFactory())


def test_a_counsellor_replies_only_to_a_conversation_they_claimed(counsellor):
    other = staff_with("Counsellor", "wellbeing.counsel_conversation")
    reply = services.message_receive(conversation_id=None, text="hello", language="en")
    services.handoff_request(conversation=reply.conversation)
    services.conversation_claim(conversation=reply.conversation, by=counsellor)
    with pytest.raises(ValidationError):
        services.counsellor_reply(conversation=reply.conversation, by=other, text="hi")


def test_queue_puts_crises_first(db):
    calm = services.message_receive(conversation_id=None, text="hello", language="en").conversation
    services.handoff_request(conversation=calm)
    urgent = services.message_receive(
        conversation_id=None, text="I want to kill myself", language="en"
    ).conversation
    services.handoff_request(conversation=urgent)
    assert [item.pk for item in queue()] == [urgent.pk, calm.pk]


def test_retention_deletes_old_conversations_but_keeps_escalated_ones(counsellor):
    _settings(retention_days=30)
    old = services.message_receive(conversation_id=None, text="hello", language="en").conversation
    kept = services.message_receive(
        conversation_id=None, text="I want to kill myself", language="en"
    ).conversation
    recent = services.message_receive(conversation_id=None, text="hi", language="en").conversation
    services.handoff_request(conversation=kept)
    services.conversation_claim(conversation=kept, by=counsellor)
    services.conversation_close(conversation=kept, by=counsellor, outcome="escalated")
    Conversation.objects.filter(pk__in=[old.pk, kept.pk]).update(
        last_message_at=timezone.now() - timedelta(days=31)
    )
    assert services.conversations_expire() == 1
    assert set(Conversation.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert not Message.objects.filter(conversation_id=old.pk).exists()
    # The anonymous daily counts survive the deletion.
    assert UsageCount.objects.filter(measure="conversations").get().count == 3


def test_nul_characters_are_dropped_before_anything_is_stored(db):
    """PostgreSQL refuses NUL in text; a message full of them is an empty message."""
    with pytest.raises(ValidationError):
        services.message_receive(conversation_id=None, text="\x00\x00", language="en")
    reply = services.message_receive(conversation_id=None, text="hel\x00lo", language="en")
    assert (
        Message.objects.get(conversation=reply.conversation, sender=Sender.YOUNG_PERSON).text
        == "hello"
    )


def test_a_counsellors_export_counts_their_work_and_holds_no_young_persons_text(counsellor):
    reply = services.message_receive(conversation_id=None, text="secret words", language="en")
    services.handoff_request(conversation=reply.conversation)
    services.conversation_claim(conversation=reply.conversation, by=counsellor)
    services.note_add(conversation=reply.conversation, by=counsellor, text="note")
    assert export_counsellor_data(counsellor) == {"conversations_claimed": 1, "notes_written": 1}
