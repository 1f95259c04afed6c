"""POST /api/wellbeing/messages, exactly as the issue specifies it."""

from __future__ import annotations

import json

import pytest

from iite.wellbeing import messages
from iite.wellbeing.api import CONVERSATION_LIMIT
from iite.wellbeing.models import Conversation

pytestmark = pytest.mark.django_db
URL = "/api/wellbeing/messages"


def _post(client, body, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


def test_a_crisis_in_russian_gets_kyrgyzstans_helplines_and_a_handoff_link(
    client, kyrgyz_helplines
):
    response = _post(
        client, {"conversation": None, "text": "я хочу умереть", "language": "ru", "country": "KG"}
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"conversation", "crisis", "category", "reply", "helplines", "handoff_url"}
    assert data["crisis"] is True and data["category"] == "self_harm"
    assert data["reply"] == f"{messages.CRISIS['ru']}\n\n{messages.AUTOMATED['ru']}"
    assert data["helplines"][0] == {
        "name": "Детский телефон доверия",
        "phone": "111",
        "url": "",
        "hours": "",
    }
    assert data["handoff_url"].endswith(f"/wellbeing/continue/{data['conversation']}/")
    assert Conversation.objects.get(pk=data["conversation"]).country == "KG"


def test_the_conversation_continues_with_the_id_returned(client, small_bank):
    first = _post(client, {"text": "hello", "language": "en"}).json()
    second = _post(
        client, {"conversation": first["conversation"], "text": "I can't fall asleep at night"}
    ).json()
    assert second["conversation"] == first["conversation"]
    assert second["crisis"] is False and second["category"] is None and second["helplines"] == []
    assert Conversation.objects.count() == 1


def test_invalid_input_is_a_400_naming_the_field(client):
    response = _post(client, {"text": "", "language": "en"})
    assert response.status_code == 400
    assert any(error["field"].endswith("text") for error in response.json()["errors"])
    assert not Conversation.objects.exists()


def test_rate_limited_per_conversation(client):
    first = _post(client, {"text": "hello"}).json()
    statuses = [
        _post(client, {"conversation": first["conversation"], "text": "hello"}).status_code
        for _ in range(CONVERSATION_LIMIT.hits)
    ]
    assert statuses[-1] == 429 and statuses[:-1] == [200] * (CONVERSATION_LIMIT.hits - 1)
