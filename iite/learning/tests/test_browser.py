"""A teacher signs up, finds the Arabic course, completes it and verifies the credential."""

import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"


@pytest.fixture
def demo_courses():
    from iite.demo.learning import load as load_demo
    from iite.strategy.loader import strategy_load_reference

    strategy_load_reference()  # the period and its units the demo courses are placed in
    load_demo()


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


def sign_up_as_a_teacher(page, email):
    """Create an account with the profile form and confirm the e-mailed link (which signs in)."""
    page.goto("/en/accounts/signup/")
    page.get_by_label("Name", exact=True).fill("Amina Teacher")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_label("Female", exact=True).check()
    page.get_by_label("Role", exact=True).select_option(label="Teacher")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/en/me/")
    assert page.get_by_role("button", name="Sign out").count() == 1


def verify_the_open_credential(page, axe):
    """From the credential's public page, the Verify button confirms every check."""
    page.locator("main a.button[href*='/credentials/verify/']").first.click()
    page.wait_for_url("**/credentials/verify/**")
    assert page.locator(".verification .notice.ok").is_visible()
    assert page.locator(".verification .badge.danger").count() == 0
    assert page.locator(".verification .badge.ok").count() >= 4
    assert axe(page) == []


def test_a_teacher_signs_up_completes_the_arabic_course_and_verifies_the_credential(
    page, axe, demo_courses
):
    """Sign up, switch to Arabic, complete lessons and quiz, open and verify the credential."""
    sign_up_as_a_teacher(page, "amina@example.org")
    find_the_arabic_course(page, axe)
    complete_the_lessons(page, axe)
    pass_the_quiz(page, axe)
    page.goto("/ar/learning/courses/ai-in-the-classroom-ar/")
    assert page.locator(".notice.ok").first.is_visible()
    open_credential_from_my_learning(page, axe)
    verify_the_open_credential(page, axe)
