"""Reads of the learning domain: the catalogue, course outlines, learners' progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from iite.core.i18n import translated_order, translated_search
from iite.credentials.selectors import credentials_for_user
from iite.programme.models import Participation

from .models import (
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    Platform,
    QuestionKind,
    Quiz,
    QuizAttempt,
    Status,
)


@dataclass(frozen=True)
class CatalogueFilters:
    platform: str = ""
    language: str = ""
    topic: str = ""
    level: str = ""
    audience: str = ""
    q: str = ""


def platforms_public() -> QuerySet[Platform]:
    return Platform.objects.filter(is_public=True).order_by("order", "slug")


def courses_published() -> QuerySet[Course]:
    return Course.objects.filter(status=Status.PUBLISHED)


def catalogue_courses(filters: CatalogueFilters) -> QuerySet[Course]:
    """Published courses matching the filters, newest first, with what a card shows."""
    courses = courses_published()
    if filters.platform:
        courses = courses.filter(platforms__slug=filters.platform, platforms__is_public=True)
    # Lists are stored as JSON arrays; matching the quoted code works on SQLite and PostgreSQL.
    if filters.language:
        courses = courses.filter(languages__icontains=f'"{filters.language}"')
    if filters.audience:
        courses = courses.filter(audiences__icontains=f'"{filters.audience}"')
    if filters.topic:
        courses = courses.filter(topic=filters.topic)
    if filters.level:
        courses = courses.filter(level=filters.level)
    if filters.q:
        courses = courses.filter(
            translated_search("title", filters.q) | translated_search("summary", filters.q)
        )
    return courses.prefetch_related(
        Prefetch(
            "platforms",
            queryset=Platform.objects.filter(is_public=True).only(
                "slug", "name", "original_language", "order"
            ),
        ),
        "partners",
    ).order_by("-published_at", "slug")


def platform_public(slug: str) -> Platform | None:
    return platforms_public().prefetch_related("partners").filter(slug=slug).first()


def platform_short_units(platform: Platform, limit: int = 12) -> list[Lesson]:
    """Micro-learning units and videos of the platform's published courses, for its page."""
    return list(
        Lesson.objects.filter(
            kind__in=["micro", "video"],
            module__course__platforms=platform,
            module__course__status=Status.PUBLISHED,
        )
        .select_related("module__course")
        .order_by("-module__course__published_at", "module__order", "order")[:limit]
    )


def course_for_page(slug: str) -> Course | None:
    return (
        Course.objects.select_related("achievement")
        .prefetch_related("platforms", "partners")
        .filter(slug=slug)
        .first()
    )


def course_modules(course: Course) -> list[Module]:
    """The course's modules with their lessons and quizzes, in order."""
    return list(
        course.modules.order_by("order", "pk").prefetch_related(
            Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk")),
            Prefetch("quizzes", queryset=Quiz.objects.order_by("order", "pk")),
        )
    )


@dataclass
class Progress:
    """What one learner has done in one course."""

    enrolment: Enrolment | None
    done_lessons: set[int] = field(default_factory=set)
    passed_quizzes: set[int] = field(default_factory=set)
    attempts_used: dict[int, int] = field(default_factory=dict)
    total_lessons: int = 0

    @property
    def percent(self) -> int:
        if not self.total_lessons:
            return 0
        return round(100 * len(self.done_lessons) / self.total_lessons)


def course_progress(enrolment: Enrolment | None, modules: list[Module]) -> Progress:
    lessons = [lesson for module in modules for lesson in module.lessons.all()]
    progress = Progress(enrolment=enrolment, total_lessons=len(lessons))
    if enrolment is None:
        return progress
    progress.done_lessons = set(
        LessonProgress.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)
    )
    attempts = QuizAttempt.objects.filter(enrolment=enrolment).order_by()
    for quiz_id, passed in attempts.values_list("quiz_id", "passed"):
        progress.attempts_used[quiz_id] = progress.attempts_used.get(quiz_id, 0) + 1
        if passed:
            progress.passed_quizzes.add(quiz_id)
    return progress


def next_step(modules: list[Module], progress: Progress) -> Lesson | Quiz | None:
    """Where "Continue" goes: the first lesson not done, else the first quiz not passed."""
    for module in modules:
        for lesson in module.lessons.all():
            if lesson.pk not in progress.done_lessons:
                return lesson
        for quiz in module.quizzes.all():
            if quiz.is_required and quiz.pk not in progress.passed_quizzes:
                return quiz
    return None


def enrolment_for(user: Any, course: Course) -> Enrolment | None:
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(user=user, course=course).first()


def my_enrolments(user: Any) -> list[Enrolment]:
    """A learner's courses with their progress counts, most recently used first."""
    total = (
        Lesson.objects.filter(module__course=OuterRef("course_id"))
        .order_by()
        .values("module__course")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Enrolment.objects.filter(user=user)
        .select_related("course", "last_lesson")
        .annotate(
            lessons_done=Count("progress", distinct=True),
            lessons_total=Coalesce(Subquery(total), 0),
        )
        .order_by(Coalesce("last_activity_at", "enrolled_at").desc())
    )


def credentials_of(user: Any) -> list[Any]:
    """The learner's credentials, from the credentials domain."""

    return list(credentials_for_user(user))


def studio_courses(status: str = "") -> QuerySet[Course]:
    courses = Course.objects.select_related("created_by", "submitted_by").order_by(
        translated_order("title"), "slug"
    )
    if status:
        courses = courses.filter(status=status)
    return courses


def quiz_attempts(enrolment: Enrolment, quiz: Quiz) -> list[QuizAttempt]:
    return list(QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).order_by("number"))


# --- For the indicators (Pillar 3) ----------------------------------------------------------


def platforms_and_resources_count(period: Any = None) -> dict[str, int]:
    """Online platforms and learning resources: public platforms and published courses."""
    platforms = Platform.objects.filter(is_public=True)
    courses = courses_published()
    if period is not None:
        platforms = platforms.filter(activity__period=period)
        courses = courses.filter(activity__period=period)
    return {"platforms": platforms.count(), "courses": courses.count()}


def completions_count(period: Any = None) -> dict[str, int]:
    """Learners who completed a course, and those of them who received its credential.

    Counted from the participation records, so people who deleted their account still count.
    """

    records = Participation.objects.filter(activity__kind="course", source="enrolment")
    if period is not None:
        records = records.filter(activity__period=period)
    return records.aggregate(
        completed=Count("person_key", filter=Q(completed=True), distinct=True),
        certified=Count("person_key", filter=Q(certified=True), distinct=True),
    )


def quiz_answer_key(quiz: Quiz) -> dict[str, Any]:
    """The answers that get every question of the quiz right, as `quiz_attempt_submit` takes
    them: chosen option ids, "true"/"false", or the first accepted short answer."""
    answers: dict[str, Any] = {}
    for question in quiz.questions.prefetch_related("choices"):
        correct = [str(choice.pk) for choice in question.choices.all() if choice.is_correct]
        if question.kind == QuestionKind.SINGLE:
            answers[str(question.pk)] = correct[0]
        elif question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = correct
        elif question.kind == QuestionKind.TRUE_FALSE:
            answers[str(question.pk)] = "true" if question.correct_true else "false"
        else:
            answers[str(question.pk)] = question.accepted_answers[0]
    return answers


def courses_awarding_credentials() -> QuerySet[Course]:
    """Courses that award a micro-credential, for staff issuing credentials in a batch."""
    return (
        Course.objects.filter(achievement__isnull=False)
        .select_related("achievement")
        .order_by(translated_order("title"), "slug")
    )


def course_completers(course: Course) -> QuerySet[Any]:
    """The people who completed `course` (their accounts), who qualify for its credential."""

    return get_user_model().objects.filter(
        enrolments__course=course, enrolments__completed_at__isnull=False
    )


def credential_batch_sources() -> list[tuple[str, str, Course]]:
    """Courses that award a micro-credential, for the credentials' batch page."""
    return [(course.slug, str(course.title), course) for course in courses_awarding_credentials()]


def credential_qualifies(course: Course) -> tuple[Any, QuerySet[Any]]:
    """The course's achievement and the people who completed it."""
    return course.achievement, course_completers(course)
