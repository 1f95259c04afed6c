"""What the learning domain holds about a person: enrolments, progress and quiz attempts."""

from __future__ import annotations

from typing import Any

from .models import Enrolment
from .services import learner_data_erase


def export_learner_data(user: Any) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .prefetch_related("progress", "quiz_attempts")
        .order_by("enrolled_at")
    )
    return {
        "enrolments": [
            {
                "course": enrolment.course.slug,
                "course_title": str(enrolment.course.title),
                "enrolled_at": enrolment.enrolled_at.isoformat(),
                "completed_at": enrolment.completed_at.isoformat()
                if enrolment.completed_at
                else None,
                "lessons_completed": [
                    {
                        "lesson": progress.lesson_id,
                        "completed_at": progress.completed_at.isoformat(),
                    }
                    for progress in enrolment.progress.all()
                ],
                "quiz_attempts": [
                    {
                        "quiz": attempt.quiz_id,
                        "number": attempt.number,
                        "score": attempt.score,
                        "passed": attempt.passed,
                        "answers": attempt.answers,
                        "submitted_at": attempt.submitted_at.isoformat(),
                    }
                    for attempt in enrolment.quiz_attempts.all()
                ],
            }
            for enrolment in enrolments
        ]
    }


def erase_learner_data(user: Any) -> None:

    learner_data_erase(user)
