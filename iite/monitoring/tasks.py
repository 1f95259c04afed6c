"""Background work of the monitoring domain (Django Tasks API)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Workplan, WorkplanRevision


@task()
def notify_workplan_decision(workplan_id: int, revision_id: int | None) -> int:
    """Tell whoever submitted the workplan (or proposed the revision) that the Board
    approved it, in their own language; returns the mails sent."""
    workplan = Workplan.objects.select_related("submitted_by").filter(pk=workplan_id).first()
    if workplan is None:
        return 0
    revision = (
        WorkplanRevision.objects.select_related("proposed_by").filter(pk=revision_id).first()
        if revision_id
        else None
    )
    user = revision.proposed_by if revision is not None else workplan.submitted_by
    if user is None or not user.email:
        return 0
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        url = settings.SITE_URL + reverse("monitoring:workplan_detail", args=[workplan.year])
        if revision is not None:
            subject = _("Revision %(number)s of the %(year)s workplan is approved") % {
                "number": revision.number,
                "year": workplan.year,
            }
        else:
            subject = _("The %(year)s workplan is approved") % {"year": workplan.year}
        body = _("%(subject)s. Decision: %(reference)s.\n\n%(url)s\n") % {
            "subject": subject,
            "reference": (revision.decision_reference if revision else workplan.approval_reference)
            or "–",
            "url": url,
        }
    return send_mail(subject, body, None, [user.email])
