"""The respondent's questionnaire, the coordinator's pages and who may see what."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from iite.accounts.tests.factories import UserFactory, give_totp
from iite.readiness.models import Answer, CampaignStatus, Response
from iite.readiness.selectors import statements_for_group

from .conftest import answer_all, make_campaign

pytestmark = pytest.mark.django_db


def _answer_page(client, url, extra):
    page = client.get(url)
    assert page.status_code == 200
    names = list(page.context["form"].fields)
    data = dict.fromkeys(names, "4")
    data.update(extra)
    return client.post(url, data)


def test_a_respondent_answers_anonymously_stops_resumes_and_sends(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    code = campaign.codes.get(group="students")
    start = client.get(reverse("readiness:respond", args=[code.code]))
    assert start.status_code == 200
    assert "School No. 1" in start.content.decode()
    begun = client.post(reverse("readiness:respond", args=[code.code]), REMOTE_ADDR="203.0.113.9")
    response = Response.objects.get()
    assert begun.url == reverse("readiness:answer", args=[response.resume_key, 1])
    # Save the first page and leave.
    first = reverse("readiness:answer", args=[response.resume_key, 1])
    saved = _answer_page(client, first, {"later": "1"})
    assert saved.status_code == 302
    assert Answer.objects.filter(response=response).count() > 0
    # Another device, with the resume key only.
    other = client.__class__()
    resumed = other.get(reverse("readiness:resume"), {"key": response.resume_key})
    assert resumed.url == first
    pages = other.get(first).context["pages"]
    for number in range(1, pages + 1):
        url = reverse("readiness:answer", args=[response.resume_key, number])
        extra = {"send": "1"} if number == pages else {"next": "1"}
        result = _answer_page(other, url, extra)
        assert result.status_code == 302
    response.refresh_from_db()
    assert response.submitted
    assert Answer.objects.filter(response=response).count() == len(
        statements_for_group(campaign, "students")
    )
    assert other.get(first).url == reverse("readiness:done", args=[response.resume_key])
    # Nothing stored identifies the respondent: no account, no address.
    stored = str(list(Response.objects.values())) + str(list(Answer.objects.values()))
    assert "203.0.113.9" not in stored
    assert {f.name for f in Response._meta.concrete_fields} == {
        "id",
        "campaign",
        "group",
        "resume_key",
        "language",
        "started_on",
        "submitted",
    }


def test_sending_with_a_statement_unanswered_names_the_problem(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["system"], coordinator)
    code = campaign.codes.get(group="officials")
    client.post(reverse("readiness:respond", args=[code.code]))
    response = Response.objects.get()
    pages = client.get(reverse("readiness:answer", args=[response.resume_key, 1])).context["pages"]
    last = reverse("readiness:answer", args=[response.resume_key, pages])
    page = client.post(last, {"send": "1"})
    assert page.status_code == 200
    assert "Answer every statement before sending" in page.content.decode()
    assert not Response.objects.get().submitted


def test_a_closed_campaign_takes_no_answers(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator, status=CampaignStatus.CLOSED)
    code = campaign.codes.get(group="teachers")
    page = client.post(reverse("readiness:respond", args=[code.code]))
    assert page.status_code == 200
    assert Response.objects.count() == 0


def test_unknown_codes_and_keys_get_a_message_not_an_error(client, frameworks):
    page = client.get(reverse("readiness:access"), {"code": "NOPE"})
    assert page.status_code == 400
    assert "No self-assessment has this access code" in page.content.decode()
    assert client.get(reverse("readiness:answer", args=["nothing", 1])).status_code == 404
    assert client.get(reverse("readiness:resume"), {"key": "x" * 30}).status_code == 400


def test_only_the_coordinator_sees_the_campaign_report_and_plan(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    names = ("campaign", "report", "report_csv", "plan", "campaign_edit")
    for name in names:
        url = reverse(f"readiness:{name}", args=[campaign.pk])
        assert client.get(url).status_code == 302  # to sign in
    stranger = UserFactory(is_staff=True, is_superuser=True)
    give_totp(stranger)
    client.force_login(stranger)
    for name in names:
        assert client.get(reverse(f"readiness:{name}", args=[campaign.pk])).status_code == 403
    client.force_login(coordinator)
    for name in names:
        assert client.get(reverse(f"readiness:{name}", args=[campaign.pk])).status_code == 200


def test_no_route_shows_a_figure_of_fewer_than_five(client, frameworks, coordinator):
    """Students (four) answered 1 everywhere; teachers (five) 3: the report page, its CSV
    and its PDF carry the teachers' 3.0 and never a students' mean."""
    campaign = make_campaign(frameworks["school"], coordinator)
    answer_all(campaign, "teachers", [3], count=5)
    answer_all(campaign, "students", [1], count=4)
    client.force_login(coordinator)
    page = client.get(reverse("readiness:report", args=[campaign.pk])).content.decode()
    assert "<td>3.0</td>" in page
    assert "<td>1.0</td>" not in page and ": 1.0" not in page
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("readiness:report_csv", args=[campaign.pk])).content.decode()
            )
        )
    )
    header = rows[0]
    students = header.index("Students")
    assert all(row[students] == "" for row in rows[1:])
    assert any(row[header.index("Teachers")] == "3.00" for row in rows[1:])
    # The PDF, read back as text: the teachers' 3.0 is there, the students' 1.0 never.
    pdf = client.get(reverse("readiness:report_pdf", args=[campaign.pk]))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "3.0" in text
    assert "1.0" not in text


def test_the_report_pdf_is_a_pdf_in_the_readers_language(client, frameworks, coordinator):
    campaign = make_campaign(frameworks["school"], coordinator)
    answer_all(campaign, "teachers", [3], count=5)
    client.force_login(coordinator)
    pdf = client.get(reverse("readiness:report_pdf", args=[campaign.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_a_coordinator_creates_a_campaign_and_gets_a_code_per_group(
    client, frameworks, coordinator
):
    client.force_login(coordinator)
    country = make_campaign(frameworks["school"], coordinator).country
    page = client.post(
        reverse("readiness:campaign_new"),
        {
            "framework": frameworks["system"].pk,
            "institution": "Ministry of Education",
            "country": country.pk,
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "min_respondents": 5,
        },
    )
    assert page.status_code == 200
    assert "The closing date is before the opening date." in page.content.decode()
    page = client.post(
        reverse("readiness:campaign_new"),
        {
            "framework": frameworks["system"].pk,
            "institution": "Ministry of Education",
            "country": country.pk,
            "opens_on": "2026-11-01",
            "closes_on": "2026-12-31",
            "min_respondents": 5,
        },
    )
    assert page.status_code == 302
    campaign = coordinator.readiness_campaigns.get(institution="Ministry of Education")
    assert sorted(campaign.codes.values_list("group", flat=True)) == ["officials", "practitioners"]
    detail = client.get(campaign.get_absolute_url()).content.decode()
    for code in campaign.codes.all():
        assert code.code in detail
