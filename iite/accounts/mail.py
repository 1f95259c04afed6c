"""E-mails to one person, written in their language, sent in the background.

Every domain that tells a person something (a credential revoked, a course published)
renders `<template>_subject.txt` and `<template>_body.txt` through `mail_person`, so the
language rule is the same everywhere: the person's preferred language, else the
language the caller names (an event's own language), else the site's default.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from .models import User


def person_language(user: User, fallback: str = "") -> str:
    """The language to write to `user` in: theirs when the platform speaks it."""
    for code in ((user.preferred_language or "").lower(), fallback):
        code = "zh-hans" if code.startswith("zh") else code
        if code in settings.LANGUAGE_CODES:
            return code
    return settings.LANGUAGE_CODE


@task()
def mail_person(user_id: int, template: str, context: dict[str, Any], fallback: str = "") -> bool:
    """Send one e-mail to the account `user_id`; False when it has gone or has no address.

    `context` must be JSON-serialisable (the task may run in another process); the
    templates also get `user` and `site_url`.
    """
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    with translation.override(person_language(user, fallback)):
        values = {**context, "user": user, "site_url": settings.SITE_URL}
        subject = render_to_string(f"{template}_subject.txt", values).strip()
        body = render_to_string(f"{template}_body.txt", values)
    send_mail(subject, body, None, [user.email])
    return True
