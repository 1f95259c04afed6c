import pytest
from django.core.exceptions import ValidationError

from iite.accounts.tests.factories import UserFactory
from iite.learning import services
from iite.learning.models import (
    Course,
    Enrolment,
    LessonProgress,
    QuestionKind,
    QuizAttempt,
    Status,
)
from iite.programme.models import Participation

from .factories import current_period, make_course, make_platform, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_course()


@pytest.fixture
def enrolment(course):
    return services.enrolment_create(user=UserFactory(), course=course)


def _quiz(course):
    return course.modules.get().quizzes.get()


def test_a_course_is_an_activity_under_pillar_three_of_the_current_period():
    """Creating a course creates its Activity: kind course, current period, pillar 3, target groups."""
    from iite.strategy.models import TargetGroup

    period = current_period()
    TargetGroup.objects.create(
        period=period, code="teachers", person_roles=["teacher"], title={"en": "Teachers"}
    )
    platform = make_platform()
    course = make_course(platforms=[platform], status=Status.DRAFT)
    activity = course.activity
    assert (activity.kind, activity.code, activity.period) == ("course", "course-ai-basics", period)
    assert [pillar.order for pillar in activity.pillars.all()] == [3]
    assert [group.code for group in activity.target_groups.all()] == ["teachers"]
    assert activity.parent == platform.activity
    assert activity.is_public is False
    assert platform.activity.kind == "platform"


def test_creating_a_course_without_a_current_period_is_refused_and_writes_nothing():
    """No current strategy period: a clear error, and neither a course nor an activity is left."""
    from iite.programme.models import Activity

    with pytest.raises(ValidationError, match="No strategy period is current"):
        services.course_create(
            created_by=None,
            slug="x",
            title={"en": "X"},
            summary={"en": "X"},
            languages=["en"],
            topic="creativity",
        )
    assert (Course.objects.count(), Activity.objects.count()) == (0, 0)


def test_enrolment_is_idempotent_and_records_participation(course):
    """Enrolling twice keeps one enrolment and one participation record, from an enrolment."""
    learner = UserFactory()
    services.enrolment_create(user=learner, course=course)
    services.enrolment_create(user=learner, course=course)
    assert Enrolment.objects.count() == 1
    record = Participation.objects.get()
    assert (record.activity, record.person, record.source, record.completed) == (
        course.activity,
        learner,
        "enrolment",
        False,
    )


def test_a_draft_course_cannot_be_enrolled_in():
    """Learners enrol only in published courses."""
    draft = make_course(status=Status.DRAFT)
    with pytest.raises(ValidationError, match="not open for enrolment"):
        services.enrolment_create(user=UserFactory(), course=draft)


def test_completion_needs_every_required_lesson_and_every_required_quiz(course, enrolment):
    """Lessons alone do not complete a course with a required quiz; passing the quiz does."""
    lessons = list(course.modules.get().lessons.all())
    for lesson in lessons:
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    services.quiz_attempt_submit(
        enrolment=enrolment, quiz=_quiz(course), answers=right_answers(_quiz(course))
    )
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    record = Participation.objects.get()
    assert (record.completed, record.certified) == (True, False)


def test_optional_lessons_and_quizzes_are_not_needed_for_completion(course, enrolment):
    """Only required lessons and required quizzes count towards completion."""
    module = course.modules.get()
    first, second = module.lessons.all()
    second.is_required = False
    second.save()
    module.quizzes.update(is_required=False)
    services.lesson_complete(enrolment=enrolment, lesson=first)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_a_lesson_of_another_course_cannot_be_completed(enrolment):
    """Progress is recorded only for lessons of the enrolled course."""
    other = make_course("other-course")
    lesson = other.modules.get().lessons.first()
    with pytest.raises(ValidationError):
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    assert LessonProgress.objects.count() == 0


def test_every_question_kind_is_graded(course, enrolment):
    """Single, multiple, true/false and short answers score when right and not when wrong."""
    quiz = _quiz(course)
    questions = {question.kind: question for question in quiz.questions.all()}
    single, multiple = questions[QuestionKind.SINGLE], questions[QuestionKind.MULTIPLE]
    right_single = str(single.choices.get(is_correct=True).pk)
    wrong_single = str(single.choices.get(is_correct=False).pk)
    correct_multiple = sorted(str(c.pk) for c in multiple.choices.filter(is_correct=True))
    assert services.question_grade(single, right_single)
    assert not services.question_grade(single, wrong_single)
    assert not services.question_grade(single, [right_single, wrong_single])
    assert services.question_grade(multiple, correct_multiple)
    assert not services.question_grade(multiple, correct_multiple[:1])
    assert not services.question_grade(multiple, [str(c.pk) for c in multiple.choices.all()])
    tf = questions[QuestionKind.TRUE_FALSE]
    assert services.question_grade(tf, "false")
    assert not services.question_grade(tf, "true")
    assert not services.question_grade(tf, "maybe")
    short = questions[QuestionKind.SHORT]
    assert services.question_grade(short, "  BIASED. ")
    assert services.question_grade(short, "Unfair")
    assert not services.question_grade(short, "fair")
    assert not services.question_grade(short, "")


def test_short_answers_ignore_diacritics_tatweel_and_full_width_forms():
    """Arabic vowel marks and tatweel, accents and full-width letters do not make a right answer wrong."""
    assert services.answer_normalise("مُنْحَـازَة") == services.answer_normalise("منحازة")
    assert services.answer_normalise("Éducation ") == "education"
    assert services.answer_normalise("ＡＩ") == "ai"


def test_score_is_the_percentage_of_points_and_passing_follows_the_pass_mark(course, enrolment):
    """Three of four questions right is 75%, which passes a quiz whose pass mark is 75%."""
    quiz = _quiz(course)
    answers = right_answers(quiz)
    short = quiz.questions.get(kind=QuestionKind.SHORT)
    answers[str(short.pk)] = "wrong"
    attempt = services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=answers)
    assert (attempt.number, attempt.score, attempt.passed) == (1, 75, True)
    assert attempt.answers[str(short.pk)] == {"answer": "wrong", "correct": False}


def test_attempts_stop_at_the_limit(course, enrolment):
    """A quiz with two attempts refuses a third, and records nothing for it."""
    quiz = _quiz(course)
    for _number in range(2):
        attempt = services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers={})
        assert (attempt.score, attempt.passed) == (0, False)
    with pytest.raises(ValidationError, match="You have used all 2 attempts"):
        services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=right_answers(quiz))
    assert QuizAttempt.objects.count() == 2


def test_no_limit_means_any_number_of_attempts(course, enrolment):
    """max_attempts = 0 allows as many attempts as the learner needs."""
    quiz = _quiz(course)
    quiz.max_attempts = 0
    quiz.save()
    for _number in range(4):
        services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers={})
    assert services.attempts_left(quiz=quiz, used=4) is None
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 4


def test_the_workflow_goes_draft_review_published_and_editors_cannot_publish_their_own():
    """An editor submits; they cannot approve it; another reviewer can; the Activity becomes public."""
    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course", "publish_course")
    reviewer = user_with_perms("publish_course")
    course = make_course(status=Status.DRAFT, created_by=editor)
    services.course_submit_for_review(course=course, user=editor)
    assert course.status == Status.IN_REVIEW
    with pytest.raises(PermissionError):
        services.course_approve(course=course, reviewer=editor)
    services.course_approve(course=course, reviewer=reviewer)
    course.refresh_from_db()
    assert (course.status, course.reviewed_by, course.published_at is not None) == (
        Status.PUBLISHED,
        reviewer,
        True,
    )
    assert course.activity.is_public is True
    assert course.activity.status == "ongoing"


def test_returning_a_course_needs_a_comment_and_sends_it_back_to_draft():
    """A reviewer returns a course with a comment the editors see; an empty comment is refused."""
    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course")
    reviewer = user_with_perms("publish_course")
    course = make_course(status=Status.DRAFT, created_by=editor)
    services.course_submit_for_review(course=course, user=editor)
    with pytest.raises(ValidationError):
        services.course_return_to_draft(course=course, reviewer=reviewer, comment="  ")
    services.course_return_to_draft(course=course, reviewer=reviewer, comment="Add captions.")
    course.refresh_from_db()
    assert (course.status, course.review_comment) == (Status.DRAFT, "Add captions.")


def test_an_incomplete_course_cannot_be_sent_for_review():
    """A quiz without questions, or a single-choice question without one right answer, blocks review."""
    from iite.learning.models import Quiz

    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course")
    course = make_course(status=Status.DRAFT, created_by=editor, with_quiz=False)
    Quiz.objects.create(module=course.modules.get(), title={"en": "Empty quiz"})
    with pytest.raises(ValidationError) as error:
        services.course_submit_for_review(course=course, user=editor)
    assert error.value.messages == ["The quiz “Empty quiz” has no questions."]
    course.refresh_from_db()
    assert course.status == Status.DRAFT


def test_question_save_checks_the_answer_options():
    """A single-choice question needs exactly one correct answer among at least two."""
    from iite.learning.models import Question

    course = make_course(status=Status.DRAFT)
    quiz = course.modules.get().quizzes.get()
    question = Question(quiz=quiz, kind=QuestionKind.SINGLE, text={"en": "Pick one"})
    with pytest.raises(ValidationError, match="exactly one"):
        services.question_save(
            question=question,
            choices=[
                {"text": {"en": "A"}, "is_correct": True},
                {"text": {"en": "B"}, "is_correct": True},
            ],
        )
    saved = services.question_save(
        question=Question(quiz=quiz, kind=QuestionKind.SINGLE, text={"en": "Pick one"}),
        choices=[
            {"text": {"en": "A"}, "is_correct": True},
            {"text": {"en": "B"}, "is_correct": False},
        ],
    )
    assert [(str(c.text), c.is_correct) for c in saved.choices.all()] == [("A", True), ("B", False)]


def test_personal_data_export_and_erasure_keep_participation_pseudonymous(course, enrolment):
    """Export lists enrolments, progress and attempts; erasure deletes them but keeps participation."""
    from iite.core.registry import personal_data_handlers
    from iite.learning.personal_data import erase_learner_data, export_learner_data

    assert any(handler.name == "learning" for handler in personal_data_handlers)

    lesson = course.modules.get().lessons.first()
    services.lesson_complete(enrolment=enrolment, lesson=lesson)
    services.quiz_attempt_submit(enrolment=enrolment, quiz=_quiz(course), answers={})
    data = export_learner_data(enrolment.user)
    exported = data["enrolments"][0]
    assert exported["course"] == "ai-basics"
    assert [item["lesson"] for item in exported["lessons_completed"]] == [lesson.pk]
    assert [attempt["score"] for attempt in exported["quiz_attempts"]] == [0]
    erase_learner_data(enrolment.user)
    assert (
        Enrolment.objects.count(),
        LessonProgress.objects.count(),
        QuizAttempt.objects.count(),
    ) == (0, 0, 0)
    assert Participation.objects.filter(person_key=enrolment.user.person_key).count() == 1


def test_indicator_selectors_count_completions_and_platforms(course, enrolment):
    """The indicator reads count published courses, public platforms and completed learners."""
    from iite.learning.selectors import completions_count, platforms_and_resources_count

    make_platform()
    for lesson in course.modules.get().lessons.all():
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    services.quiz_attempt_submit(
        enrolment=enrolment, quiz=_quiz(course), answers=right_answers(_quiz(course))
    )
    assert completions_count() == {"completed": 1, "certified": 0}
    assert platforms_and_resources_count() == {"platforms": 1, "courses": 1}


def test_a_video_without_captions_or_transcript_blocks_review():
    """A video lesson must have captions or a transcript before the course goes to review."""
    from iite.learning.models import Lesson

    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course")
    course = make_course(status=Status.DRAFT, created_by=editor, with_quiz=False)
    lesson = course.modules.get().lessons.first()
    Lesson.objects.filter(pk=lesson.pk).update(kind="video", video="learning/videos/talk.mp4")
    assert services.course_publication_problems(course) == [
        "The video of “Lesson one” needs captions or a transcript."
    ]
    Lesson.objects.filter(pk=lesson.pk).update(transcript={"en": "<p>Words</p>"})
    assert services.course_publication_problems(course) == []


def test_a_reviewed_course_is_published_only_when_it_could_be_approved():
    """A course reviewed elsewhere is published (activity public); one with no lessons is not."""
    ready = make_course("ready", status=Status.DRAFT)
    services.course_publish_reviewed(course=ready)
    ready.refresh_from_db()
    assert ready.status == Status.PUBLISHED and ready.published_at is not None
    assert ready.reviewed_by is None
    assert ready.activity.is_public is True
    empty = services.course_create(
        created_by=None,
        slug="empty",
        title={"en": "Empty"},
        summary={"en": "Nothing yet."},
        original_language="en",
        languages=["en"],
        topic="ai_competencies",
        level="introductory",
        audiences=["teacher"],
        estimated_hours=1,
        unit=ready.activity.unit,
    )
    with pytest.raises(ValidationError, match=r"The course has no lessons\."):
        services.course_publish_reviewed(course=empty)
    empty.refresh_from_db()
    assert empty.status == Status.DRAFT


def test_approving_is_one_audited_action_and_tells_the_author_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    """The approval names its reviewer in the course's history; the author (who also
    submitted it) gets one e-mail, in their language, linking to the published course."""
    from auditlog.models import LogEntry

    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course", preferred_language="es")
    reviewer = user_with_perms("publish_course")
    course = make_course(status=Status.DRAFT, created_by=editor)
    services.course_submit_for_review(course=course, user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        services.course_approve(course=course, reviewer=reviewer)
    actions = [
        entry.actor
        for entry in LogEntry.objects.get_for_object(course)
        if (entry.additional_data or {}).get("action") == "learning.course_approve"
    ]
    assert actions == [reviewer]
    assert [message.to for message in mailoutbox] == [[editor.email]]
    assert f"/es/learning/courses/{course.slug}/" in mailoutbox[0].body


def test_a_refused_approval_leaves_no_entry_and_no_e_mail(
    mailoutbox, django_capture_on_commit_callbacks
):
    """An author cannot approve their own course: nothing is written or sent."""
    from auditlog.models import LogEntry

    from .factories import user_with_perms

    editor = user_with_perms("add_course", "change_course", "publish_course")
    course = make_course(status=Status.DRAFT, created_by=editor)
    services.course_submit_for_review(course=course, user=editor)
    before = LogEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionError):
        services.course_approve(course=course, reviewer=editor)
    course.refresh_from_db()
    assert course.status == Status.IN_REVIEW
    assert LogEntry.objects.count() == before
    assert mailoutbox == []
