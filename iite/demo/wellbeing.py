"""The well-being assistant's demo data of data/wellbeing.toml, loaded through its services.

Answers are written by the content team and approved by the demo clinical reviewer, as
in the admin; helplines are the priority region's public child helplines. The demo
counsellor can sign in (password kept in var/, like the demo administrator's; staff
set up their second factor at first sign-in).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from iite.accounts.models import User
from iite.accounts.services import staff_role_assign
from iite.wellbeing.models import Answer, AnswerStatus, Helpline
from iite.wellbeing.reporting import assistant_activity_ensure
from iite.wellbeing.services import answer_approve, answer_save

from .datafiles import people_ensure, read

LANGUAGE_KEYS = ("en", "fr", "es", "ar", "ru", "zh-hans", "kk", "ky", "uz")


def _password(name: str) -> str:
    path = settings.VAR_DIR / f"demo_{name}_password"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


def _staff(email: str, name: str, role: str, password_name: str | None = None) -> User:
    (user,) = people_ensure([{"email": email, "name": name}])
    staff_role_assign(user=user, role=role)
    if password_name:
        password = _password(password_name)
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
    return User.objects.get(pk=user.pk)


def answers_load(data: dict[str, Any], reviewer: User) -> int:
    """Write and approve the answers of `data` that are not there yet; returns how many."""
    existing = set(Answer.objects.values_list("key", "language"))
    due = timezone.localdate() + timedelta(days=365)
    created = 0
    for spec in data["answers"]:
        for language in LANGUAGE_KEYS:
            entry = spec.get(language)
            if entry is None or (spec["key"], language) in existing:
                continue
            answer = answer_save(
                answer=Answer(
                    key=spec["key"],
                    topic=spec["topic"],
                    language=language,
                    questions="\n".join(entry["questions"]),
                    keywords=spec.get("keywords", ""),
                    body=entry["body"],
                    author=data["author"],
                ),
                changed_content=False,
            )
            if answer.status != AnswerStatus.APPROVED:
                answer_approve(answer=answer, by=reviewer, review_due=due)
            created += 1
    return created


def _helplines(data: dict[str, Any]) -> int:
    created = 0
    for spec in data["helplines"]:
        _row, made = Helpline.objects.get_or_create(
            country=spec["country"],
            name=spec["name"],
            defaults={
                "phone": spec.get("phone", ""),
                "url": spec.get("url", ""),
                "hours": spec.get("hours", ""),
                "languages": spec.get("languages", ""),
                "for_children": spec.get("for_children", False),
                "order": spec.get("order", 10),
            },
        )
        created += made
    return created


def load() -> str:
    data = read("wellbeing")
    reviewer = _staff(data["reviewer_email"], data["reviewer_name"], "Reviewer/Judge")
    _staff(data["counsellor_email"], data["counsellor_name"], "Counsellor", "counsellor")
    answers = answers_load(data, reviewer)
    helplines = _helplines(data)
    # The assistant as a learning resource of the Health and Well-being platform (loaded
    # before this), so the indicators count it; helplines stay unverified until checked.
    activity = assistant_activity_ensure()
    return (
        f"{answers} vetted answers, {helplines} helplines; counsellor {data['counsellor_email']} "
        f"(password in var/demo_counsellor_password)"
        + (f"; activity {activity.code}" if activity is not None else "")
    )
