"""The learning domain's demo data of data/learning.toml, loaded through its services.

Platforms and courses are created once (by their address), written as an editor writes
them in the studio; a course with a micro-credential gets it through the course's own
path, and courses arrive reviewed. Demo learners enrol, do lessons and pass quizzes as
learners do, so completions, participation and credentials follow from the same rules.
"""

from __future__ import annotations

from typing import Any

from iite.core.i18n import as_translated
from iite.learning.models import (
    Course,
    Enrolment,
    Lesson,
    Module,
    Platform,
    Question,
    Quiz,
    Status,
)
from iite.learning.selectors import quiz_answer_key
from iite.learning.services import (
    course_achievement_create,
    course_create,
    course_publish_reviewed,
    enrolment_create,
    lesson_complete,
    lesson_save,
    module_save,
    platform_create,
    question_save,
    quiz_attempt_submit,
    quiz_save,
)
from iite.partners.models import Partner
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import period_current

from .datafiles import people_ensure, read


def _partners(slugs: list[str]) -> list[Partner]:
    return list(Partner.objects.filter(slug__in=slugs))


def _content(course: Course, spec: dict[str, Any], data: dict[str, Any]) -> None:
    """The course's modules, lessons and quizzes, in the order the data gives them."""
    language = course.original_language
    minutes = data["lesson_minutes"]
    for module_order, module_spec in enumerate(spec["modules"], start=1):
        module = module_save(
            module=Module(
                course=course,
                order=module_order,
                title={language: module_spec["title"]},
                original_language=language,
            )
        )
        for lesson_order, lesson in enumerate(module_spec["lessons"], start=1):
            lesson_save(
                lesson=Lesson(
                    module=module,
                    order=lesson_order,
                    kind=lesson["kind"],
                    title={language: lesson["title"]},
                    body={language: lesson["body"]},
                    estimated_minutes=minutes.get(lesson["kind"], minutes["default"]),
                    original_language=language,
                )
            )
        quiz_spec = module_spec.get("quiz")
        if not quiz_spec:
            continue
        quiz = quiz_save(
            quiz=Quiz(
                module=module,
                order=1,
                title={language: quiz_spec["title"]},
                original_language=language,
                **data["quiz"],
            )
        )
        for question_order, question in enumerate(quiz_spec["questions"], start=1):
            choices = question.get("choices")
            question_save(
                question=Question(
                    quiz=quiz,
                    order=question_order,
                    kind=question["kind"],
                    text={language: question["text"]},
                    correct_true=question.get("correct_true"),
                    accepted_answers=question.get("accepted_answers", []),
                    original_language=language,
                ),
                choices=[
                    {"text": {language: choice["text"]}, "is_correct": choice["correct"]}
                    for choice in choices
                ]
                if choices
                else None,
            )


def _unit(code: str) -> ProgrammeUnit:
    """The current period's programme unit the data names."""
    return ProgrammeUnit.objects.get(period=period_current(), code=code)


def _course(spec: dict[str, Any], data: dict[str, Any], platforms: dict[str, Platform]) -> None:
    language = spec["language"]
    translations = spec.get("translations", {})
    course = course_create(
        created_by=None,
        platforms=[platforms[slug] for slug in spec["platforms"] if slug in platforms],
        partners=_partners(spec["partners"]),
        unit=_unit(spec["unit"]),
        slug=spec["slug"],
        title=as_translated(spec["title"], language)
        | {other: texts["title"] for other, texts in translations.items()},
        summary=as_translated(spec["summary"], language)
        | {other: texts["summary"] for other, texts in translations.items()},
        original_language=language,
        languages=[language, *translations],
        level=spec["level"],
        audiences=spec["audiences"],
        topic=spec["topic"],
        estimated_hours=spec["hours"],
        licence=data["licence"],
    )
    _content(course, spec, data)
    if "micro_credential" in spec:
        course_achievement_create(
            course=course,
            criteria={
                code: text
                for code, text in as_translated(
                    spec["micro_credential"]["criteria"], language
                ).items()
                if not code.startswith("_")
            },
        )
    # Demo courses arrive reviewed; the data keeps one in draft, as an editor left it.
    if spec.get("status", Status.PUBLISHED) == Status.PUBLISHED:
        course_publish_reviewed(course=course)


def _learners(learners: list[dict[str, Any]]) -> int:
    """Enrol the demo learners and take them as far as the data says; returns new enrolments."""
    progress = ("completed", "started")
    accounts = people_ensure(
        [{k: v for k, v in learner.items() if k not in progress} for learner in learners]
    )
    courses = {course.slug: course for course in Course.objects.filter(status=Status.PUBLISHED)}
    created = 0
    for user, learner in zip(accounts, learners, strict=True):
        for slug in [*learner["completed"], *learner["started"]]:
            course = courses.get(slug)
            if course is None or Enrolment.objects.filter(user=user, course=course).exists():
                continue
            enrolment = enrolment_create(user=user, course=course)
            created += 1
            lessons = list(
                Lesson.objects.filter(module__course=course).order_by("module__order", "order")
            )
            finished = slug in learner["completed"]
            # Learners who only started have done the first of several lessons.
            for lesson in lessons if finished else lessons[:1] if len(lessons) > 1 else []:
                lesson_complete(enrolment=enrolment, lesson=lesson)
            if finished:
                for quiz in Quiz.objects.filter(module__course=course):
                    quiz_attempt_submit(
                        enrolment=enrolment, quiz=quiz, answers=quiz_answer_key(quiz)
                    )
    return created


def load() -> str:
    data = read("learning")
    platforms_created = courses_created = 0
    for spec in data["platforms"]:
        if Platform.objects.filter(slug=spec["slug"]).exists():
            continue
        fields = {key: value for key, value in spec.items() if key not in ("partners", "unit")}
        platform_create(partners=_partners(spec["partners"]), unit=_unit(spec["unit"]), **fields)
        platforms_created += 1
    platforms = {platform.slug: platform for platform in Platform.objects.all()}
    for spec in data["courses"]:
        if Course.objects.filter(slug=spec["slug"]).exists():
            continue
        _course(spec, data, platforms)
        courses_created += 1
    enrolments = _learners(data["learners"])
    return f"{platforms_created} platforms, {courses_created} courses, {enrolments} enrolments"
