"""The assistant's pages for young people, and the counsellors' queue.

Young people: no account, no address kept; the browser holds the conversation's random
id in a cookie (HttpOnly, this site only) and nothing else. Every page works without
JavaScript (a form that posts, a refresh link); htmx swaps the conversation in place and
polls while a counsellor is answering. No page here may be cached by anyone.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from iite.core.ratelimit import ratelimit_hit, request_allowed
from iite.reference.selectors import countries, sorted_by_name

from . import selectors, services
from .api import CONVERSATION_LIMIT, NEW_CONVERSATION_LIMIT
from .models import LANGUAGES, Conversation, ConversationStatus, Outcome, Sender
from .permissions import can_counsel

COOKIE = "wellbeing"
POLL_SECONDS = 10


def _conversation_of(request: HttpRequest) -> Conversation | None:
    raw = request.COOKIES.get(COOKIE, "")
    try:
        return selectors.conversation_for_young_person(uuid.UUID(raw)) if raw else None
    except ValueError:
        return None


def _keep(request: HttpRequest, response: HttpResponse, conversation: Conversation) -> HttpResponse:
    days = services.settings_current().retention_days
    response.set_cookie(
        COOKIE,
        str(conversation.pk),
        max_age=days * 86400,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _ui_language() -> str:
    return services.language_clean(get_language())


def _context(
    request: HttpRequest, conversation: Conversation | None, **extra: Any
) -> dict[str, Any]:
    helplines = (
        services.helplines_for(conversation.country) if conversation and conversation.crisis else []
    )
    staff_settings = services.settings_current()
    waiting = bool(
        conversation
        and conversation.status in (ConversationStatus.WAITING, ConversationStatus.CLAIMED)
    )
    return {
        "conversation": conversation,
        "messages": list(selectors.conversation_messages(conversation)) if conversation else [],
        "helplines": helplines,
        "languages": LANGUAGES,
        "language": conversation.language if conversation else _ui_language(),
        "country": conversation.country if conversation else "",
        "countries": sorted_by_name(countries()),
        "with_counsellor": waiting,
        "poll_seconds": POLL_SECONDS,
        "staffed": services.staffed_now(staff_settings),
        "hours": services.hours_text(staff_settings),
        "Sender": Sender,
        **extra,
    }


@never_cache
def assistant(request: HttpRequest) -> HttpResponse:
    """The assistant: the conversation so far and a form; posting sends a message."""
    conversation = _conversation_of(request)
    if request.method == "POST":
        limit = CONVERSATION_LIMIT if conversation else NEW_CONVERSATION_LIMIT
        allowed = (
            ratelimit_hit(limit, str(conversation.pk))
            if conversation
            else request_allowed(request, limit)
        )
        error = ""
        if not allowed:
            error = "rate"
        else:
            try:
                reply = services.message_receive(
                    conversation_id=conversation.pk if conversation else None,
                    text=request.POST.get("text", ""),
                    language=request.POST.get("language", _ui_language()),
                    country=request.POST.get("country", ""),
                )
                if conversation is None:  # the first message counts for the new conversation too
                    ratelimit_hit(CONVERSATION_LIMIT, str(reply.conversation.pk))
                conversation = reply.conversation
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if request.headers.get("HX-Request"):
            response = render(
                request,
                "wellbeing/_conversation.html",
                # htmx swaps only 2xx answers: the error is shown inside the fragment.
                _context(request, conversation, error=error, latest=True),
            )
        elif error:
            response = render(
                request,
                "wellbeing/assistant.html",
                _context(request, conversation, error=error, text=request.POST.get("text", "")),
                status=429 if error == "rate" else 400,
            )
        else:
            response = redirect(reverse("wellbeing:assistant") + "#latest")
        return _keep(request, response, conversation) if conversation else response
    return render(request, "wellbeing/assistant.html", _context(request, conversation))


@never_cache
@require_GET
def conversation_fragment(request: HttpRequest) -> HttpResponse:
    """The conversation alone, for htmx polling while a counsellor answers."""
    conversation = _conversation_of(request)
    return render(request, "wellbeing/_conversation.html", _context(request, conversation))


@never_cache
@require_POST
def handoff(request: HttpRequest) -> HttpResponse:
    """One tap: the young person asks for a counsellor."""
    conversation = _conversation_of(request)
    if conversation is None or conversation.status == ConversationStatus.CLOSED:
        return redirect("wellbeing:assistant")
    services.handoff_request(conversation=conversation)
    if request.headers.get("HX-Request"):
        conversation.refresh_from_db()
        return render(
            request, "wellbeing/_conversation.html", _context(request, conversation, latest=True)
        )
    return redirect(reverse("wellbeing:assistant") + "#latest")


@never_cache
def handoff_start(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    """The API's hand-off link: continue that conversation here, one button to a counsellor."""
    conversation = selectors.conversation_for_young_person(conversation_id)
    if conversation is None or conversation.status == ConversationStatus.CLOSED:
        raise Http404
    response = render(request, "wellbeing/handoff.html", _context(request, conversation))
    return _keep(request, response, conversation)


@never_cache
@require_GET
def leave(request: HttpRequest) -> HttpResponse:
    """Leave quickly: forget the conversation on this device and go to the platform's home page."""
    conversation = _conversation_of(request)
    if conversation is not None:
        services.conversation_leave(conversation_id=conversation.pk)
    response = redirect("core:home")
    response.delete_cookie(COOKIE, samesite="Lax")
    return response


def privacy(request: HttpRequest) -> HttpResponse:
    settings = services.settings_current()
    return render(request, "wellbeing/privacy.html", {"retention_days": settings.retention_days})


# --- Counsellors --------------------------------------------------------------------------


def _counsellor(request: HttpRequest) -> None:
    if not can_counsel(request.user):
        raise PermissionDenied


@never_cache
@login_required
def queue(request: HttpRequest) -> HttpResponse:
    _counsellor(request)
    return render(request, "wellbeing/queue.html", {"conversations": list(selectors.queue())})


@never_cache
@login_required
def queue_conversation(request: HttpRequest, conversation_id: uuid.UUID) -> HttpResponse:
    """One conversation for a counsellor: claim, reply, note, close."""
    _counsellor(request)
    conversation = get_object_or_404(
        Conversation.objects.select_related("claimed_by"), pk=conversation_id
    )
    error = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                services.conversation_claim(conversation=conversation, by=request.user)
            elif action == "reply":
                services.counsellor_reply(
                    conversation=conversation, by=request.user, text=request.POST.get("text", "")
                )
            elif action == "note":
                services.note_add(
                    conversation=conversation, by=request.user, text=request.POST.get("text", "")
                )
            elif action == "close":
                services.conversation_close(
                    conversation=conversation,
                    by=request.user,
                    outcome=request.POST.get("outcome", ""),
                )
            else:
                error = _("Unknown action.")
        except ValidationError as exc:
            error = " ".join(exc.messages)
        if not error:
            return redirect("wellbeing:queue_conversation", conversation_id=conversation.pk)
    return render(
        request,
        "wellbeing/queue_conversation.html",
        {
            "conversation": conversation,
            "messages": list(selectors.conversation_messages(conversation)),
            "notes": list(conversation.notes.select_related("author")),
            "outcomes": Outcome.choices,
            "helplines": services.helplines_for(conversation.country),
            "mine": conversation.claimed_by_id == request.user.pk,
            "error": error,
            "Sender": Sender,
        },
        status=400 if error else 200,
    )
