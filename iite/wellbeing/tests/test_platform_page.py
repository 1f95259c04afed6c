"""The assistant on the Health and Well-being platform's page, through the registry's hook."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iite.learning.tests.factories import current_period, make_platform
from iite.strategy.tests.factories import InitiativeFactory
from iite.wellbeing import reporting
from iite.wellbeing.models import Conversation, Message, Sender

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    period = current_period()
    InitiativeFactory(period=period, code=reporting.PLATFORM_INITIATIVE)
    return make_platform(
        "health-well-being",
        name={"en": "Learning Platform on Health and Well-being"},
        initiative_code=reporting.PLATFORM_INITIATIVE,
    )


def test_the_health_platform_page_has_the_assistants_form_and_link(client, health):
    html = client.get(reverse("learning:platform", args=[health.slug])).content.decode()
    assert "Ask the well-being assistant" in html
    assert f'<form method="post" action="{reverse("wellbeing:assistant")}">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="{reverse("wellbeing:assistant")}"' in html


def test_another_platform_page_does_not(client, health):
    other = make_platform("e-library")
    html = client.get(reverse("learning:platform", args=[other.slug])).content.decode()
    assert "Ask the well-being assistant" not in html


def test_the_platform_form_posts_to_the_assistant_without_javascript(client, health):
    """Sending from the platform page starts a conversation and shows it on the assistant page."""
    response = client.post(
        reverse("wellbeing:assistant"), {"text": "не могу уснуть ночью", "language": "ru"}
    )
    assert response.status_code == 302
    conversation = Conversation.objects.get()
    assert conversation.language == "ru"
    assert Message.objects.filter(conversation=conversation, sender=Sender.ASSISTANT).exists()
