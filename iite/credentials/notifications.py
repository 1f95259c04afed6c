"""The e-mail a person receives when a credential is issued to them, in their own language."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from iite.accounts.selectors import user_language
from iite.core.sites import site_from_settings

from .models import Credential


def credential_issued_notify(credential_ids: Iterable[int]) -> None:
    """Once the issuing transaction commits, write to each new credential's holder."""
    ids = sorted(set(credential_ids))
    if ids:
        transaction.on_commit(lambda: credential_issued_email_send.enqueue(ids))


@task()
def credential_issued_email_send(credential_ids: list[int]) -> int:
    """Send one e-mail per credential (with its page and PDF links); returns how many were sent."""
    credentials = Credential.objects.filter(
        pk__in=credential_ids, recipient__isnull=False, revoked_at__isnull=True
    ).select_related("achievement", "recipient")
    site = site_from_settings()
    sent = 0
    for credential in credentials:
        recipient = credential.recipient
        if recipient is None or not recipient.email:
            continue
        with translation.override(user_language(recipient, credential.language)):
            context = {
                "credential": credential,
                "achievement": credential.achievement,
                "user": recipient,
                "site": site,
                "credential_url": settings.SITE_URL
                + reverse("credentials:detail", args=[credential.uuid]),
                "pdf_url": settings.SITE_URL + reverse("credentials:pdf", args=[credential.uuid]),
            }
            subject = render_to_string("credentials/email/issued_subject.txt", context)
            body = render_to_string("credentials/email/issued_body.txt", context)
        sent += send_mail(" ".join(subject.split()), body, None, [recipient.email])
    return sent
