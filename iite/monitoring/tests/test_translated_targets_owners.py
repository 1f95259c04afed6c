"""Workplan targets, risk owners and responsibles are read in the reader's language: the
Arabic Board report prints them in Arabic, a fallback says its language, staff write each
language in the forms, and the exports and the API keep giving one text per cell."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from iite.monitoring.loaders import DEMO_ITEM_TARGETS, load_risks
from iite.monitoring.models import MitigationAction, Risk, WorkplanItem
from iite.monitoring.report import annual_report_html, annual_report_pdf

from .factories import WorkplanFactory, WorkplanItemFactory
from .helpers import programme_officer

pytestmark = pytest.mark.django_db

CUT_OFF = datetime.datetime(2026, 12, 31, 12, 0, tzinfo=datetime.UTC)
FORUM_TARGET = {
    "en": "Teachers of the region trained",
    "ar": "تدريب معلمي المنطقة",
}


@pytest.fixture
def register():
    """The risk register of VII.3 and a 2026 workplan: one item with an Arabic target, one
    whose target is in English only."""
    load_risks()
    workplan = WorkplanFactory(year=2026, title={"en": "Workplan 2026"})
    WorkplanItemFactory(
        workplan=workplan, title={"en": "Regional teacher forum"}, target=FORUM_TARGET, order=0
    )
    WorkplanItemFactory(
        workplan=workplan, title={"en": "Policy brief"}, target={"en": "Published online"}, order=1
    )
    return workplan


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def test_arabic_board_pdf_prints_targets_and_owners_in_arabic(register):
    """The Arabic Board report's workplan table has the Arabic target, its risk table the
    Arabic owners ("المدير", "رئيس المكتب الإداري"), not the English ones."""
    text = _text(annual_report_pdf(year=2026, language="ar", as_of=CUT_OFF))
    assert "تدريب معلمي المنطقة" in text
    assert "Teachers of the region trained" not in text
    assert "رئيس المكتب الإداري" in text
    assert "المدير" in text
    assert "Head of the Administrative Office" not in text
    english = _text(annual_report_pdf(year=2026, language="en", as_of=CUT_OFF))
    assert "Teachers of the region trained" in english
    assert "Head of the Administrative Office" in english


def test_a_target_in_another_language_is_marked_with_its_language(register):
    """In the Arabic report an English-only target is a left-to-right span that says it is
    English; the Arabic target carries no mark beyond the page's own language."""
    html = annual_report_html(year=2026, language="ar", as_of=CUT_OFF)
    assert '<span lang="en" dir="ltr">Published online</span>' in html
    assert '<span lang="ar">تدريب معلمي المنطقة</span>' in html
    assert '<span lang="ar">رئيس المكتب الإداري</span>' in html


def test_staff_pages_show_owners_and_targets_in_the_readers_language(client, register):
    """The Arabic risk register, risk page and workplan page show the Arabic owner, the
    Arabic responsible and the Arabic target; an English fallback is marked."""
    client.force_login(programme_officer())
    page = client.get("/ar/results/manage/risks/").content.decode()
    assert '<span lang="ar">رئيس المكتب الإداري</span>' in page
    page = client.get("/ar/results/manage/risks/programme-role/").content.decode()
    assert '<span lang="ar">المدير</span>' in page
    assert '<span lang="ar">مكتب المدير</span>' in page
    page = client.get("/ar/results/manage/workplans/2026/").content.decode()
    assert '<span lang="ar">تدريب معلمي المنطقة</span>' in page
    assert '<span lang="en" dir="ltr">Published online</span>' in page


def test_staff_edit_targets_and_owners_per_language(client, register):
    """The item and risk forms have one input per language and store each one."""
    client.force_login(programme_officer())
    item = WorkplanItem.objects.get(order=1)
    form = client.get(f"/en/results/manage/workplans/2026/items/{item.pk}/").content.decode()
    assert 'name="target_ar"' in form and 'name="target_zh-hans"' in form
    response = client.post(
        f"/en/results/manage/workplans/2026/items/{item.pk}/",
        {
            "title_en": "Policy brief",
            "original_language": "en",
            "target_en": "Published online",
            "target_ar": "منشور على الإنترنت",
            "planned_cost_usd": "0",
            "order": "1",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert dict(item.target) == {"en": "Published online", "ar": "منشور على الإنترنت"}

    risk = Risk.objects.get(code="contribution-account")
    url = "/en/results/manage/risks/contribution-account/edit/"
    fields = {
        "code": risk.code,
        "title_en": str(risk.title),
        "original_language": "en",
        "category": risk.category,
        "likelihood": "2",
        "impact": "4",
        "status": "open",
    }
    response = client.post(
        url, {**fields, "owner_en": "Deputy Director", "owner_fr": "Directeur adjoint"}
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert dict(risk.owner) == {"en": "Deputy Director", "fr": "Directeur adjoint"}
    with translation.override("fr"):
        assert str(risk.owner) == "Directeur adjoint"
    # An owner is required in at least one language.
    response = client.post(url, fields)
    assert response.status_code == 200
    assert "Enter the text in at least one language." in response.content.decode()
    risk.refresh_from_db()
    assert dict(risk.owner) == {"en": "Deputy Director", "fr": "Directeur adjoint"}


def test_exports_give_the_readers_language_per_cell(client, register):
    """The workplan and risk CSVs carry the target, owner and responsible in the language of
    the request, one text per cell."""
    client.force_login(programme_officer())
    response = client.get("/ar/results/manage/workplans/2026/?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][5] == "تدريب معلمي المنطقة"
    assert rows[2][5] == "Published online"
    response = client.get("/en/results/manage/risks/?format=xlsx")
    assert response.status_code == 200
    response = client.get("/ar/results/manage/risks/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert "رئيس المكتب الإداري" in text and "مكتب المدير" in text
    assert "Head of the Administrative Office" not in text


def test_api_target_is_the_requests_language_and_patch_sets_the_items_own(client, register):
    """GET gives the target in the request's language; PATCH sets the item's own language's
    text and keeps the other languages."""
    register.status = "draft"
    register.save()
    client.force_login(programme_officer())
    item = WorkplanItem.objects.get(order=0)
    body = client.get("/api/indicators/workplans/2026", HTTP_ACCEPT_LANGUAGE="ar").json()
    assert body["items"][0]["target"] == FORUM_TARGET["ar"]
    response = client.patch(
        f"/api/indicators/workplans/2026/items/{item.pk}",
        {"target": "Teachers of two regions trained"},
        content_type="application/json",
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert dict(item.target) == {
        "en": "Teachers of two regions trained",
        "ar": "تدريب معلمي المنطقة",
    }


def test_loaders_give_owners_responsibles_and_targets_six_languages():
    """The register's owners and responsibles come in the six languages, pending review;
    a second load adds the translations to an owner still in English only, and leaves an
    owner staff changed."""
    load_risks()
    owner = Risk.objects.get(code="contribution-account").owner
    assert owner.missing_languages() == [] and owner.pending_review
    assert all(not a.responsible.missing_languages() for a in MitigationAction.objects.all())
    Risk.objects.filter(code="contribution-account").update(
        owner={"en": "Head of the Administrative Office"}
    )
    Risk.objects.filter(code="programme-role").update(owner={"en": "Deputy Director"})
    load_risks()
    assert Risk.objects.get(code="contribution-account").owner["ar"] == "رئيس المكتب الإداري"
    assert dict(Risk.objects.get(code="programme-role").owner) == {"en": "Deputy Director"}
    assert all(len(texts) == 5 for texts in DEMO_ITEM_TARGETS.values())
