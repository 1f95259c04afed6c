import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from iite.learning.models import Course, Lesson, LessonCaption, LessonResource, Question, Status
from iite.strategy.tests.factories import UnitFactory

from .factories import current_period, make_course, user_with_perms

pytestmark = pytest.mark.django_db

EDITOR = (
    "add_course",
    "change_course",
    "add_module",
    "change_module",
    "add_lesson",
    "change_lesson",
)


@pytest.fixture
def editor():
    return user_with_perms(*EDITOR)


@pytest.fixture
def reviewer():
    return user_with_perms("publish_course")


def _translated(name, **languages):
    codes = ["en", "fr", "es", "ar", "ru", "zh-hans"]
    return {f"{name}_{code}": languages.get(code.replace("-", "_"), "") for code in codes}


def test_the_studio_is_closed_to_learners_and_anonymous_visitors(client):
    """Learners get 403; anonymous visitors are sent to sign in."""
    assert client.get(reverse("learning:studio")).status_code == 302
    client.force_login(user_with_perms())
    assert client.get(reverse("learning:studio")).status_code == 403
    assert client.get(reverse("learning:studio_course_new")).status_code == 403


def test_an_editor_creates_a_course_with_its_activity(client, editor):
    """The new-course form creates a draft course with an Activity; errors are shown per field."""
    unit = UnitFactory(period=current_period(), code="DPLM")
    client.force_login(editor)
    url = reverse("learning:studio_course_new")
    invalid = client.post(url, {"slug": "ai-ar"})
    assert invalid.status_code == 200
    assert invalid.context["form"].errors["languages"] == ["Choose at least one language."]
    assert invalid.context["form"].errors["unit"] == [
        "Choose the programme unit this activity belongs to."
    ]
    data = {
        "unit": unit.pk,
        "slug": "ai-ar",
        **_translated("title", ar="الذكاء الاصطناعي"),
        **_translated("summary", ar="مقدمة"),
        **_translated("description", ar="<p>نص<script>alert(1)</script></p>"),
        "original_language": "ar",
        "languages": ["ar"],
        "level": "introductory",
        "audiences": ["teacher"],
        "topic": "ai_competencies",
        "estimated_hours": "3",
        "licence": "CC-BY-4.0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    course = Course.objects.get(slug="ai-ar")
    assert (course.status, course.created_by, str(course.title)) == (
        Status.DRAFT,
        editor,
        "الذكاء الاصطناعي",
    )
    assert dict(course.description) == {"ar": "<p>نص</p>"}
    assert course.activity.kind == "course"
    assert course.activity.unit == unit


def test_an_editor_adds_a_module_a_lesson_and_a_question(client, editor):
    """Modules, lessons and questions are written in the studio; the lesson's text is sanitised."""
    course = make_course(status=Status.DRAFT, with_quiz=True)
    client.force_login(user_with_perms(*EDITOR, "add_question", "change_question"))
    response = client.post(
        reverse("learning:studio_module_new", args=[course.slug]),
        {**_translated("title", en="Module two"), **_translated("summary"), "order": "2"},
    )
    assert response.status_code == 302
    module = course.modules.get(order=2)
    response = client.post(
        reverse("learning:studio_lesson_new", args=[module.pk]),
        {
            **_translated("title", en="New lesson"),
            **_translated("body", en='<p><a href="javascript:x()">x</a>ok</p>'),
            **_translated("transcript"),
            "kind": "reading",
            "estimated_minutes": "10",
            "is_required": "on",
            "order": "1",
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get(module=module)
    assert dict(lesson.body) == {"en": '<p><a rel="noopener noreferrer">x</a>ok</p>'}
    quiz = course.modules.get(order=1).quizzes.get()
    response = client.post(
        reverse("learning:studio_question_new", args=[quiz.pk]),
        {
            "kind": "multiple",
            **_translated("text", en="Pick two"),
            **_translated("explanation"),
            "points": "2",
            "order": "5",
            "choice_0_text": "A",
            "choice_0_correct": "on",
            "choice_1_text": "B",
            "choice_1_correct": "on",
            "choice_2_text": "C",
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(order=5)
    assert [(str(c.text), c.is_correct) for c in question.choices.all()] == [
        ("A", True),
        ("B", True),
        ("C", False),
    ]


def test_a_short_answer_question_without_accepted_answers_is_refused(client, editor):
    """The form shows the error and writes nothing."""
    course = make_course(status=Status.DRAFT)
    quiz = course.modules.get().quizzes.get()
    client.force_login(user_with_perms("change_course"))
    before = Question.objects.count()
    response = client.post(
        reverse("learning:studio_question_new", args=[quiz.pk]),
        {
            "kind": "short",
            **_translated("text", en="Name it"),
            **_translated("explanation"),
            "points": "1",
            "order": "9",
            "accepted_answers": "  \n",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["accepted_answers"] == [
        "Give at least one accepted answer."
    ]
    assert Question.objects.count() == before


def test_captions_must_be_webvtt_and_resources_of_an_accepted_type(client, editor):
    """A .vtt with the WEBVTT signature is accepted; an .exe or a fake caption file is refused."""
    course = make_course(status=Status.DRAFT, with_quiz=False)
    lesson = course.modules.get().lessons.first()
    client.force_login(editor)
    url = reverse("learning:studio_lesson_attach", args=[lesson.pk, "captions"])
    client.post(
        url,
        {"caption-language": "ar", "caption-file": SimpleUploadedFile("c.vtt", b"not captions")},
    )
    assert LessonCaption.objects.count() == 0
    client.post(
        url,
        {
            "caption-language": "ar",
            "caption-file": SimpleUploadedFile(
                "c.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nمرحبا\n".encode()
            ),
        },
    )
    assert LessonCaption.objects.get().language == "ar"
    url = reverse("learning:studio_lesson_attach", args=[lesson.pk, "resources"])
    response = client.post(
        url,
        {
            "resource-title": "Tool",
            "resource-language": "en",
            "resource-file": SimpleUploadedFile("tool.exe", b"MZ"),
        },
        follow=True,
    )
    assert "Files of type .exe are not accepted" in response.content.decode()
    client.post(
        url,
        {
            "resource-title": "Worksheet",
            "resource-language": "en",
            "resource-file": SimpleUploadedFile("sheet.pdf", b"%PDF-1.4"),
        },
    )
    assert LessonResource.objects.get().title == "Worksheet"
    assert (
        client.post(reverse("learning:studio_lesson_attach", args=[lesson.pk, "other"])).status_code
        == 404
    )


def test_a_video_lesson_needs_a_video(client, editor):
    """Choosing the video kind without a file is a field error."""
    course = make_course(status=Status.DRAFT, with_quiz=False)
    module = course.modules.get()
    client.force_login(editor)
    response = client.post(
        reverse("learning:studio_lesson_new", args=[module.pk]),
        {
            **_translated("title", en="Video"),
            **_translated("body", en="<p>x</p>"),
            **_translated("transcript"),
            "kind": "video",
            "estimated_minutes": "5",
            "order": "3",
        },
    )
    assert response.context["form"].errors["video"] == ["A video lesson needs a video file."]


def test_review_workflow_through_the_studio(client, editor, reviewer):
    """The editor sends for review and cannot approve; a reviewer approves and learners can see it."""
    course = make_course(status=Status.DRAFT, created_by=editor)
    client.force_login(editor)
    client.post(reverse("learning:studio_course_submit", args=[course.slug]))
    course.refresh_from_db()
    assert course.status == Status.IN_REVIEW
    assert client.get(reverse("learning:studio_course_edit", args=[course.slug])).status_code == 403
    assert (
        client.post(reverse("learning:studio_course_approve", args=[course.slug])).status_code
        == 403
    )
    client.force_login(reviewer)
    page = client.get(reverse("learning:studio_course", args=[course.slug])).content.decode()
    assert "Approve and publish" in page
    client.post(reverse("learning:studio_course_approve", args=[course.slug]))
    course.refresh_from_db()
    assert course.status == Status.PUBLISHED
    client.logout()
    assert client.get(course.get_absolute_url()).status_code == 200


def test_a_reviewer_who_is_also_the_author_is_told_to_ask_another(client):
    """A publisher who submitted their own course sees why they cannot approve it."""
    both = user_with_perms("add_course", "change_course", "publish_course")
    course = make_course(status=Status.DRAFT, created_by=both)
    client.force_login(both)
    client.post(reverse("learning:studio_course_submit", args=[course.slug]))
    page = client.get(reverse("learning:studio_course", args=[course.slug])).content.decode()
    assert "another reviewer must approve it" in page
    assert "Approve and publish" not in page


def test_returning_without_a_comment_shows_an_error(client, editor, reviewer):
    """The reviewer must say what to change; with a comment the course goes back to draft."""
    course = make_course(status=Status.DRAFT, created_by=editor)
    client.force_login(editor)
    client.post(reverse("learning:studio_course_submit", args=[course.slug]))
    client.force_login(reviewer)
    response = client.post(
        reverse("learning:studio_course_return", args=[course.slug]), {"comment": ""}, follow=True
    )
    assert "Say what needs to change." in response.content.decode()
    client.post(
        reverse("learning:studio_course_return", args=[course.slug]), {"comment": "Fix the quiz."}
    )
    course.refresh_from_db()
    assert (course.status, course.review_comment) == (Status.DRAFT, "Fix the quiz.")


def test_studio_changes_are_audited(client, editor):
    """Editing a module leaves an audit entry naming the editor."""
    from auditlog.models import LogEntry

    course = make_course(status=Status.DRAFT, with_quiz=False)
    module = course.modules.get()
    client.force_login(editor)
    client.post(
        reverse("learning:studio_module", args=[module.pk]),
        {**_translated("title", en="Renamed"), **_translated("summary"), "order": "1"},
    )
    entry = LogEntry.objects.get_for_object(module).latest("timestamp")
    assert entry.actor == editor


def test_unknown_content_kinds_are_not_found(client, editor):
    """Deleting something that is not a module, lesson, quiz or question is a 404, not an error."""
    client.force_login(editor)
    assert (
        client.post(reverse("learning:studio_content_delete", args=["users", 1])).status_code == 404
    )


def test_every_studio_page_opens_for_an_editor(client):
    """The studio's lists and forms render for a content editor with the role's permissions."""
    from django.contrib.auth.models import Permission

    from iite.accounts.tests.factories import UserFactory
    from iite.core.registry import role_permissions

    from .factories import make_platform

    editor = UserFactory()
    codenames = [
        perm.split(".")[1]
        for perm in role_permissions["Programme officer"]
        if perm.startswith("learning.")
    ]
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="learning", codename__in=codenames)
    )
    platform = make_platform()
    course = make_course(status=Status.DRAFT, created_by=editor, platforms=[platform])
    module = course.modules.get()
    lesson = module.lessons.first()
    quiz = module.quizzes.get()
    question = quiz.questions.first()
    client.force_login(editor)
    for name, args in [
        ("studio", []),
        ("studio_reviews", []),
        ("studio_course_new", []),
        ("studio_course", [course.slug]),
        ("studio_course_edit", [course.slug]),
        ("studio_module_new", [course.slug]),
        ("studio_module", [module.pk]),
        ("studio_lesson_new", [module.pk]),
        ("studio_lesson", [lesson.pk]),
        ("studio_quiz_new", [module.pk]),
        ("studio_quiz", [quiz.pk]),
        ("studio_question_new", [quiz.pk]),
        ("studio_question", [question.pk]),
        ("studio_platform_new", []),
        ("studio_platform", [platform.slug]),
    ]:
        response = client.get(reverse(f"learning:{name}", args=args))
        assert response.status_code == 200, name


def test_an_editor_makes_the_course_award_a_micro_credential(client, editor):
    """The studio creates the course's Achievement once, named after it, with sanitised criteria."""
    course = make_course(status=Status.DRAFT, created_by=editor, with_quiz=False)
    client.force_login(editor)
    url = reverse("learning:studio_course_achievement", args=[course.slug])
    response = client.post(url, _translated("criteria"), follow=True)
    assert "Enter the text in at least one language." in response.content.decode()
    client.post(url, _translated("criteria", en="<p>Finish every lesson.<script>x()</script></p>"))
    course.refresh_from_db()
    achievement = course.achievement
    assert (achievement.code, dict(achievement.name), dict(achievement.criteria)) == (
        "ai-basics",
        {"en": "AI basics for teachers"},
        {"en": "<p>Finish every lesson.</p>"},
    )
    assert achievement.activity == course.activity
    client.post(url, _translated("criteria", en="Other"))
    course.refresh_from_db()
    assert course.achievement == achievement
