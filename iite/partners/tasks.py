"""Background work of the partnerships domain (Django Tasks API)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from .models import AgreementReminder
from .selectors import agreement_reminder_recipients


@task()
def send_agreement_reminder(reminder_id: int) -> int:
    """Email the renewal reminder to the agreement's responsible staff; returns mails sent.

    Each recipient reads it in their own preferred language.
    """

    reminder = (
        AgreementReminder.objects.select_related("agreement__partner", "agreement__responsible")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return 0
    agreement = reminder.agreement
    sent = 0
    for user in agreement_reminder_recipients(agreement):
        language = user.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            context = {
                "agreement": agreement,
                "partner": agreement.partner,
                "days_left": (reminder.end_date - timezone.localdate()).days,
                "end_date": reminder.end_date,
                "url": settings.SITE_URL + agreement.partner.get_absolute_url(),
                "user": user,
            }
            subject = render_to_string(
                "partners/email/agreement_reminder_subject.txt", context
            ).strip()
            body = render_to_string("partners/email/agreement_reminder.txt", context)
        sent += send_mail(subject, body, None, [user.email])
    return sent
