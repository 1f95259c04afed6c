"""A verifier opens a shared credential, verifies it, and checks a tampered file (Arabic too)."""

from __future__ import annotations

import json

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services
from iite.credentials.tests.factories import AchievementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_verifier_checks_a_shared_credential_and_a_tampered_copy(page, axe, tmp_path):
    """From the public page, Verify shows every check passed; an altered file fails."""
    learner = UserFactory(email="teacher@example.org", name="Layla", preferred_language="ar")
    credential = services.credential_issue(achievement=AchievementFactory(), recipient=learner)

    page.goto(f"/en/credentials/{credential.uuid}/")
    assert page.get_by_role("heading", level=1).inner_text() == "AI competencies for teachers"
    assert axe(page) == []
    page.get_by_role("link", name="Verify", exact=True).click()
    page.wait_for_url("**/credentials/verify/**")
    assert page.get_by_role("heading", name="This credential is valid").is_visible()
    assert axe(page) == []

    tampered = dict(credential.document)
    tampered["name"] = "Doctor of Everything"
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(tampered))
    page.goto("/ar/credentials/verify/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("ملف الشهادة (JSON)").set_input_files(str(path))
    page.get_by_role("button", name="تحقّق").click()
    assert page.get_by_role("heading", name="هذه الشهادة غير صالحة").is_visible()
    assert page.get_by_text("التوقيع غير مطابق").is_visible()
    assert axe(page) == []
