import pytest

from iite.credentials.models import Credential
from iite.demo import learning
from iite.learning.models import Course, Enrolment, Platform, Status
from iite.learning.tests.factories import current_period
from iite.programme.models import Participation
from iite.strategy.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _period_with_units():
    """The current period with the three programme units the demo data places its work in."""
    period = current_period()
    for code in ("DPLM", "TPDN", "ICTHE"):
        UnitFactory(period=period, code=code)


def test_demo_has_the_four_platforms_and_courses_in_five_languages_and_runs_twice():
    """The four Pillar 3 platforms exist with courses in ar, ru, zh-hans, en and fr; a second run adds nothing."""
    _period_with_units()
    assert learning.load() == "4 platforms, 8 courses, 12 enrolments"
    assert learning.load() == "0 platforms, 0 courses, 0 enrolments"
    assert sorted(Platform.objects.values_list("slug", flat=True)) == [
        "creativity-in-education",
        "e-library",
        "health-well-being",
        "iioe",
    ]
    library = Platform.objects.get(slug="e-library")
    assert library.languages == ["en", "ar", "ru", "zh-hans"]
    assert library.activity.kind == "platform"
    published = Course.objects.filter(status=Status.PUBLISHED)
    assert {course.original_language for course in published} == {"ar", "ru", "zh-hans", "en", "fr"}
    assert all(course.published_at is not None for course in published)
    arabic = Course.objects.get(slug="ai-in-the-classroom-ar")
    quiz = arabic.modules.get(order=2).quizzes.get()
    assert {question.kind for question in quiz.questions.all()} == {
        "single",
        "multiple",
        "true_false",
        "short",
    }
    assert arabic.achievement.code == "ai-in-the-classroom-ar"
    assert arabic.achievement.activity == arabic.activity
    assert arabic.activity.parent == library.activity
    assert Course.objects.filter(status=Status.DRAFT).count() == 1
    assert Course.objects.get(slug="preventing-bullying").title["ru"].startswith("Профилактика")


def test_demo_learners_complete_courses_and_receive_their_credentials():
    """Demo learners' completions reach the participation records and the credentials."""
    _period_with_units()
    learning.load()
    completed = Enrolment.objects.exclude(completed_at=None)
    assert completed.count() == 7
    assert Enrolment.objects.filter(completed_at=None).count() == 5
    # Every course the demo learners completed awards a micro-credential.
    assert Credential.objects.count() == 7
    certified = Participation.objects.filter(activity__kind="course", certified=True)
    assert certified.count() == 7
    assert not Participation.objects.filter(activity__kind="course", person=None).exists()
