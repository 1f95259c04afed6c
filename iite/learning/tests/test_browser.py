"""A teacher finds the Arabic course, completes it and sees the completion and the credential.

The end-to-end check of the issue continues on the credential's public page (verifying
it); `open_credential_from_my_learning` leaves the browser there for that next step.
"""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def demo_courses():
    from iite.learning.demo import load_demo

    from .factories import current_period

    current_period()
    load_demo()


@pytest.fixture
def teacher():
    from allauth.account.models import EmailAddress

    from .factories import UserFactory

    user = UserFactory(email="teacher@example.org", name="Amina Teacher", role="teacher")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page, email):
    page.goto("/ar/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


def find_the_arabic_course(page, axe):
    page.goto("/ar/learning/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe(page) == []
    page.select_option("#id_language", "ar")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/ar/learning/?*language=ar*")
    page.get_by_role("link", name="الذكاء الاصطناعي في الفصل الدراسي: مقدمة للمعلمين").click()
    page.wait_for_url("**/ar/learning/courses/ai-in-the-classroom-ar/")
    assert axe(page) == []


def complete_the_lessons(page, axe):
    page.locator("form[action$='/enrol/'] button").click()
    page.wait_for_url("**/lessons/*/")
    assert axe(page) == []
    for _lesson in range(3):
        page.locator("form[action$='/complete/'] button").click()
        page.wait_for_load_state()
    page.wait_for_url("**/quizzes/*/")


def pass_the_quiz(page, axe):
    assert axe(page) == []
    page.get_by_label("البيانات", exact=True).check()
    page.get_by_label("ما البيانات التي تجمعها؟").check()
    page.get_by_label("من يستطيع الوصول إلى البيانات؟").check()
    page.locator("input[value=false]").check()
    page.locator("input[type=text]").fill("مُنحازة")
    page.locator("form.quiz-form button[type=submit]").click()
    page.wait_for_url("**/attempts/1/")
    assert "100%" in page.locator("#quiz-outcome").inner_text()
    assert page.locator(".course-complete").is_visible()
    assert axe(page) == []


def open_credential_from_my_learning(page, axe):
    page.goto("/ar/learning/my/")
    credential = page.locator(".credential-list a").first
    assert credential.inner_text() == "الذكاء الاصطناعي في الفصل الدراسي: مقدمة للمعلمين"
    assert axe(page) == []
    credential.click()
    page.wait_for_url("**/credentials/**")
    assert page.locator("h1").count() == 1


def test_a_teacher_completes_the_arabic_course_and_opens_the_credential(
    page, axe, demo_courses, teacher
):
    """Sign in, find the Arabic course with the Arabic UI, complete lessons and quiz, reach the credential."""
    sign_in(page, teacher.email)
    find_the_arabic_course(page, axe)
    complete_the_lessons(page, axe)
    pass_the_quiz(page, axe)
    page.goto("/ar/learning/courses/ai-in-the-classroom-ar/")
    assert page.locator(".notice.ok").first.is_visible()
    open_credential_from_my_learning(page, axe)
