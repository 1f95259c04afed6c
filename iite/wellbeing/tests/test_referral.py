"""A harm report made elsewhere on the platform opens a conversation in the counsellors' queue."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from iite.wellbeing import services
from iite.wellbeing.models import (
    Conversation,
    ConversationStatus,
    Message,
    Origin,
    Sender,
    UsageCount,
)
from iite.wellbeing.selectors import queue

pytestmark = pytest.mark.django_db

POST = "/en/community/posts/42/"


def test_a_report_waits_in_the_queue_with_its_scrubbed_text_and_source():
    """The report's text is stored scrubbed, the conversation waits at once and keeps the link."""
    conversation = services.referral_open(
        text="Меня зовут Айгерим, мой номер +996 555 123 456, я больше не хочу жить",
        language="ru",
        source_url=POST,
        category="self_harm",
        country="kg",
    )
    conversation.refresh_from_db()
    assert conversation.origin == Origin.REPORT
    assert conversation.source_url == POST
    assert conversation.status == ConversationStatus.WAITING
    assert conversation.handoff_requested_at is not None
    assert (conversation.crisis, conversation.category) == (True, "self_harm")
    assert (conversation.language, conversation.country) == ("ru", "KG")
    message = Message.objects.get(conversation=conversation)
    assert message.sender == Sender.REPORT
    assert "Айгерим" not in message.text and "555" not in message.text
    assert "[phone]" in message.text
    assert UsageCount.objects.get(measure="referrals").key == "self_harm"


def test_the_reports_category_sets_its_place_in_the_queue():
    """A self-harm report comes before a bullying report, and both before an ordinary request."""
    ordinary = services.message_receive(conversation_id=None, text="hello", language="en")
    services.handoff_request(conversation=ordinary.conversation)
    bullying = services.referral_open(
        text="they keep posting mean things about him",
        language="en",
        source_url=POST,
        category="bullying",
    )
    self_harm = services.referral_open(
        text="she wrote she wants to disappear",
        language="en",
        source_url=POST,
        category="self_harm",
    )
    assert [item.pk for item in queue()] == [
        self_harm.pk,
        bullying.pk,
        ordinary.conversation.pk,
    ]


def test_without_a_category_detection_reads_the_text():
    """With no category given, the crisis detector decides from the reported text."""
    found = services.referral_open(
        text="I want to kill myself", language="en", source_url="https://example.org/p/1"
    )
    calm = services.referral_open(
        text="This post is about homework deadlines", language="en", source_url=POST
    )
    assert found.crisis and found.category == "self_harm"
    assert not calm.crisis and calm.category == ""
    assert calm.status == ConversationStatus.WAITING


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "x" * (services.MAX_TEXT + 1)}, "text"),
        ({"source_url": ""}, "source_url"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "//elsewhere.example/post"}, "source_url"),
        ({"category": "gossip"}, "category"),
        ({"country": "Kyrgyzstan"}, "country"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(fields, field):
    arguments = {"text": "he hurts me", "language": "en", "source_url": POST, **fields}
    with pytest.raises(ValidationError) as raised:
        services.referral_open(**arguments)
    assert field in raised.value.message_dict
    assert not Conversation.objects.exists()
    assert not UsageCount.objects.exists()


def test_the_queue_and_the_conversation_say_it_came_from_a_report(client, counsellor):
    conversation = services.referral_open(
        text="he hits me at home", language="en", source_url=POST, category="abuse"
    )
    client.force_login(counsellor)
    listing = client.get(reverse("wellbeing:queue")).content.decode()
    assert "from a report" in listing
    assert f'href="{POST}"' in listing
    url = reverse("wellbeing:queue_conversation", args=[conversation.pk])
    page = client.get(url).content.decode()
    assert "Opened from a report" in page
    assert f'href="{POST}"' in page
    assert "he hits me at home" in page


def test_a_report_is_handled_by_notes_and_an_outcome_not_replies(client, counsellor):
    """Nobody reads a reply to a report: the counsellor claims, notes and closes."""
    conversation = services.referral_open(
        text="he hits me at home", language="en", source_url=POST, category="abuse"
    )
    client.force_login(counsellor)
    url = reverse("wellbeing:queue_conversation", args=[conversation.pk])
    client.post(url, {"action": "claim"})
    page = client.get(url).content.decode()
    assert 'name="action" value="reply"' not in page
    refused = client.post(url, {"action": "reply", "text": "hello"})
    assert refused.status_code == 400
    assert "Nobody reads replies to a report here" in refused.content.decode()
    client.post(url, {"action": "note", "text": "Told the community moderators."})
    client.post(url, {"action": "close", "outcome": "referred"})
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.CLOSED
    assert not Message.objects.filter(conversation=conversation, sender=Sender.COUNSELLOR)
