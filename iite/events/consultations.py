"""Youth consultations: a questionnaire per consultation event, answered once per person.

When the consultation is anonymous no link to the person is stored: the response has
no respondent, and double submission is stopped by an HMAC of (consultation, person)
kept in a separate table keyed by the digest itself.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.models import User

from .models import (
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationQuestionKind,
    ConsultationResponse,
    ConsultationSubmission,
    Event,
)


class ConsultationError(Exception):
    pass


def submission_digest(event: Event, user: User) -> str:
    key = hashlib.sha256(f"iite.events.consultation:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{event.pk}:{user.pk}".encode(), hashlib.sha256).hexdigest()


def has_submitted(event: Event, user: User) -> bool:
    if not user.is_authenticated:
        return False
    return ConsultationSubmission.objects.filter(digest=submission_digest(event, user)).exists()


@transaction.atomic
def consultation_submit(
    *, event: Event, user: User, answers: dict[int, str], language: str = ""
) -> ConsultationResponse:
    """Store one person's answers once; anonymously when the consultation says so."""
    if not event.consultation_open:
        raise ConsultationError(_("This consultation is closed."))
    try:
        with transaction.atomic():
            ConsultationSubmission.objects.create(
                digest=submission_digest(event, user), event=event
            )
    except IntegrityError:
        raise ConsultationError(_("You have already answered this questionnaire.")) from None
    response = ConsultationResponse.objects.create(
        event=event,
        respondent=None if event.consultation_anonymous else user,
        language=language,
        submitted_on=timezone.now().date(),
    )
    ConsultationAnswer.objects.bulk_create(
        [
            ConsultationAnswer(response=response, question_id=question_id, value=value)
            for question_id, value in answers.items()
            if value not in (None, "")
        ]
    )
    return response


@dataclass
class QuestionSummary:
    question: ConsultationQuestion
    responses: int
    counts: list[tuple[str, int]]  # for choice and scale questions
    texts: list[str]  # for open questions
    mean: float | None = None


def consultation_summary(event: Event) -> tuple[int, list[QuestionSummary]]:
    """Counts per option (choice), per point (scale 1–5) and the open answers."""
    questions = list(event.consultation_questions.all())
    total = ConsultationResponse.objects.filter(event=event).count()
    values: dict[int, list[str]] = {q.pk: [] for q in questions}
    for question_id, value in ConsultationAnswer.objects.filter(response__event=event).values_list(
        "question_id", "value"
    ):
        values.setdefault(question_id, []).append(value)
    summaries = []
    for question in questions:
        answers = values.get(question.pk, [])
        if question.kind == ConsultationQuestionKind.OPEN:
            summaries.append(QuestionSummary(question, len(answers), [], sorted(answers)))
            continue
        options = (
            [str(n) for n in range(1, 6)]
            if question.kind == ConsultationQuestionKind.SCALE
            else [str(option) for option in question.options]
        )
        counts = [(option, answers.count(option)) for option in options]
        mean = None
        if question.kind == ConsultationQuestionKind.SCALE and answers:
            numbers = [int(a) for a in answers if a.isdigit()]
            mean = round(sum(numbers) / len(numbers), 2) if numbers else None
        summaries.append(QuestionSummary(question, len(answers), counts, [], mean))
    return total, summaries


def bar_chart(
    counts: list[tuple[str, int]], chart_id: str, title: str, desc: str
) -> dict[str, Any]:
    """Geometry for a horizontal SVG bar chart (drawn by the template)."""
    top = max((n for _label, n in counts), default=0) or 1
    bar_height, gap, label_width, width = 22, 8, 180, 520
    bars = []
    for i, (label, n) in enumerate(counts):
        y = i * (bar_height + gap)
        bars.append(
            {
                "label": label,
                "value": n,
                "y": y,
                "text_y": y + bar_height * 0.7,
                "width": round((width - label_width - 50) * n / top, 1),
            }
        )
    return {
        "id": chart_id,
        "title": title,
        "desc": desc,
        "bars": bars,
        "height": max(1, len(counts)) * (bar_height + gap),
        "bar_height": bar_height,
        "label_width": label_width,
        "value_x_offset": label_width + 6,
        "width": width,
    }


def response_rows(event: Event) -> tuple[list[str], list[list[str]]]:
    """One row per response, one column per question, for CSV and XLSX export."""
    questions = list(event.consultation_questions.all())
    header = [_("Response"), _("Submitted on"), _("Language")] + [str(q.text) for q in questions]
    rows = []
    answers: dict[int, dict[int, str]] = {}
    for response_id, question_id, value in ConsultationAnswer.objects.filter(
        response__event=event
    ).values_list("response_id", "question_id", "value"):
        answers.setdefault(response_id, {})[question_id] = value
    for response in ConsultationResponse.objects.filter(event=event).order_by("pk"):
        given = answers.get(response.pk, {})
        rows.append(
            [str(response.pk), response.submitted_on.isoformat(), response.language]
            + [given.get(q.pk, "") for q in questions]
        )
    return header, rows
