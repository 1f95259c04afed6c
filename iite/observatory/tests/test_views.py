"""The public pages (catalogue, tool, comparison, protocol, feed, exports) and the
workspace's steps through their forms."""

import csv
import io
import json

import pytest
from django.urls import reverse

from iite.accounts.tests.factories import UserFactory
from iite.observatory import services
from iite.observatory.models import Assessment, AssessmentStatus, Tool, ToolStatus

from .factories import (
    accepted,
    audit_table,
    make_tool,
    protocol,
    published_tool,
    reviewer,
    staff,
    unit,
    yesterday,
)

pytestmark = pytest.mark.django_db


def test_catalogue_lists_only_published_tools_with_facets_and_search(client):
    published_tool("Caption helper")
    published_tool(
        "Essay feedback assistant",
        purposes=["assessment"],
        levels=["secondary"],
        languages=["fr", "en"],
        summary={"en": "A writing assistant that comments on drafts."},
    )
    make_tool(name="Not yet assessed")
    url = reverse("observatory:catalogue")
    page = client.get(url).content.decode()
    assert "Caption helper" in page and "Essay feedback assistant" in page
    assert "Not yet assessed" not in page
    assert "2 tools" in page
    only = client.get(url, {"purpose": "assessment"}).content.decode()
    assert "Essay feedback assistant" in only and "Caption helper" not in only
    kazakh = client.get(url, {"language": "kk"}).content.decode()
    assert "Caption helper" in kazakh and "Essay feedback" not in kazakh
    searched = client.get(url, {"q": "drafts"}).content.decode()
    assert "Essay feedback assistant" in searched and "Caption helper" not in searched
    high = client.get(url, {"principle": "privacy", "minimum": "4"}).content.decode()
    assert "No assessed tool matches these filters." in high
    rated = client.get(url, {"principle": "privacy", "minimum": "3"}).content.decode()
    assert "2 tools" in rated


def test_catalogue_queries_do_not_grow_with_tools(client, django_assert_max_num_queries):
    for number in range(6):
        published_tool(f"Tool {number}")
    client.get(reverse("observatory:catalogue"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("observatory:catalogue"))
    assert response.content.decode().count('class="card tool-card"') == 6


def test_htmx_gets_the_results_alone(client):
    published_tool()
    response = client.get(reverse("observatory:catalogue"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Caption helper" in html and "<html" not in html


def test_tool_page_shows_the_principles_chart_table_evidence_and_audit(client):
    tool = published_tool()
    assessment = tool.assessments.get()
    lead = staff()
    services.evidence_add(
        assessment=assessment,
        by=lead,
        principle="privacy",
        kind="link",
        title="Privacy policy, section 4",
        url="https://example.org/privacy",
    )
    services.bias_audit_create(
        tool=tool,
        by=lead,
        table=audit_table("group,sample,favourable\nEnglish,200,180\nKazakh,200,120\n"),
        title={"en": "Accuracy by language"},
        method={"en": "Recordings checked by teachers."},
        groups_compared="Languages",
        outcome="Correct transcription",
        reference_group="English",
        run_on=yesterday(),
        run_by="Reviewers",
    )
    services.environmental_figure_add(
        tool=tool,
        by=lead,
        kind="model_size",
        value="244",
        unit="million parameters",
        source="provider",
        source_url="https://example.org/model-card",
        source_note="Model card",
        as_of=yesterday(),
    )
    html = client.get(tool.get_absolute_url()).content.decode()
    assert 'role="img"' in html and "the ten principles at a glance" in html
    assert '<title id="principles-title">' in html
    assert "Right to privacy and data protection" in html
    assert "Privacy policy, section 4" in html
    assert "Below four fifths" in html and "66.7%" not in html  # the rate, not the ratio
    assert "60.0%" in html and "0.67" in html and "-30.0" in html
    assert "244 million parameters" in html and "Model card" in html
    assert "First assessment." in html  # the change log
    assert "We agree." in html  # the provider's reply


def test_unpublished_tools_have_no_public_page(client):
    tool = make_tool()
    assert client.get(reverse("observatory:tool", args=[tool.slug])).status_code == 404


def test_earlier_versions_stay_visible(client):
    tool = published_tool()
    first = tool.assessments.get()
    lead = staff()
    newer = services.AssessmentStart(by=lead, tool=tool, version="2.0").execute()
    html = client.get(tool.get_absolute_url()).content.decode()
    assert "Version 1.0" in html
    url = reverse("observatory:assessment", args=[tool.slug, first.pk])
    assert client.get(url).status_code == 200
    unpublished = reverse("observatory:assessment", args=[tool.slug, newer.pk])
    assert client.get(unpublished).status_code == 404


def test_compare_up_to_four_tools(client):
    slugs = [published_tool(f"Tool {n}").slug for n in range(5)]
    response = client.get(reverse("observatory:compare"), {"tools": slugs})
    html = response.content.decode()
    assert "Up to four tools can be compared; the first four are shown." in html
    table = html.split('class="data-table compare-table"')[1].split("</table>")[0]
    assert [slug for slug in slugs if f"/{slug}/" in table] == slugs[:4]
    assert table.count('class="rating-row"') == 10


def test_compare_ignores_unknown_and_unpublished_tools(client):
    tool = published_tool()
    hidden = make_tool(name="Hidden")
    response = client.get(
        reverse("observatory:compare"), {"tools": [tool.slug, hidden.slug, "nothing"]}
    )
    table = response.content.decode().split("compare-table")[1]
    assert "Caption helper" in table and "Hidden" not in table


def test_protocol_page_shows_questions_and_scale_in_russian(client):
    protocol()
    html = client.get("/ru/observatory/protocol/").content.decode()
    assert "Протокол оценки инструментов ИИ в образовании" in html
    assert "Образцово" in html and "PV2" in html


def test_atom_feed_lists_published_assessments(client):
    tool = published_tool()
    response = client.get(reverse("observatory:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "Caption helper, version 1.0" in body
    assert reverse("observatory:assessment", args=[tool.slug, tool.assessments.get().pk]) in body


def test_csv_and_json_exports_under_an_open_licence(client):
    published_tool()
    make_tool(name="Not yet assessed")
    response = client.get(reverse("observatory:export", args=["csv"]))
    assert 'filename="ai-tools-observatory.csv"' in response["Content-Disposition"]
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["name"] == "Caption helper"
    assert rows[0]["rating_privacy"] == "3"
    assert rows[0]["languages"] == "en ru kk"
    data = json.loads(client.get(reverse("observatory:export", args=["json"])).content)
    assert data["licence"] == "CC-BY-4.0"
    assert [tool["name"] for tool in data["tools"]] == ["Caption helper"]
    assert data["tools"][0]["rating_governance"] == 3
    assert client.get(reverse("observatory:export", args=["xml"])).status_code == 404


def test_a_signed_in_teacher_proposes_a_tool(client):
    protocol()
    teacher = UserFactory()
    url = reverse("observatory:propose")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(teacher)
    response = client.post(
        url,
        {
            "name": "Reading tutor",
            "provider_name": "A start-up",
            "summary": "Reads along with children.",
            "purposes": ["tutoring"],
            "levels": ["primary"],
            "users": ["students"],
            "languages": "kk, RU",
            "pricing": "freemium",
        },
    )
    assert response.status_code == 302
    tool = Tool.objects.get(name="Reading tutor")
    assert tool.status == ToolStatus.PROPOSED and tool.proposed_by == teacher
    assert tool.languages == ["kk", "ru"]
    bad = client.post(url, {"name": "X", "languages": "not a code!"})
    assert bad.status_code == 200
    assert Tool.objects.count() == 1


def test_workspace_is_for_the_team_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("observatory:work")).status_code == 403
    client.force_login(reviewer())
    assert client.get(reverse("observatory:work")).status_code == 200


def test_assignment_form_refuses_a_conflicted_reviewer(client):
    lead = staff()
    assessment = accepted(make_tool(), lead)
    conflicted = reviewer()
    services.interests_declare(
        assessment=assessment, by=conflicted, has_conflict=True, statement="Shareholder."
    )
    client.force_login(lead)
    response = client.post(
        reverse("observatory:work_assign", args=[assessment.pk]),
        {"reviewer": conflicted.pk},
        follow=True,
    )
    assert "Reviewer: This reviewer declared a conflict of interest." in response.content.decode()
    assert assessment.reviews.count() == 0


def test_the_workflow_through_the_forms(client):
    """Triage, declarations, assignment, two reviews, reconciliation, reply and publication."""
    lead, publisher = staff(), staff()
    tool = make_tool()
    client.force_login(lead)
    client.post(
        reverse("observatory:work_triage_tool", args=[tool.pk]),
        {"decision": "accept", "version": "3.2"},
    )
    assessment = Assessment.objects.get(tool=tool, version="3.2")
    first, second = reviewer(), reviewer()
    for person in (first, second):
        client.force_login(person)
        client.post(
            reverse("observatory:work_declare", args=[assessment.pk]), {"has_conflict": "no"}
        )
        client.force_login(lead)
        client.post(
            reverse("observatory:work_assign", args=[assessment.pk]), {"reviewer": person.pk}
        )
    assert assessment.reviews.count() == 2
    form = {}
    for code in (
        "proportionality",
        "safety",
        "fairness",
        "sustainability",
        "privacy",
        "oversight",
        "transparency",
        "accountability",
        "literacy",
        "governance",
    ):
        form[f"{code}-rating"] = "2"
        form[f"{code}-confidence"] = "high"
    form["privacy-questions"] = ["PV1", "PV2"]
    for person in (first, second):
        client.force_login(person)
        response = client.post(reverse("observatory:work_review", args=[assessment.pk]), form)
        assert response.status_code == 302
    client.force_login(lead)
    page = client.get(reverse("observatory:work_assessment", args=[assessment.pk]))
    assert "Reconcile the two reviews" in page.content.decode()
    client.post(
        reverse("observatory:work_reconcile", args=[assessment.pk]),
        {**form, "summary": "Partial on every principle."},
    )
    client.force_login(publisher)
    client.post(reverse("observatory:work_reply_request", args=[assessment.pk]))
    client.post(reverse("observatory:work_reply", args=[assessment.pk]), {"text": "Noted."})
    response = client.post(
        reverse("observatory:work_publish", args=[assessment.pk]),
        {"change_note": "First assessment.", "unit": unit().pk},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.PUBLISHED
    assert assessment.ratings.get(principle="privacy").questions == ["PV1", "PV2"]
    assert str(assessment.summary) == "Partial on every principle."


def test_a_bad_audit_table_is_refused_by_row(client):
    tool = make_tool()
    client.force_login(staff())
    upload = io.BytesIO(b"group,sample,favourable\nA,10,11\nB,10,5\n")
    upload.name = "audit.csv"
    response = client.post(
        reverse("observatory:work_audit", args=[tool.pk]),
        {
            "title": "Audit",
            "method": "Method",
            "groups_compared": "Sexes",
            "outcome": "Pass",
            "reference_group": "A",
            "run_on": "2026-11-01",
            "run_by": "Reviewers",
            "table": upload,
        },
        follow=True,
    )
    assert (
        "audit.csv, row 2, column “favourable”: More favourable outcomes than cases."
        in response.content.decode()
    )
    assert not tool.bias_audits.exists()


def test_staff_edit_the_catalogue_record_with_a_partner_as_provider(client):
    """The provider can be a partner record from the partners' directory; data practices
    and languages are kept; a reviewer cannot edit."""
    from iite.partners.tests.factories import PartnerFactory

    partner = PartnerFactory(name={"en": "Open Speech Foundation"})
    tool = published_tool()
    url = reverse("observatory:work_tool_edit", args=[tool.pk])
    client.force_login(reviewer())
    assert client.get(url).status_code == 403
    client.force_login(staff())
    page = client.get(url).content.decode()
    assert "Open Speech Foundation" in page and 'value="en, ru, kk"' in page
    response = client.post(
        url,
        {
            "name": "Caption helper",
            "provider": partner.pk,
            "provider_name": "",
            "summary_en": "Captions for lessons.",
            "original_language": "en",
            "purposes": ["accessibility"],
            "levels": ["secondary"],
            "users": ["teachers"],
            "languages": "en, uz",
            "pricing": "open_source",
            "data_location": "On the school's computers",
            "data_retention": "Not kept",
            "minimum_age": "13",
            "trains_on_user_data": "no",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tool.refresh_from_db()
    assert tool.provider == partner and tool.languages == ["en", "uz"]
    assert (tool.data_location, tool.minimum_age, tool.trains_on_user_data) == (
        "On the school's computers",
        13,
        "no",
    )
    public = client.get(tool.get_absolute_url()).content.decode()
    assert "Open Speech Foundation" in public and "Uzbek" in public
