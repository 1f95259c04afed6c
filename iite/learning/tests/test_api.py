import pytest

from iite.accounts.tests.factories import UserFactory
from iite.learning import services
from iite.learning.models import Status

from .factories import make_course, make_platform

pytestmark = pytest.mark.django_db


@pytest.fixture
def courses():
    library = make_platform()
    arabic = make_course(
        "ai-ar",
        platforms=[library],
        title={"ar": "الذكاء الاصطناعي"},
        original_language="ar",
        languages=["ar"],
    )
    english = make_course("bullying", topic="bullying_prevention", with_quiz=False)
    make_course("draft", status=Status.DRAFT)
    return arabic, english


def test_platforms_are_listed_with_their_languages(client, courses):
    """GET /api/learning/platforms lists public platforms with names per language."""
    data = client.get("/api/learning/platforms").json()
    assert [(item["slug"], item["languages"], item["name"]["ar"]) for item in data] == [
        ("e-library", ["en", "ar"], "المكتبة الإلكترونية للمعلمين")
    ]


def test_the_catalogue_filters_and_hides_drafts(client, courses):
    """The public catalogue lists published courses only and applies language and topic filters."""
    everything = client.get("/api/learning/courses").json()
    assert sorted(item["slug"] for item in everything["items"]) == ["ai-ar", "bullying"]
    assert everything["count"] == 2
    arabic = client.get("/api/learning/courses?language=ar").json()["items"]
    assert [(item["slug"], item["platforms"], item["licence"]) for item in arabic] == [
        ("ai-ar", ["e-library"], "CC-BY-SA-4.0")
    ]
    topic = client.get("/api/learning/courses?topic=bullying_prevention").json()["items"]
    assert [item["slug"] for item in topic] == ["bullying"]
    assert client.get("/api/learning/courses?language=xx").json()["count"] == 0


def test_a_bad_filter_is_a_400_naming_the_field(client, courses):
    """An unknown topic is refused with the field named."""
    response = client.get("/api/learning/courses?topic=cooking")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "query.topic"


def test_course_detail_gives_the_outline_of_published_courses_only(client, courses):
    """A published course comes with its modules, lessons and quizzes; a draft is 404."""
    data = client.get("/api/learning/courses/ai-ar").json()
    module = data["modules"][0]
    assert [lesson["title"]["en"] for lesson in module["lessons"]] == ["Lesson one", "Lesson two"]
    assert [quiz["passing_score"] for quiz in module["quizzes"]] == [75]
    assert client.get("/api/learning/courses/draft").status_code == 404
    assert client.get("/api/learning/courses/missing").status_code == 404


def test_enrolments_need_sign_in_and_show_progress(client, courses):
    """Anonymous: 401; a learner sees their courses with lessons done and a continue link."""
    assert client.get("/api/learning/me/enrolments").status_code == 401
    learner = UserFactory()
    enrolment = services.enrolment_create(user=learner, course=courses[0])
    services.lesson_complete(enrolment=enrolment, lesson=courses[0].modules.get().lessons.first())
    client.force_login(learner)
    data = client.get("/api/learning/me/enrolments").json()
    assert [
        (item["course"], item["lessons_done"], item["lessons_total"], item["percent"])
        for item in data
    ] == [("ai-ar", 1, 2, 50)]
    assert data[0]["continue_url"] == "/en/learning/courses/ai-ar/continue/"
