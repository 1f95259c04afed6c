import pytest
from django.urls import reverse
from django.utils.html import escape

from iite.accounts.tests.factories import UserFactory
from iite.learning import services
from iite.learning.models import Enrolment, LessonProgress, QuizAttempt, Status

from .factories import make_course, make_platform, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Three published courses in different languages, topics and platforms, and one draft."""
    library = make_platform("e-library")
    health = make_platform("health", name={"en": "Health and Well-being"}, languages=["en", "ru"])
    arabic = make_course(
        "ai-ar",
        platforms=[library],
        title={"ar": "الذكاء الاصطناعي للمعلمين"},
        summary={"ar": "مقدمة"},
        original_language="ar",
        languages=["ar"],
    )
    russian = make_course(
        "mil-ru",
        platforms=[library],
        title={"ru": "Медиаграмотность"},
        summary={"ru": "Курс"},
        original_language="ru",
        languages=["ru"],
        topic="mil",
        level="intermediate",
        audiences=["teacher_trainer"],
    )
    bullying = make_course(
        "bullying",
        platforms=[health],
        title={"en": "Preventing bullying"},
        topic="bullying_prevention",
        audiences=["school_counsellor"],
    )
    make_course("draft", status=Status.DRAFT, title={"en": "Secret draft"})
    return {"arabic": arabic, "russian": russian, "bullying": bullying}


def _slugs(response):
    return (
        [course.slug for course in response.context["page"].object_list]
        if response.context and "page" in response.context
        else None
    )


def _titles_in(response, *titles):
    html = response.content.decode()
    return [title for title in titles if title in html]


ALL = ("الذكاء الاصطناعي للمعلمين", "Медиаграмотность", "Preventing bullying", "Secret draft")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL[:3]),
        ("?language=ar", ALL[:1]),
        ("?language=ru", ALL[1:2]),
        ("?topic=bullying_prevention", ALL[2:3]),
        ("?level=intermediate", ALL[1:2]),
        ("?audience=school_counsellor", ALL[2:3]),
        ("?platform=health", ALL[2:3]),
        ("?platform=e-library&language=ru", ALL[1:2]),
        ("?q=bullying", ALL[2:3]),
        ("?q=Медиа", ALL[1:2]),
        ("?language=xx", ALL[:3]),
    ],
)
def test_catalogue_filters(client, catalogue, query, expected):
    """Each filter narrows the published courses; drafts never show; an unknown value is ignored."""
    response = client.get(reverse("learning:catalogue") + query)
    assert response.status_code == 200
    assert tuple(_titles_in(response, *ALL)) == expected


def test_catalogue_paginates_without_javascript(client, catalogue):
    """Thirteen more courses make a second page reached by a plain link that keeps the filters."""
    for number in range(13):
        make_course(f"extra-{number}", with_quiz=False, title={"en": f"Extra {number}"})
    response = client.get(reverse("learning:catalogue") + "?language=en")
    html = response.content.decode()
    assert "14 courses found" in html
    assert 'href="?language=en&amp;page=2"' in html
    second = client.get(reverse("learning:catalogue") + "?language=en&page=2").content.decode()
    assert "Page 2 of 2" in second
    assert client.get(reverse("learning:catalogue") + "?page=99").status_code == 200


def test_htmx_gets_the_results_alone(client, catalogue):
    """An htmx request receives the results fragment, not the whole page."""
    response = client.get(reverse("learning:catalogue") + "?language=ru", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "<form" not in html
    assert "1 course found" in html and "Медиаграмотность" in html


def test_catalogue_uses_a_handful_of_queries_then_none_from_the_cache(
    client, catalogue, django_assert_num_queries
):
    """Platforms, count, page and two prefetches: five queries; the same request again: none."""
    url = reverse("learning:catalogue") + "?topic=mil"
    with django_assert_num_queries(5):
        client.get(url)
    with django_assert_num_queries(0):
        response = client.get(url)
    assert "Медиаграмотность" in response.content.decode()


def test_a_course_change_refreshes_the_cached_catalogue(
    client, catalogue, django_capture_on_commit_callbacks
):
    """A change to a course shows in the catalogue as soon as it commits, and not before."""
    url = reverse("learning:catalogue")
    assert "Renamed course" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.course_update(course=catalogue["bullying"], title={"en": "Renamed course"})
        assert "Renamed course" not in client.get(url).content.decode()
    assert "Renamed course" in client.get(url).content.decode()


def test_the_cache_is_per_language(client, catalogue):
    """The Arabic catalogue is rendered in Arabic even after the English one was cached."""
    client.get("/en/learning/")
    response = client.get("/ar/learning/")
    assert 'dir="rtl"' in response.content.decode()
    assert response.context is not None


def test_platform_landing_page_lists_its_courses(client, catalogue):
    """The platform page shows its name, languages and its published courses only."""
    response = client.get(reverse("learning:platform", args=["health"]))
    html = response.content.decode()
    assert "Health and Well-being" in html and "Preventing bullying" in html
    assert "Медиаграмотность" not in html
    assert client.get(reverse("learning:platform", args=["missing"])).status_code == 404


def test_platform_page_lists_its_micro_learning_units(
    client, catalogue, django_assert_max_num_queries
):
    """Micro-learning units of the platform's published courses are listed with their course."""
    lesson = catalogue["bullying"].modules.get().lessons.first()
    lesson.kind = "micro"
    lesson.title = {"en": "Three signs to notice"}
    lesson.save()
    with django_assert_max_num_queries(7):
        html = client.get(reverse("learning:platform", args=["health"])).content.decode()
    assert "Micro-learning and videos" in html and "Three signs to notice" in html
    library = client.get(reverse("learning:platform", args=["e-library"])).content.decode()
    assert "Three signs to notice" not in library


def test_a_draft_is_not_found_by_learners(client, catalogue):
    """A learner (or anonymous visitor) gets 404 for a draft course."""
    assert client.get(reverse("learning:course", args=["draft"])).status_code == 404
    client.force_login(UserFactory())
    assert client.get(reverse("learning:course", args=["draft"])).status_code == 404


def test_course_page_invites_anonymous_visitors_to_sign_in(client, catalogue):
    """Anonymous visitors see the outline and a sign-in link instead of the enrol button."""
    html = client.get(reverse("learning:course", args=["bullying"])).content.decode()
    assert "Sign in to enrol" in html and "Lesson one" in html


def test_enrol_continue_and_resume_where_the_learner_stopped(client, catalogue):
    """Enrolling leads to the first lesson; after it is done, Continue leads to the second."""
    course = catalogue["bullying"]
    learner = UserFactory()
    client.force_login(learner)
    response = client.post(reverse("learning:enrol", args=[course.slug]))
    assert response.status_code == 302 and response.url == reverse(
        "learning:continue", args=[course.slug]
    )
    first, second = course.modules.get().lessons.all()
    assert client.get(response.url).url == reverse("learning:lesson", args=[course.slug, first.pk])
    done = client.post(reverse("learning:lesson_complete", args=[course.slug, first.pk]))
    assert client.get(done.url).url == reverse("learning:lesson", args=[course.slug, second.pk])
    assert Enrolment.objects.get(user=learner).last_lesson == first
    assert LessonProgress.objects.filter(enrolment__user=learner).count() == 1


def test_lesson_complete_needs_an_enrolment(client, catalogue):
    """Without an enrolment nothing is recorded and the learner is sent to the course page."""
    course = catalogue["bullying"]
    client.force_login(UserFactory())
    lesson = course.modules.get().lessons.first()
    response = client.post(reverse("learning:lesson_complete", args=[course.slug, lesson.pk]))
    assert response.url == course.get_absolute_url()
    assert LessonProgress.objects.count() == 0


def test_quiz_form_asks_for_every_answer_and_shows_the_result(client, catalogue):
    """A blank submission shows field errors; a right one redirects to an accessible result table."""
    course = catalogue["bullying"]
    learner = UserFactory()
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    quiz = course.modules.get().quizzes.get()
    url = reverse("learning:quiz", args=[course.slug, quiz.pk])
    blank = client.post(url, {})
    assert blank.status_code == 200
    assert "Answer this question." in blank.content.decode()
    assert QuizAttempt.objects.count() == 0
    response = client.post(url, right_answers(quiz))
    assert response.url == reverse("learning:quiz_result", args=[course.slug, quiz.pk, 1])
    html = client.get(response.url).content.decode()
    assert "Passed" in html and "you scored 100%" in html
    assert html.count(">Correct<") == 4


def test_completing_the_last_requirement_shows_the_completion(client, catalogue):
    """With the lessons done, passing the quiz completes the course and the page says so."""
    course = catalogue["bullying"]
    learner = UserFactory()
    enrolment = services.enrolment_create(user=learner, course=course)
    for lesson in course.modules.get().lessons.all():
        services.lesson_complete(enrolment=enrolment, lesson=lesson)
    client.force_login(learner)
    quiz = course.modules.get().quizzes.get()
    response = client.post(
        reverse("learning:quiz", args=[course.slug, quiz.pk]), right_answers(quiz), follow=True
    )
    assert "Course completed" in response.content.decode()
    assert "You completed this course on" in client.get(course.get_absolute_url()).content.decode()


def test_quiz_page_says_when_attempts_are_used_up(client, catalogue):
    """After the last allowed attempt the form is gone and a post records nothing more."""
    course = catalogue["bullying"]
    learner = UserFactory()
    enrolment = services.enrolment_create(user=learner, course=course)
    quiz = course.modules.get().quizzes.get()
    for _number in range(quiz.max_attempts):
        services.quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers={})
    client.force_login(learner)
    url = reverse("learning:quiz", args=[course.slug, quiz.pk])
    html = client.get(url).content.decode()
    assert "You have used all your attempts at this quiz." in html
    assert "Submit answers" not in html
    client.post(url, right_answers(quiz))
    assert QuizAttempt.objects.count() == quiz.max_attempts


def test_my_learning_lists_courses_with_progress_in_few_queries(
    client, catalogue, django_assert_num_queries
):
    """My learning shows each course with lessons done out of total, without one query per course."""
    learner = UserFactory()
    for course in catalogue.values():
        enrolment = services.enrolment_create(user=learner, course=course)
    services.lesson_complete(
        enrolment=enrolment, lesson=enrolment.course.modules.get().lessons.first()
    )
    client.force_login(learner)
    client.get(reverse("learning:my"))
    # session, user, enrolments with their counts, credentials, and the two permission
    # queries of the staff menu in the layout.
    with django_assert_num_queries(6):
        response = client.get(reverse("learning:my"))
    html = response.content.decode()
    assert html.count("of 2 lessons done") == 3
    assert "1 of 2 lessons done" in html


def test_my_learning_needs_sign_in(client):
    """Anonymous visitors are sent to sign in."""
    response = client.get(reverse("learning:my"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_a_video_lesson_plays_with_its_captions_and_transcript(
    client, catalogue, settings, tmp_path
):
    """The video has a caption track per language, and the transcript is there for those who read."""
    from django.core.files.base import ContentFile

    from iite.learning.models import LessonCaption

    settings.MEDIA_ROOT = tmp_path
    course = catalogue["bullying"]
    lesson = course.modules.get().lessons.first()
    lesson.kind = "video"
    lesson.video.save("talk.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    lesson.transcript = {"en": "<p>What the speaker says.</p>"}
    lesson.save()
    caption = LessonCaption(lesson=lesson, language="ar")
    caption.file.save("talk-ar.vtt", ContentFile(b"WEBVTT\n"), save=True)
    html = client.get(reverse("learning:lesson", args=[course.slug, lesson.pk])).content.decode()
    assert '<track kind="captions"' in html and 'srclang="ar"' in html
    assert "What the speaker says." in html


def test_lesson_page_queries_do_not_grow_with_the_course(
    client, catalogue, django_assert_max_num_queries
):
    """A lesson page of an enrolled learner stays within a fixed number of queries."""
    course = catalogue["bullying"]
    learner = UserFactory()
    services.enrolment_create(user=learner, course=course)
    client.force_login(learner)
    lesson = course.modules.get().lessons.first()
    # session, user, course, lesson, its captions and resources, the outline (modules,
    # lessons, quizzes), enrolment, remembering the lesson, progress, attempts, and the
    # two permission queries of the layout's staff menu.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("learning:lesson", args=[course.slug, lesson.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(str(lesson.title)) in html
    assert escape(str(course.title)) in html
