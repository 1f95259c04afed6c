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
