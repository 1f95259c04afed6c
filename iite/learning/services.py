"""Every write of the learning domain: platforms, courses and their workflow, learners' progress.

Platforms and courses are Activities of the results framework (Pillar 3); an enrolment
is a participation, a completion marks it completed, a credential marks it certified.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iite.accounts.mail import mail_person
from iite.accounts.models import User
from iite.core.actions import Action
from iite.core.records import records_changed_on_commit
from iite.credentials.services import achievement_for_course_save, credential_issue
from iite.programme.models import Activity, ActivityKind, ActivityStatus, ParticipationSource
from iite.programme.services import (
    activity_for_delivery_save,
    activity_period_current,
    participation_record,
)
from iite.strategy.models import Initiative, ProgrammePillar, TargetGroup

from .models import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Module,
    Platform,
    Question,
    QuestionKind,
    Quiz,
    QuizAttempt,
    Status,
)
from .permissions import can_review, can_submit, can_unpublish
from .sanitise import sanitise_translations

# --- The results framework ---------------------------------------------------------------


def _pillar_three(period: Any) -> Any:
    """Pillar 3, Online Platforms and Learning Resources, of the given period."""

    pillars = ProgrammePillar.objects.filter(period=period)
    return pillars.filter(order=3).first() or pillars.filter(code__in=["P3", "3"]).first()


def _target_groups(period: Any, audiences: Iterable[str]) -> list[Any]:

    wanted = set(audiences)
    return [
        group
        for group in TargetGroup.objects.filter(period=period)
        if wanted & set(group.person_roles or [])
    ]


def _activity_create(
    *,
    code: str,
    kind: str,
    source: Any,
    created_by: User | None,
    initiative_code: str = "",
    unit: Any = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    workplan_item: int | None = None,
) -> Activity:
    """The Activity, in `unit` (by default the creator's), under the chosen pillars and
    objectives (Pillar 3 of the current period when none is chosen), running to the
    period's end."""
    period = activity_period_current()
    pillars = list(pillars)
    if not pillars:
        pillar = _pillar_three(period)
        pillars = [pillar] if pillar is not None else []
    return activity_for_delivery_save(
        code=code,
        kind=kind,
        period=period,
        # A platform serves the whole period; a course starts when it is created.
        whole_period=kind == ActivityKind.PLATFORM,
        created_by=created_by,
        values={
            "title": dict(source.name if kind == ActivityKind.PLATFORM else source.title),
            "original_language": source.original_language,
            "initiative": _initiative(period, initiative_code),
        },
        additions={"pillars": pillars, "objectives": list(objectives)},
        unit=unit,
        workplan_item=workplan_item,
    )


def _activity_sync(activity: Activity, *, title: Any, description: Any, source: Any) -> None:
    """Keep the Activity's title, languages, partners, audience and visibility in step."""
    values: dict[str, Any] = {
        "title": dict(title),
        "description": dict(description or {}),
        "original_language": source.original_language,
        "languages": list(source.languages),
    }
    if isinstance(source, Course):
        # A course is part of its (first) platform's activity and initiative.
        platform = source.platforms.select_related("activity").order_by("order", "slug").first()
        if platform is not None:
            values["parent"] = platform.activity
            values["initiative"] = platform.activity.initiative_id
        values["is_public"] = source.status == Status.PUBLISHED
        values["status"] = (
            ActivityStatus.ONGOING if source.status == Status.PUBLISHED else ActivityStatus.PLANNED
        )
    else:
        values["is_public"] = source.is_public
        values["status"] = ActivityStatus.ONGOING
    activity_for_delivery_save(
        activity=activity,
        values=values,
        relations={
            "partners": source.partners.all(),
            "target_groups": _target_groups(activity.period, source.audiences),
        },
    )


def _activity_place(
    activity: Activity,
    *,
    unit: Any,
    pillars: Iterable[Any] | None,
    objectives: Iterable[Any] | None,
    workplan_item: int | None,
) -> None:
    """Move the Activity to the unit, pillars, objectives and workplan item the form chose."""
    relations = {
        name: list(items)
        for name, items in (("pillars", pillars), ("objectives", objectives))
        if items is not None
    }
    if unit is not None or relations or workplan_item is not None:
        activity_for_delivery_save(
            activity=activity, unit=unit, relations=relations, workplan_item=workplan_item
        )


def _assign(instance: Model, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


def _full_clean_save(instance: Model) -> None:
    instance.full_clean(exclude=["activity"])
    instance.save()


# --- Platforms --------------------------------------------------------------------------


def _initiative(period: Any, code: str) -> Any:

    return Initiative.objects.filter(period=period, code=code).first() if code else None


@transaction.atomic
def platform_create(
    *,
    created_by: User | None = None,
    partners: Iterable[Any] = (),
    initiative_code: str = "",
    unit: Any = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    workplan_item: int | None = None,
    **fields: Any,
) -> Platform:
    """A platform and its Activity, in `unit` (by default the creator's), under the chosen
    pillars and objectives (Pillar 3 when none) and the strategy's initiative for it when
    one exists."""
    platform = Platform(**fields)
    platform.full_clean(exclude=["activity"])
    platform.activity = _activity_create(
        code=f"platform-{platform.slug}",
        kind=ActivityKind.PLATFORM,
        source=platform,
        created_by=created_by,
        initiative_code=initiative_code,
        unit=unit,
        pillars=pillars,
        objectives=objectives,
        workplan_item=workplan_item,
    )
    platform.save()
    platform.partners.set(partners)
    _activity_sync(
        platform.activity, title=platform.name, description=platform.description, source=platform
    )
    records_changed_on_commit(sender="learning", kinds={"platform", "activity"})
    return platform


@transaction.atomic
def platform_update(
    *,
    platform: Platform,
    partners: Iterable[Any] | None = None,
    unit: Any = None,
    pillars: Iterable[Any] | None = None,
    objectives: Iterable[Any] | None = None,
    workplan_item: int | None = None,
    **fields: Any,
) -> Platform:
    """Change a platform; its Activity follows, and moves to the unit, pillars and
    objectives given (those not given stay)."""
    _assign(platform, fields)
    _full_clean_save(platform)
    if partners is not None:
        platform.partners.set(partners)
    _activity_place(
        platform.activity,
        unit=unit,
        pillars=pillars,
        objectives=objectives,
        workplan_item=workplan_item,
    )
    _activity_sync(
        platform.activity, title=platform.name, description=platform.description, source=platform
    )
    records_changed_on_commit(sender="learning", kinds={"platform", "activity"})
    return platform


# --- Courses and their workflow -----------------------------------------------------------


@transaction.atomic
def course_create(
    *,
    created_by: User | None,
    platforms: Iterable[Platform] = (),
    partners: Iterable[Any] = (),
    activity: Activity | None = None,
    unit: Any = None,
    pillars: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    workplan_item: int | None = None,
    **fields: Any,
) -> Course:
    """A new course in draft, with its Activity: a new one in `unit` (by default the
    creator's) under the chosen pillars and objectives (Pillar 3 when none), or the
    existing `activity` it carries out, which keeps its place so the work counts once."""
    course = Course(created_by=created_by, status=Status.DRAFT, **fields)
    course.full_clean(exclude=["activity"])
    if activity is not None:
        course.activity = activity_for_delivery_save(
            activity=activity, values={"kind": ActivityKind.COURSE}, workplan_item=workplan_item
        )
    else:
        course.activity = _activity_create(
            code=f"course-{course.slug}",
            kind=ActivityKind.COURSE,
            source=course,
            created_by=created_by,
            unit=unit,
            pillars=pillars,
            objectives=objectives,
            workplan_item=workplan_item,
        )
    course.save()
    course.platforms.set(platforms)
    course.partners.set(partners)
    _activity_sync(course.activity, title=course.title, description=course.summary, source=course)
    records_changed_on_commit(sender="learning", kinds={"course", "activity"})
    return course


@transaction.atomic
def course_update(
    *,
    course: Course,
    platforms: Iterable[Platform] | None = None,
    partners: Iterable[Any] | None = None,
    unit: Any = None,
    pillars: Iterable[Any] | None = None,
    objectives: Iterable[Any] | None = None,
    workplan_item: int | None = None,
    **fields: Any,
) -> Course:
    """Change a course; its Activity follows, and moves to the unit, pillars and objectives
    given (those not given stay)."""
    for protected in ("status", "activity", "published_at", "reviewed_by", "submitted_by"):
        fields.pop(protected, None)
    _assign(course, fields)
    _full_clean_save(course)
    if platforms is not None:
        course.platforms.set(platforms)
    if partners is not None:
        course.partners.set(partners)
    _activity_place(
        course.activity,
        unit=unit,
        pillars=pillars,
        objectives=objectives,
        workplan_item=workplan_item,
    )
    _activity_sync(course.activity, title=course.title, description=course.summary, source=course)
    records_changed_on_commit(sender="learning", kinds={"course", "activity"})
    return course


def course_publication_problems(course: Course) -> list[str]:
    """What stops the course from being published, in words an editor can act on."""
    problems: list[str] = []
    modules = list(
        course.modules.prefetch_related("lessons__captions", "quizzes__questions__choices")
    )
    if not any(module.lessons.all() for module in modules):
        problems.append(_("The course has no lessons."))
    for module in modules:
        for lesson in module.lessons.all():
            # Accessibility first: every video can be followed without sound.
            if lesson.video and not lesson.captions.all() and not lesson.transcript:
                problems.append(
                    _("The video of “%(lesson)s” needs captions or a transcript.")
                    % {"lesson": lesson.title}
                )
        for quiz in module.quizzes.all():
            questions = list(quiz.questions.all())
            if not questions:
                problems.append(_("The quiz “%(quiz)s” has no questions.") % {"quiz": quiz.title})
            for question in questions:
                correct = [choice for choice in question.choices.all() if choice.is_correct]
                if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    if len(question.choices.all()) < 2:
                        problems.append(
                            _("The question “%(question)s” needs at least two answers.")
                            % {"question": question.text}
                        )
                    elif question.kind == QuestionKind.SINGLE and len(correct) != 1:
                        problems.append(
                            _("The question “%(question)s” needs exactly one correct answer.")
                            % {"question": question.text}
                        )
                    elif not correct:
                        problems.append(
                            _("The question “%(question)s” has no correct answer.")
                            % {"question": question.text}
                        )
                try:
                    question.clean()
                except ValidationError as exc:
                    problems.extend(exc.messages)
    return problems


def _transition(course: Course, status: str, **fields: Any) -> Course:
    course.status = status
    _assign(course, fields)
    course.save()
    _activity_sync(course.activity, title=course.title, description=course.summary, source=course)
    records_changed_on_commit(sender="learning", kinds={"course", "activity"})
    return course


@transaction.atomic
def course_submit_for_review(*, course: Course, user: User) -> Course:
    """Draft → in review; the course must be complete enough to publish."""
    if not can_submit(user, course):
        raise PermissionError(_("You cannot submit this course for review."))
    problems = course_publication_problems(course)
    if problems:
        raise ValidationError(problems)
    return _transition(course, Status.IN_REVIEW, submitted_by=user, review_comment="")


class CourseApprove(Action[Course]):
    """In review → published, by a reviewer who neither wrote nor submitted the course; the
    approval is in the course's history and whoever wrote and submitted it is told."""

    name = "learning.course_approve"
    label = gettext_lazy("Course approved and published")

    def __init__(self, *, course: Course, reviewer: User) -> None:
        super().__init__(by=reviewer)
        self.course = course

    def check(self) -> None:
        if not can_review(self.by, self.course):
            raise PermissionError(_("You cannot approve this course."))
        problems = course_publication_problems(self.course)
        if problems:
            raise ValidationError(problems)

    def write(self) -> Course:
        return _transition(
            self.course,
            Status.PUBLISHED,
            reviewed_by=self.by,
            published_at=self.course.published_at or timezone.now(),
        )

    def target(self, result: Course) -> Course:
        return result

    def details(self, result: Course) -> dict[str, Any]:
        return {"status": result.status}

    def notify(self, result: Course) -> None:
        people = {result.created_by_id, result.submitted_by_id} - {self.by.pk}
        for person in sorted(pk for pk in people if pk is not None):
            mail_person.enqueue(
                person,
                "learning/email/course_published",
                {"course": str(result.title), "slug": result.slug},
                result.original_language,
            )


def course_approve(*, course: Course, reviewer: User) -> Course:
    """Publish a course in review (the `CourseApprove` action)."""
    return CourseApprove(course=course, reviewer=reviewer).execute()


@transaction.atomic
def course_return_to_draft(*, course: Course, reviewer: User, comment: str) -> Course:
    if not can_review(reviewer, course):
        raise PermissionError(_("You cannot review this course."))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    return _transition(course, Status.DRAFT, reviewed_by=reviewer, review_comment=comment.strip())


@transaction.atomic
def course_unpublish(*, course: Course, user: User) -> Course:
    if not can_unpublish(user, course):
        raise PermissionError(_("You cannot unpublish this course."))
    return _transition(course, Status.DRAFT)


@transaction.atomic
def course_achievement_create(*, course: Course, criteria: Mapping[str, str]) -> Any:
    """The micro-credential the course awards: an Achievement named after the course.

    Once learners hold credentials for it the Achievement cannot change, so this only
    creates one when the course has none; the credentials domain writes it.
    """

    if course.achievement is not None:
        return course.achievement
    if not any(str(text).strip() for text in criteria.values()):
        raise ValidationError({"criteria": _("Say what a learner must do to earn it.")})
    achievement = achievement_for_course_save(
        code=course.slug,
        name=dict(course.title),
        description=dict(course.summary),
        criteria=sanitise_translations(criteria),
        original_language=course.original_language,
        activity=course.activity,
    )
    course.achievement = achievement
    course.save(update_fields=["achievement", "updated_at"])
    records_changed_on_commit(sender="learning", kinds={"course"})
    return achievement


# --- Course content -----------------------------------------------------------------------


def _content_saved(course: Course) -> None:
    Course.objects.filter(pk=course.pk).update(updated_at=timezone.now())


@transaction.atomic
def module_save(*, module: Module) -> Module:
    if module.pk is None and not module.order:
        module.order = module.course.modules.count() + 1
    _full_clean_save(module)
    _content_saved(module.course)
    return module


@transaction.atomic
def lesson_save(*, lesson: Lesson) -> Lesson:
    if lesson.pk is None and not lesson.order:
        lesson.order = lesson.module.lessons.count() + 1
    _full_clean_save(lesson)
    _content_saved(lesson.module.course)
    return lesson


@transaction.atomic
def quiz_save(*, quiz: Quiz) -> Quiz:
    if quiz.pk is None and not quiz.order:
        quiz.order = quiz.module.quizzes.count() + 1
    _full_clean_save(quiz)
    _content_saved(quiz.module.course)
    return quiz


@transaction.atomic
def question_save(
    *, question: Question, choices: Iterable[Mapping[str, Any]] | None = None
) -> Question:
    """Save a question and, for choice questions, replace its answer options."""
    if question.pk is None and not question.order:
        question.order = question.quiz.questions.count() + 1
    if question.kind != QuestionKind.SHORT:
        question.accepted_answers = []
    if question.kind != QuestionKind.TRUE_FALSE:
        question.correct_true = None
    _full_clean_save(question)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if choices is not None:
            options = [dict(choice) for choice in choices if choice.get("text")]
            correct = [choice for choice in options if choice.get("is_correct")]
            if len(options) < 2:
                raise ValidationError(_("Give at least two answers."))
            if question.kind == QuestionKind.SINGLE and len(correct) != 1:
                raise ValidationError(_("Mark exactly one answer as correct."))
            if not correct:
                raise ValidationError(_("Mark at least one answer as correct."))
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(
                    question=question,
                    order=position,
                    text=choice["text"],
                    is_correct=bool(choice.get("is_correct")),
                    original_language=question.original_language,
                )
                for position, choice in enumerate(options, start=1)
            )
    else:
        question.choices.all().delete()
    _content_saved(question.quiz.module.course)
    return question


@transaction.atomic
def content_delete(*, instance: Module | Lesson | Quiz | Question) -> None:
    """Remove a module, lesson, quiz or question from a course that learners have not used."""
    if isinstance(instance, Module):
        course = instance.course
    elif isinstance(instance, Question):
        course = instance.quiz.module.course
    else:
        course = instance.module.course
    if course.status == Status.IN_REVIEW:
        raise ValidationError(_("A course in review cannot be changed."))
    instance.delete()
    _content_saved(course)


# --- Learners -----------------------------------------------------------------------------


@transaction.atomic
def enrolment_create(*, user: User, course: Course) -> Enrolment:
    """Enrol a learner (idempotent) and record their participation in the course's Activity."""
    if course.status != Status.PUBLISHED:
        raise ValidationError(_("This course is not open for enrolment."))
    enrolment, created = Enrolment.objects.get_or_create(user=user, course=course)
    if created:
        participation_record(
            activity=course.activity, person=user, source=ParticipationSource.ENROLMENT
        )
    return enrolment


def lesson_visit(*, enrolment: Enrolment, lesson: Lesson) -> None:
    """Remember where the learner is, so "Continue" can bring them back."""
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )


@transaction.atomic
def lesson_complete(*, enrolment: Enrolment, lesson: Lesson) -> LessonProgress:
    if lesson.module.course_id != enrolment.course_id:
        raise ValidationError(_("This lesson is not part of the course."))
    progress, _created = LessonProgress.objects.get_or_create(enrolment=enrolment, lesson=lesson)
    Enrolment.objects.filter(pk=enrolment.pk).update(
        last_lesson=lesson, last_activity_at=timezone.now()
    )
    course_complete_if_done(enrolment=enrolment)
    return progress


_PUNCTUATION_AT_ENDS = re.compile(r"^[\W_]+|[\W_]+$", re.UNICODE)


def answer_normalise(text: Any) -> str:
    """Compare short answers without case, accents/diacritics, extra spaces or end punctuation.

    Arabic vowel marks and tatweel, French accents and full-width forms do not make an
    otherwise right answer wrong.
    """
    value = unicodedata.normalize("NFKD", str(text or ""))
    value = "".join(char for char in value if not unicodedata.combining(char))
    value = unicodedata.normalize("NFKC", value).replace("\u0640", "").casefold()
    value = " ".join(value.split())
    return _PUNCTUATION_AT_ENDS.sub("", value)


def _as_list(answer: Any) -> list[str]:
    if answer is None:
        return []
    if isinstance(answer, list | tuple | set):
        return [str(item) for item in answer]
    return [str(answer)]


def question_grade(question: Question, answer: Any) -> bool:
    """Whether an answer to one question is right: all or nothing."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        chosen = set(_as_list(answer))
        correct = {str(choice.pk) for choice in question.choices.all() if choice.is_correct}
        if question.kind == QuestionKind.SINGLE and len(chosen) != 1:
            return False
        return bool(correct) and chosen == correct
    if question.kind == QuestionKind.TRUE_FALSE:
        values = _as_list(answer)
        if len(values) != 1 or values[0] not in ("true", "false"):
            return False
        return (values[0] == "true") is bool(question.correct_true)
    values = _as_list(answer)
    if len(values) != 1:
        return False
    given = answer_normalise(values[0])
    return bool(given) and given in {answer_normalise(a) for a in question.accepted_answers}


def attempts_left(*, quiz: Quiz, used: int) -> int | None:
    """None when the quiz has no limit."""
    if not quiz.max_attempts:
        return None
    return max(0, quiz.max_attempts - used)


@transaction.atomic
def quiz_attempt_submit(
    *, enrolment: Enrolment, quiz: Quiz, answers: Mapping[str, Any]
) -> QuizAttempt:
    """Grade a quiz attempt: answers maps question ids (as text) to the learner's answer.

    Choice questions take the chosen option ids, true/false "true" or "false", short
    answers the text. Each question scores its points when fully right; the score is
    the percentage of points, passed when it reaches the quiz's passing score.
    """
    if quiz.module.course_id != enrolment.course_id:
        raise ValidationError(_("This quiz is not part of the course."))
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    used = QuizAttempt.objects.filter(enrolment=enrolment, quiz=quiz).count()
    left = attempts_left(quiz=quiz, used=used)
    if left == 0:
        raise ValidationError(
            _("You have used all %(count)s attempts at this quiz.") % {"count": quiz.max_attempts}
        )
    questions = list(quiz.questions.prefetch_related("choices"))
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))
    graded: dict[str, dict[str, Any]] = {}
    earned = total = 0
    for question in questions:
        answer = answers.get(str(question.pk))
        correct = question_grade(question, answer)
        total += question.points
        earned += question.points if correct else 0
        graded[str(question.pk)] = {"answer": answer, "correct": correct}
    score = round(100 * earned / total) if total else 0
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment,
        quiz=quiz,
        number=used + 1,
        score=score,
        passed=score >= quiz.passing_score,
        answers=graded,
    )
    Enrolment.objects.filter(pk=enrolment.pk).update(last_activity_at=timezone.now())
    if attempt.passed:
        course_complete_if_done(enrolment=enrolment)
    return attempt


def course_requirements_met(enrolment: Enrolment) -> bool:
    """Every required lesson done and every required quiz passed (and there is something)."""
    lessons = Lesson.objects.filter(module__course_id=enrolment.course_id)
    if not lessons.exists():
        return False
    lessons_left = (
        lessons.filter(is_required=True)
        .exclude(pk__in=LessonProgress.objects.filter(enrolment=enrolment).values("lesson_id"))
        .exists()
    )
    if lessons_left:
        return False
    passed = QuizAttempt.objects.filter(enrolment=enrolment, passed=True).values("quiz_id")
    return (
        not Quiz.objects.filter(module__course_id=enrolment.course_id, is_required=True)
        .exclude(pk__in=passed)
        .exists()
    )


@transaction.atomic
def course_complete_if_done(*, enrolment: Enrolment) -> bool:
    """Complete the enrolment when the rules are met; then issue the course's credential.

    Completion marks the learner's participation completed; the credential (one per
    learner and achievement, so calling this again issues nothing new) marks it
    certified. Both feed the indicator of teachers and students completing online
    courses with micro-credentials.
    """
    enrolment.refresh_from_db(fields=["completed_at"])
    course = enrolment.course
    if enrolment.completed_at is None:
        if not course_requirements_met(enrolment):
            return False
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    certified = None
    achievement = course.achievement
    if achievement is not None:
        credential_issue(
            achievement=achievement,
            recipient=enrolment.user,
            # The course's own participation is written below, once, with both flags;
            # an achievement attached to another activity records that one itself.
            record_participation=achievement.activity_id != course.activity_id,
        )
        certified = True
    participation_record(
        activity=course.activity,
        person=enrolment.user,
        source=ParticipationSource.ENROLMENT,
        completed=True,
        certified=certified,
    )
    return True


# --- Personal data -------------------------------------------------------------------------


def learner_data_erase(user: User) -> None:
    """Delete a person's enrolments, progress and quiz attempts.

    Their participation records in the courses' Activities stay, pseudonymous, so the
    completions still count in the indicators.
    """
    Enrolment.objects.filter(user=user).delete()


# --- Courses that arrive reviewed ----------------------------------------------------------


@transaction.atomic
def course_publish_reviewed(*, course: Course) -> Course:
    """Publish a course whose review happened before it reached the platform (a partner's
    reviewed course, the demo data set): the checks of an approval apply, and no reviewer
    on the platform is recorded."""
    problems = course_publication_problems(course)
    if problems:
        raise ValidationError(problems)
    return _transition(course, Status.PUBLISHED, published_at=course.published_at or timezone.now())
