"""Factories for the learning domain's tests."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import Permission

from iite.accounts.models import User
from iite.accounts.tests.factories import UserFactory
from iite.learning import services
from iite.learning.models import (
    Choice,
    Course,
    Lesson,
    Module,
    Platform,
    Question,
    QuestionKind,
    Quiz,
    Status,
)
from iite.learning.selectors import quiz_answer_key
from iite.strategy.models import ProgrammeUnit, StrategyPeriod
from iite.strategy.tests.factories import PeriodFactory, PillarFactory, UnitFactory


def user_with_perms(*codenames: str, **fields: Any) -> User:
    user: Any = UserFactory(**fields)
    for codename in codenames:
        # "app.codename" names one permission; a bare codename (several apps have an
        # "add_question") is taken from learning.
        app, _dot, name = codename.rpartition(".")
        user.user_permissions.add(
            Permission.objects.get(codename=name, content_type__app_label=app or "learning")
        )
    return User.objects.get(pk=user.pk)  # a fresh instance: no cached permissions


def current_period() -> StrategyPeriod:
    period = cast(StrategyPeriod, PeriodFactory())
    PillarFactory(
        period=period, code="P3", order=3, title={"en": "Online Platforms and Learning Resources"}
    )
    return period


def default_unit() -> ProgrammeUnit:
    """The unit the factories' platforms and courses belong to (every activity has one)."""
    return cast(ProgrammeUnit, UnitFactory(period=current_period(), code="UA"))


def make_platform(slug: str = "e-library", **fields: Any) -> Platform:
    current_period()
    defaults: dict[str, Any] = {
        "name": {"en": "E-Library for Teachers", "ar": "المكتبة الإلكترونية للمعلمين"},
        "languages": ["en", "ar"],
        "audiences": ["teacher"],
    }
    defaults.update(fields)
    defaults.setdefault("unit", default_unit())
    return services.platform_create(slug=slug, **defaults)


def make_course(
    slug: str = "ai-basics",
    *,
    status: str = Status.PUBLISHED,
    platforms: list[Platform] | None = None,
    with_quiz: bool = True,
    created_by: User | None = None,
    **fields: Any,
) -> Course:
    """A course with one module of two lessons and (by default) a quiz of every question kind."""
    current_period()
    defaults: dict[str, Any] = {
        "title": {"en": "AI basics for teachers"},
        "summary": {"en": "What AI can and cannot do."},
        "original_language": "en",
        "languages": ["en"],
        "topic": "ai_competencies",
        "level": "introductory",
        "audiences": ["teacher"],
        "estimated_hours": 2,
    }
    defaults.update(fields)
    defaults.setdefault("unit", default_unit())
    course = services.course_create(
        created_by=created_by, platforms=platforms or [], slug=slug, **defaults
    )
    module = Module.objects.create(course=course, order=1, title={"en": "Module one"})
    Lesson.objects.create(
        module=module, order=1, title={"en": "Lesson one"}, body={"en": "<p>One</p>"}
    )
    Lesson.objects.create(
        module=module, order=2, title={"en": "Lesson two"}, body={"en": "<p>Two</p>"}
    )
    if with_quiz:
        quiz = Quiz.objects.create(
            module=module, title={"en": "Check"}, passing_score=75, max_attempts=2
        )
        single = Question.objects.create(
            quiz=quiz, order=1, kind=QuestionKind.SINGLE, text={"en": "Single?"}
        )
        Choice.objects.create(question=single, order=1, text={"en": "Right"}, is_correct=True)
        Choice.objects.create(question=single, order=2, text={"en": "Wrong"})
        multiple = Question.objects.create(
            quiz=quiz, order=2, kind=QuestionKind.MULTIPLE, text={"en": "Multiple?"}
        )
        Choice.objects.create(question=multiple, order=1, text={"en": "A"}, is_correct=True)
        Choice.objects.create(question=multiple, order=2, text={"en": "B"}, is_correct=True)
        Choice.objects.create(question=multiple, order=3, text={"en": "C"})
        Question.objects.create(
            quiz=quiz,
            order=3,
            kind=QuestionKind.TRUE_FALSE,
            text={"en": "AI never errs."},
            correct_true=False,
        )
        Question.objects.create(
            quiz=quiz,
            order=4,
            kind=QuestionKind.SHORT,
            text={"en": "Data that is unfair is…"},
            accepted_answers=["biased", "unfair"],
        )
    if status != Status.DRAFT:
        from django.utils import timezone

        Course.objects.filter(pk=course.pk).update(status=status, published_at=timezone.now())
        course.refresh_from_db()
    return course


def right_answers(quiz: Quiz) -> dict[str, Any]:
    """Answers that get every question of the quiz right."""
    return quiz_answer_key(quiz)
