"""The assistant's API for other channels (the page first; messaging bridges later).

POST /api/wellbeing/messages takes one message and answers with the reply, whether a
crisis was detected, the helplines of the country and the hand-off link. No
authentication: the conversation id returned is the only handle, and each conversation
(and each address for new conversations) is rate-limited.
"""

from __future__ import annotations

import uuid
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from iite.core.ratelimit import Limit, ratelimit_hit, request_allowed

from . import services

router = Router(tags=["wellbeing"])

# A person types slowly; a bridge relays one person per conversation.
CONVERSATION_LIMIT = Limit("wellbeing-conversation", hits=20, window=60)
# New conversations per address: only the hit is counted (in the cache, hashed), never stored.
NEW_CONVERSATION_LIMIT = Limit("wellbeing-new", hits=30, window=600)


class MessageIn(Schema):
    conversation: uuid.UUID | None = None
    text: str = Field(min_length=1, max_length=services.MAX_TEXT)
    language: str = Field(default="en", max_length=10)
    country: str = Field(default="", max_length=2)


class HelplineSchema(Schema):
    name: str
    phone: str
    url: str
    hours: str


class MessageOut(Schema):
    conversation: str
    crisis: bool
    category: Literal["self_harm", "abuse", "violence", "bullying", "eating", "danger"] | None
    reply: str
    helplines: list[HelplineSchema]
    handoff_url: str


class ErrorOut(Schema):
    detail: str


def handoff_url(conversation_id: uuid.UUID | str) -> str:
    """The page where the young person asks for a counsellor in one tap."""
    return f"{settings.SITE_URL}{reverse('wellbeing:handoff_start', args=[conversation_id])}"


@router.post(
    "/messages",
    response={200: MessageOut, 400: ErrorOut, 429: ErrorOut},
    url_name="wellbeing_messages",
)
def message_post(request: HttpRequest, payload: MessageIn) -> Status:
    if payload.conversation is not None:
        allowed = ratelimit_hit(CONVERSATION_LIMIT, str(payload.conversation))
    else:
        allowed = request_allowed(request, NEW_CONVERSATION_LIMIT)
    if not allowed:
        raise HttpError(429, "Too many messages; wait a minute.")
    try:
        reply = services.message_receive(
            conversation_id=payload.conversation,
            text=payload.text,
            language=payload.language,
            country=payload.country,
        )
    except ValidationError as exc:
        return Status(400, {"detail": " ".join(exc.messages)})
    if payload.conversation is None:
        ratelimit_hit(CONVERSATION_LIMIT, str(reply.conversation.pk))
    return Status(
        200,
        {
            "conversation": str(reply.conversation.pk),
            "crisis": reply.crisis,
            "category": reply.category,
            "reply": reply.reply,
            "helplines": [helpline.__dict__ for helpline in reply.helplines],
            "handoff_url": handoff_url(reply.conversation.pk),
        },
    )
