"""The provider's reply link: the right of reply without an account.

The e-mail that opens the right of reply gives each focal point of the provider a link
to a page where the reply is written and sent (`views.provider_reply`). The link is
signed, names the assessment and the request it answers (a reply requested again gives
new links and ends the old ones), and works while the right of reply is open: until the
reply's due date, and not after the assessment is published. Staff still record a reply
that arrives by e-mail (`services.ReplyRecord`).
"""

from __future__ import annotations

from django.core import signing
from django.utils import timezone

from .models import Assessment, AssessmentStatus

SALT = "iite.observatory.provider-reply"


def reply_token(assessment: Assessment) -> str:
    """The signed part of the reply link for the assessment's current reply request."""
    requested = assessment.reply_requested_at
    return signing.dumps([assessment.pk, int(requested.timestamp()) if requested else 0], salt=SALT)


def reply_assessment(token: str) -> Assessment | None:
    """The assessment a reply link is for; None for a link altered, made up or made for
    an earlier request."""
    try:
        pk, requested = signing.loads(token, salt=SALT)
        pk, requested = int(pk), int(requested)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    assessment = (
        Assessment.objects.select_related("tool__provider", "protocol").filter(pk=pk).first()
    )
    if (
        assessment is None
        or assessment.reply_requested_at is None
        or int(assessment.reply_requested_at.timestamp()) != requested
    ):
        return None
    return assessment


def reply_open(assessment: Assessment) -> bool:
    """Whether the provider may still reply (or change its reply): the assessment awaits
    the reply and its due date has not passed."""
    return (
        assessment.status == AssessmentStatus.REPLY
        and assessment.reply_due is not None
        and assessment.reply_due >= timezone.localdate()
    )
