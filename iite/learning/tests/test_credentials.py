"""Completion issues the course's micro-credential through the credentials domain."""

import pytest
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.learning import services
from iite.programme.models import Participation

from .factories import make_course, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def course_with_credential():
    from iite.credentials.models import Achievement

    course = make_course(
        "ai-ar", title={"ar": "الذكاء الاصطناعي"}, original_language="ar", languages=["ar"]
    )
    course.achievement = Achievement.objects.create(
        code="ai-ar",
        name={"ar": "الذكاء الاصطناعي"},
        description={"ar": "وصف"},
        criteria={"ar": "<p>إكمال الدورة</p>"},
        original_language="ar",
        activity=course.activity,
    )
    course.save()
    return course


def _complete(course, learner):
    enrolment = services.enrolment_create(user=learner, course=course)
    module = course.modules.get()
    for lesson in module.lessons.all():
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    quiz = module.quizzes.get()
    services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=right_answers(quiz))
    return enrolment


def test_completing_issues_one_credential_and_marks_the_participation_certified(
    course_with_credential,
):
    """The learner gets one credential for the achievement; the participation is completed and certified."""
    from iite.credentials.models import Credential

    learner = UserFactory()
    enrolment = _complete(course_with_credential, learner)
    services.course_complete_if_done(enrolment=enrolment)  # a second call issues nothing new
    credential = Credential.objects.get()
    assert (credential.recipient, credential.achievement) == (
        learner,
        course_with_credential.achievement,
    )
    record = Participation.objects.get(activity=course_with_credential.activity)
    assert (record.completed, record.certified, record.source) == (True, True, "enrolment")


def test_my_learning_links_to_the_credentials_public_page(client, course_with_credential):
    """My learning lists the credential with a link to its public page, which opens."""
    from iite.credentials.models import Credential

    learner = UserFactory()
    _complete(course_with_credential, learner)
    client.force_login(learner)
    html = client.get(reverse("learning:my")).content.decode()
    url = Credential.objects.get().get_absolute_url()
    assert f'href="{url}"' in html
    assert "الذكاء الاصطناعي" in html
    assert client.get(url).status_code == 200


def _participation_writes(queries):
    table = Participation._meta.db_table
    return [
        q["sql"]
        for q in queries
        if table in q["sql"] and q["sql"].lstrip().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


@pytest.mark.parametrize("awards_credential", [True, False])
def test_completing_a_course_writes_the_participation_once(
    course_with_credential, awards_credential
):
    """The call that completes the course writes the learner's participation in one statement,
    with completed (and certified when the course awards a credential) already set."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    course = course_with_credential
    if not awards_credential:
        course.achievement = None
        course.save()
    learner = UserFactory()
    enrolment = services.enrolment_create(user=learner, course=course)
    module = course.modules.get()
    for lesson in module.lessons.all():
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    quiz = module.quizzes.get()
    with CaptureQueriesContext(connection) as context:
        services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=right_answers(quiz))
    writes = _participation_writes(context.captured_queries)
    assert len(writes) == 1, writes
    assert writes[0].lstrip().startswith("UPDATE")
    record = Participation.objects.get(activity=course.activity)
    assert (record.completed, record.certified) == (True, awards_credential)
    with CaptureQueriesContext(connection) as again:
        services.course_complete_if_done(enrolment=enrolment)
    assert _participation_writes(again.captured_queries) == []


def test_the_course_achievement_is_created_by_the_credentials_service(monkeypatch):
    """Learning asks credentials for the course's achievement: named after the course, on
    its activity, with a free code, and created only once."""
    from iite.credentials import services as credentials_services
    from iite.credentials.models import Achievement

    course = make_course("ai-basics")
    Achievement.objects.create(
        code="ai-basics", name={"en": "Taken"}, description={"en": "x"}, criteria={"en": "x"}
    )
    calls = []
    original = credentials_services.achievement_for_course_save

    def spy(**kwargs):
        calls.append(kwargs)
        return original(**kwargs)

    # Learning calls the credentials service it imported: spy on that name.
    monkeypatch.setattr(services, "achievement_for_course_save", spy)
    achievement = services.course_achievement_create(
        course=course, criteria={"en": "<p>Finish it.</p>"}
    )
    again = services.course_achievement_create(course=course, criteria={"en": "Other"})
    assert len(calls) == 1
    assert again == achievement
    assert (achievement.code, achievement.activity, dict(achievement.name)) == (
        "ai-basics-2",
        course.activity,
        dict(course.title),
    )
    assert dict(achievement.criteria) == {"en": "<p>Finish it.</p>"}
    course.refresh_from_db()
    assert course.achievement == achievement
