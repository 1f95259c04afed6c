"""A teacher proposes a tool and a reviewer completes their review, both in Russian; the
public pages have no serious or critical accessibility violation."""

import pytest

from iite.accounts.tests.factories import PASSWORD, UserFactory
from iite.library.tests.factories import make_publication
from iite.observatory import services
from iite.observatory.models import Assessment, ReviewRating, Tool, ToolStatus
from iite.observatory.principles import PRINCIPLES

from .factories import protocol, published_tool, reviewer, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email):
    page.context.clear_cookies()
    page.goto("/ru/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()


def test_public_pages_have_no_serious_accessibility_violation(page, axe):
    tool = published_tool()
    published_tool("Essay feedback assistant")
    report = make_publication(status="published")
    services.publication_link(tool=tool, by=staff(), publication=report)
    for path in (
        "/ru/observatory/",
        f"/ru/observatory/{tool.slug}/",
        f"/ru/library/{report.slug}/",
        f"/ar/observatory/{tool.slug}/",
        "/ru/observatory/compare/?tools=caption-helper&tools=essay-feedback-assistant",
        "/ru/observatory/protocol/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert axe(page) == [], path
    assert page.locator("html").get_attribute("lang") == "ru"


def test_a_teacher_proposes_a_tool_and_a_reviewer_completes_a_review_in_russian(page, axe):
    protocol()
    UserFactory(email="teacher@example.org")
    sign_in(page, "teacher@example.org")
    page.goto("/ru/observatory/propose/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert axe(page) == []
    page.fill("#id_name", "Помощник по чтению")
    page.fill("#id_provider_name", "Стартап")
    page.fill("#id_summary", "Слушает, как дети читают вслух, и отмечает трудные слова.")
    page.check("input[name=purposes][value=tutoring]")
    page.check("input[name=levels][value=primary]")
    page.check("input[name=users][value=students]")
    page.fill("#id_languages", "ru, kk")
    page.locator("form.stacked-form button[type=submit]").click()
    page.wait_for_url("**/ru/observatory/")
    tool = Tool.objects.get(name="Помощник по чтению")
    assert tool.status == ToolStatus.PROPOSED
    assert tool.original_language == "ru"
    assert tool.summary == {"ru": "Слушает, как дети читают вслух, и отмечает трудные слова."}

    lead = staff()
    services.ToolTriage(by=lead, tool=tool, accept=True, version="1.0").execute()
    assessment = Assessment.objects.get(tool=tool)
    reviewer(email="reviewer@example.org")
    sign_in(page, "reviewer@example.org")
    page.goto(f"/ru/observatory/work/assessments/{assessment.pk}/")
    page.check("form.declare-form input[name=has_conflict][value=no]")
    page.locator("form.declare-form button[type=submit]").click()
    page.wait_for_load_state()
    first = type(lead).objects.get(email="reviewer@example.org")
    second = reviewer()
    services.ReviewerAssign(by=lead, assessment=assessment, reviewer=first).execute()
    services.interests_declare(assessment=assessment, by=second, has_conflict=False)
    services.ReviewerAssign(by=lead, assessment=assessment, reviewer=second).execute()

    page.goto(f"/ru/observatory/work/assessments/{assessment.pk}/")
    assert axe(page) == []
    for code in PRINCIPLES:
        page.select_option(f"select[name={code}-rating]", "2")
        page.select_option(f"select[name={code}-confidence]", "high")
    page.check("input[name=privacy-questions][value=PV2]")
    page.fill("textarea[name=privacy-notes]", "Записи голоса хранятся до удаления аккаунта.")
    page.locator("form.review-form button[type=submit]").click()
    page.wait_for_url(f"**/ru/observatory/work/assessments/{assessment.pk}/")
    review = assessment.reviews.get(reviewer=first)
    assert review.submitted_at is not None
    ratings = ReviewRating.objects.filter(review=review)
    assert ratings.count() == 10
    privacy = ratings.get(principle="privacy")
    assert (privacy.rating, privacy.confidence, privacy.questions) == (2, "high", ["PV2"])
    assert privacy.notes == "Записи голоса хранятся до удаления аккаунта."
    assert page.locator("form.review-form").count() == 0
