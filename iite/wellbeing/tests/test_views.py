"""The young person's page without JavaScript and with htmx; the counsellors' pages."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from iite.wellbeing import messages, services
from iite.wellbeing.api import CONVERSATION_LIMIT
from iite.wellbeing.models import Conversation, ConversationStatus, Message, Sender
from iite.wellbeing.views import COOKIE

from .conftest import staff_with

pytestmark = pytest.mark.django_db


def _send(client, text, **extra):
    return client.post(
        reverse("wellbeing:assistant"), {"text": text, "language": "ru", "country": "KG"}, **extra
    )


def test_the_form_posts_without_javascript_and_shows_the_reply(client, kyrgyz_helplines):
    response = _send(client, "я хочу умереть")
    assert response.status_code == 302 and response["Location"].endswith("#latest")
    assert response.cookies[COOKIE]["httponly"]
    page = client.get(reverse("wellbeing:assistant"))
    body = page.content.decode()
    assert messages.CRISIS["ru"].split(".")[0] in body
    assert 'href="tel:111"' in body
    assert reverse("wellbeing:handoff") in body
    assert "no-store" in page["Cache-Control"]


def test_htmx_gets_the_conversation_fragment(client, small_bank):
    response = _send(client, "не могу уснуть ночью", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="wb-conversation"')
    assert "8–10" in body


def test_the_request_log_holds_neither_text_nor_address(client, caplog):
    with caplog.at_level(logging.INFO, logger="iite.request"):
        _send(client, "секретный текст", REMOTE_ADDR="203.0.113.9")
    logged = " ".join(str(vars(record)) for record in caplog.records)
    assert "секретный" not in logged and "203.0.113.9" not in logged


def test_one_tap_handoff_and_the_counsellors_reply_reaches_the_page(
    client, counsellor, kyrgyz_helplines
):
    _send(client, "я хочу умереть")
    client.post(reverse("wellbeing:handoff"))
    conversation = Conversation.objects.get()
    assert conversation.status == ConversationStatus.WAITING
    staff = client.__class__()
    staff.force_login(counsellor)
    url = reverse("wellbeing:queue_conversation", args=[conversation.pk])
    assert str(conversation) in staff.get(reverse("wellbeing:queue")).content.decode()
    staff.post(url, {"action": "claim"})
    staff.post(url, {"action": "reply", "text": "Я здесь. Ты сейчас в безопасности?"})
    fragment = client.get(reverse("wellbeing:conversation"))
    assert "Я здесь. Ты сейчас в безопасности?" in fragment.content.decode()
    assert 'hx-trigger="every 10s"' in fragment.content.decode()


def test_leave_quickly_forgets_the_conversation_and_goes_home(client):
    _send(client, "hello")
    client.post(reverse("wellbeing:handoff"))
    response = client.get(reverse("wellbeing:leave"))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")
    assert response.cookies[COOKIE].value == ""
    assert Conversation.objects.get().status == ConversationStatus.CLOSED


def test_the_api_handoff_link_continues_the_conversation_on_the_page(client):
    reply = services.message_receive(conversation_id=None, text="hello", language="en")
    response = client.get(reverse("wellbeing:handoff_start", args=[reply.conversation.pk]))
    assert response.status_code == 200
    assert response.cookies[COOKIE].value == str(reply.conversation.pk)


def test_queue_pages_are_for_counsellors_only(client, counsellor):
    reply = services.message_receive(conversation_id=None, text="hello", language="en")
    urls = [
        reverse("wellbeing:queue"),
        reverse("wellbeing:queue_conversation", args=[reply.conversation.pk]),
        reverse("wellbeing:statistics"),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    client.force_login(staff_with("Content editor", "wellbeing.change_answer"))
    for url in urls:
        assert client.get(url).status_code == 403
    client.force_login(counsellor)
    for url in urls:
        assert client.get(url).status_code == 200


def test_queue_lists_without_n_plus_one(client, counsellor, django_assert_max_num_queries):
    for _ in range(5):
        services.handoff_request(
            conversation=services.message_receive(
                conversation_id=None, text="hello", language="en"
            ).conversation
        )
    client.force_login(counsellor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("wellbeing:queue"))
    assert response.status_code == 200


def test_privacy_statement_says_when_an_adult_would_act(client):
    body = client.get(reverse("wellbeing:privacy")).content.decode()
    assert "When an adult would have to act" in body
    assert "30 days" in body


def test_young_person_stored_text_never_holds_the_phone_number(client):
    _send(client, "позвони мне +996 555 123 456")
    assert Message.objects.get(sender=Sender.YOUNG_PERSON).text == "позвони мне [phone]"


def test_too_many_messages_are_refused_and_htmx_shows_why(client):
    """Over the per-conversation limit nothing is stored and the fragment says to wait."""
    for _ in range(CONVERSATION_LIMIT.hits):
        _send(client, "hello", HTTP_HX_REQUEST="true")
    stored = Message.objects.filter(sender=Sender.YOUNG_PERSON).count()
    response = _send(client, "hello", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Too many messages at once" in response.content.decode()
    assert Message.objects.filter(sender=Sender.YOUNG_PERSON).count() == stored
