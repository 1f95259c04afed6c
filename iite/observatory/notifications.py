"""The e-mails of the assessment workflow, each in its recipient's language.

Reviewers are told when they are assigned (the tool, the protocol version, the due date)
and reminded once before the due date; the provider's focal points are told when their
right of reply opens, when it closed without a reply, and when the assessment is
published. Actions enqueue these after their transaction commits; the daily command
`observatory_reminders` enqueues the reminders and the notices that the reply closed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from iite.accounts.selectors import user_language
from iite.core.sites import site_from_settings
from iite.partners.selectors import partner_profile

from .models import Assessment, AssessmentStatus, ReviewerAssignment
from .replies import reply_token
from .selectors import reconciled_ratings

REVIEW_KINDS = ("assigned", "reminder")
PROVIDER_KINDS = ("reply_open", "reply_closed", "published")
# A reviewer is reminded this many days before the review is due.
REMIND_DAYS_BEFORE = 3


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    name: str


def _send(template: str, recipient: Recipient, context: dict[str, Any]) -> int:
    with translation.override(recipient.language):
        context = {**context, "site": site_from_settings(), "name": recipient.name}
        context.update(_links(context))
        subject = render_to_string(f"observatory/email/{template}_subject.txt", context)
        body = render_to_string(f"observatory/email/{template}_body.txt", context)
    return send_mail(" ".join(subject.split()), body, None, [recipient.email])


def _links(context: dict[str, Any]) -> dict[str, str]:
    """The addresses the e-mail gives, in the recipient's language (the active one)."""
    assessment: Assessment = context["assessment"]
    links = {
        "protocol_url": settings.SITE_URL
        + reverse("observatory:protocol_version", args=[assessment.protocol.version]),
        "work_url": settings.SITE_URL
        + reverse("observatory:work_assessment", args=[assessment.pk]),
    }
    if assessment.status == AssessmentStatus.REPLY:
        links["reply_url"] = settings.SITE_URL + reverse(
            "observatory:provider_reply", args=[reply_token(assessment)]
        )
    if assessment.status == AssessmentStatus.PUBLISHED:
        links["tool_url"] = settings.SITE_URL + assessment.tool.get_absolute_url()
    return links


# --- Reviewers -------------------------------------------------------------------------


@task()
def review_email_send(assignment_id: int, kind: str) -> int:
    """The assignment e-mail or the reminder to one reviewer; returns mails sent."""
    review = (
        ReviewerAssignment.objects.select_related(
            "reviewer", "assessment__tool", "assessment__protocol"
        )
        .filter(pk=assignment_id)
        .first()
    )
    if review is None or kind not in REVIEW_KINDS:
        return 0
    reviewer = review.reviewer
    if reviewer is None or not reviewer.is_active or not reviewer.email:
        return 0
    if kind == "reminder" and review.submitted_at is not None:
        return 0
    recipient = Recipient(reviewer.email, user_language(reviewer), reviewer.name)
    context = {"kind": kind, "review": review, "assessment": review.assessment}
    return _send("review", recipient, context)


def reviewer_assigned_notify(review: ReviewerAssignment) -> None:
    """Called once the assignment committed (an action's notify step)."""
    review_email_send.enqueue(review.pk, "assigned")


def reminders_enqueue(today: datetime.date | None = None) -> int:
    """Each review not yet submitted and due within REMIND_DAYS_BEFORE days gets one
    reminder; the claim (reminded_at) is written before enqueueing, so runs that
    overlap cannot both send."""
    today = today or timezone.localdate()
    due = ReviewerAssignment.objects.filter(
        submitted_at__isnull=True,
        reminded_at__isnull=True,
        reviewer__isnull=False,
        assessment__status=AssessmentStatus.REVIEW,
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE),
    ).values_list("pk", flat=True)
    return _claim_each(
        ReviewerAssignment,
        list(due),
        "reminded_at",
        lambda pk: review_email_send.enqueue(pk, "reminder"),
    )


# --- The provider ----------------------------------------------------------------------


def provider_recipients(assessment: Assessment) -> list[Recipient]:
    """The focal points of the tool's provider (a partner record) who have an address,
    each once, in their preferred language (else the partner's)."""
    provider = assessment.tool.provider
    if provider is None:
        return []
    partner = partner_profile(provider.slug)
    if partner is None:
        return []
    found: dict[str, Recipient] = {}
    for focal_point in partner.focal_points.all():
        email = focal_point.contact_email
        if email and email.lower() not in found:
            language = user_language(focal_point.user, partner.original_language)
            found[email.lower()] = Recipient(email, language, focal_point.display_name)
    return list(found.values())


@task()
def provider_email_send(assessment_id: int, kind: str) -> int:
    """One of the provider's e-mails to each of its focal points; returns mails sent."""
    assessment = (
        Assessment.objects.select_related("tool__provider", "protocol")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None or kind not in PROVIDER_KINDS:
        return 0
    # The labels are translated when each recipient's e-mail is rendered.
    ratings = reconciled_ratings(assessment) if kind == "reply_open" else []
    context = {"kind": kind, "assessment": assessment, "ratings": ratings}
    return sum(
        _send("provider", recipient, context) for recipient in provider_recipients(assessment)
    )


def provider_notify(assessment: Assessment, kind: str) -> None:
    """Called once the step committed (an action's notify step)."""
    provider_email_send.enqueue(assessment.pk, kind)


def reply_closed_enqueue(today: datetime.date | None = None) -> int:
    """Each assessment whose time to reply has passed without a reply: its provider is
    told once (the claim is written before enqueueing)."""
    today = today or timezone.localdate()
    closed = Assessment.objects.filter(
        status=AssessmentStatus.REPLY,
        reply_received_at__isnull=True,
        reply_closed_notice_at__isnull=True,
        reply_due__lt=today,
    ).values_list("pk", flat=True)
    return _claim_each(
        Assessment,
        list(closed),
        "reply_closed_notice_at",
        lambda pk: provider_email_send.enqueue(pk, "reply_closed"),
    )


def _claim_each(model: Any, pks: list[int], field: str, enqueue: Callable[[int], Any]) -> int:
    """Mark each record as notified, then enqueue its e-mail once that commits."""
    now = timezone.now()
    count = 0
    for pk in pks:
        with transaction.atomic():
            if model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: now}):
                transaction.on_commit(partial(enqueue, pk))
                count += 1
    return count
