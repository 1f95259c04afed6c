from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from iite.monitoring.models import WorkplanStatus
from iite.monitoring.tests.factories import WorkplanFactory, WorkplanItemFactory
from iite.partners.models import (
    AgreementDocument,
    BudgetLine,
    MemberStateEngagement,
    Partner,
    PartnerMerge,
    PartnerType,
)
from iite.programme.tests.factories import ActivityFactory
from iite.reference.tests.factories import CountryFactory

from .factories import (
    AgreementFactory,
    BudgetLineFactory,
    FocalPointFactory,
    InKindFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


def test_public_page_shows_only_published_partners_and_fields(client):
    """Listed partners appear with what they agreed to publish; others and focal points never."""
    shown = PartnerFactory(
        name={"en": "Open University"},
        is_public=True,
        website="https://open.example",
        description={"en": "Secret plans"},
    )
    PartnerFactory(name={"en": "Hidden Foundation"}, is_public=False)
    FocalPointFactory(partner=shown, user=None, name="Contact Person", email="contact@example.org")
    html = client.get("/en/partners/").content.decode()
    assert "Open University" in html and "Hidden Foundation" not in html
    profile = client.get(f"/en/partners/{shown.slug}/").content.decode()
    assert "Open University" in profile
    assert "open.example" not in profile and "Secret plans" not in profile
    assert "Contact Person" not in profile and "contact@example.org" not in profile


def test_public_page_filters_with_htmx_partial(client):
    """An htmx request gets only the results fragment, filtered by type."""
    PartnerFactory(name={"en": "Network One"}, kind=PartnerType.NETWORK, is_public=True)
    PartnerFactory(name={"en": "University Two"}, is_public=True)
    response = client.get("/en/partners/?kind=network", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "Network One" in html and "University Two" not in html


def test_hidden_partner_profile_is_404_and_merged_slug_redirects(client):
    """Unlisted partners have no public page; a merged duplicate's address leads to the survivor."""
    assert client.get(f"/en/partners/{PartnerFactory().slug}/").status_code == 404
    kept = PartnerFactory(is_public=True)
    PartnerMerge.objects.create(kept=kept, removed_slug="old-name")
    response = client.get("/en/partners/old-name/")
    assert response.status_code == 301 and response["Location"] == f"/en/partners/{kept.slug}/"


def test_directory_is_for_staff_with_view_permission(client, role_user):
    """Anonymous users go to sign in; focal points are refused; officers see the list."""
    assert client.get("/en/partners/manage/").status_code == 302
    client.force_login(role_user("Partner focal point"))
    assert client.get("/en/partners/manage/").status_code == 403
    client.force_login(role_user("Programme officer"))
    assert client.get("/en/partners/manage/").status_code == 200


def test_directory_lists_without_n_plus_one(client, role_user, django_assert_max_num_queries):
    """The directory costs the same few queries for 3 partners as for 30."""
    client.force_login(role_user("Programme officer"))
    country = CountryFactory(iso2="CN", unesco_region="asia_pacific")
    for _ in range(30):
        ActivityFactory().partners.add(PartnerFactory(country=country))
    with django_assert_max_num_queries(12):
        response = client.get("/en/partners/manage/")
    assert response.content.decode().count("/en/partners/manage/partner-") >= 30


def test_directory_exports_csv_and_xlsx(client, role_user):
    """The filtered directory downloads as CSV and XLSX with the same rows."""
    client.force_login(role_user("Programme officer"))
    partner = PartnerFactory(name={"en": "=HYPERLINK(1)"}, acronym="EX")
    ActivityFactory().partners.add(partner)
    csv_response = client.get("/en/partners/manage/?export=csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    text = csv_response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text  # never a live formula
    assert text.splitlines()[0].startswith("Slug,Name,Acronym,Type")
    xlsx = client.get("/en/partners/manage/?export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == partner.slug and rows[1][-1] == 1


def test_adding_a_duplicate_warns_and_offers_the_existing_partner(client, role_user):
    """Entering a name that exists in another language warns and writes nothing until confirmed."""
    client.force_login(role_user("Programme officer"))
    existing = PartnerFactory(name={"en": "Tsinghua University", "zh-hans": "清华大学"})
    data = {
        "name_en": "",
        "name_zh-hans": "清华大学",
        "original_language": "zh-hans",
        "kind": "university",
        "relationship_level": "project",
    }
    response = client.post("/en/partners/manage/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "This looks like a partner already in the registry" in html
    assert f"/en/partners/manage/{existing.slug}/" in html
    assert Partner.objects.count() == 1
    response = client.post("/en/partners/manage/new/", {**data, "not_a_duplicate": "on"})
    assert response.status_code == 302
    assert Partner.objects.count() == 2


def test_focal_point_updates_own_profile_but_not_the_relationship(client, role_user):
    """A focal point edits the public face of their organisation; kind and level stay as staff set them."""
    user = role_user("Partner focal point")
    partner = PartnerFactory(kind=PartnerType.UNIVERSITY, relationship_level="project")
    FocalPointFactory(partner=partner, user=user)
    client.force_login(user)
    assert (
        client.get("/en/partners/my-organisation/")["Location"]
        == f"/en/partners/manage/{partner.slug}/"
    )
    response = client.post(
        f"/en/partners/manage/{partner.slug}/edit/",
        {
            "name_en": "Renamed University",
            "original_language": "en",
            "website": "www.renamed.example",
            "description_en": "We teach teachers.",
            "is_public": "on",
            "publish_description": "on",
            "kind": "technology_company",
            "relationship_level": "strategic",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert str(partner.name) == "Renamed University"
    assert partner.website == "https://www.renamed.example"
    assert partner.publish_consent_on == datetime.date.today()
    assert (partner.kind, partner.relationship_level) == ("university", "project")
    other = PartnerFactory()
    assert client.get(f"/en/partners/manage/{other.slug}/").status_code == 403
    assert client.get(f"/en/partners/manage/{other.slug}/edit/").status_code == 403


def test_profile_hides_financial_figures_from_officers(client, role_user):
    """Officers see agreements and history but not amounts; Board members see the contributions."""
    partner = PartnerFactory()
    InKindFactory(partner=partner, amount_usd=Decimal("123456"), description="Venue for the summit")
    client.force_login(role_user("Programme officer"))
    html = client.get(f"/en/partners/manage/{partner.slug}/").content.decode()
    assert "Venue for the summit" not in html and "123,456" not in html
    client.force_login(role_user("Governing Board member"))
    html = client.get(f"/en/partners/manage/{partner.slug}/").content.decode()
    assert "Venue for the summit" in html and "123,456" in html


def test_resources_dashboard_for_board_with_charts_and_tables(
    client, role_user, django_assert_max_num_queries
):
    """Board members see secured, pledged and gap with SVG charts and data tables; officers are refused.

    The gap is computed from the year's submitted workplan as the monitoring domain records it.
    """
    workplan = WorkplanFactory(year=2026, status=WorkplanStatus.SUBMITTED)
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("1200000"))
    WorkplanItemFactory(workplan=workplan, planned_cost_usd=Decimal("800000"))
    # A draft plan for the year after is not a plan against which to count a gap.
    WorkplanItemFactory(workplan=WorkplanFactory(year=2027), planned_cost_usd=Decimal("9"))
    donor = PartnerFactory(acronym="NDG")
    BudgetLineFactory(amount_usd=Decimal("500000"))
    BudgetLineFactory(
        component="extrabudgetary", donor=donor, amount_usd=Decimal("250000"), status="pledged"
    )
    client.force_login(role_user("Programme officer"))
    assert client.get("/en/partners/manage/resources/?year=2026").status_code == 403
    client.force_login(role_user("Governing Board member"))
    with django_assert_max_num_queries(14):
        response = client.get("/en/partners/manage/resources/?year=2026")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'role="img" direction="ltr" aria-labelledby="chart-components-title chart-components-desc"'
        in html
    )
    assert '<title id="chart-donors-title">' in html
    # Planned: the two items of the submitted workplan; gap: 2,000,000 − 500,000 secured.
    assert '<span class="value">2,000,000</span>Needed: budget and workplan (USD)' in html
    assert '<span class="value">1,500,000</span>Funding gap: needed minus secured (USD)' in html
    assert 'Gap if all pledges arrive</th><td class="num">1,250,000</td>' in html
    assert "the gap cannot be computed" not in html
    assert "NDG" in html
    assert "Add a budget line" not in html  # reading is not editing


def test_resources_export(client, role_user):
    """The year's budget lines download as XLSX with amounts as numbers."""
    client.force_login(role_user("Administrator"))
    BudgetLineFactory(amount_usd=Decimal("1234.5"), description="RB")
    response = client.get("/en/partners/manage/resources/?year=2026&export=xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][0] == 2026 and float(rows[1][6]) == 1234.5


def test_budget_line_form_shows_field_errors_and_writes_nothing(client, role_user):
    """A bad currency and a negative amount come back as field errors; nothing is saved."""
    client.force_login(role_user("Administrator"))
    response = client.post(
        "/en/partners/manage/resources/budget-line/new/",
        {
            "component": "regular_budget",
            "biennium": "2026-2027",
            "year": "2026",
            "status": "secured",
            "amount_usd": "-10",
            "currency": "DOLLARS",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in html
    assert "Ensure this value has at most 3 characters" in html
    assert BudgetLine.objects.count() == 0
    response = client.post(
        "/en/partners/manage/resources/budget-line/new/",
        {
            "component": "host_country",
            "biennium": "2026-2027",
            "year": "2026",
            "status": "secured",
            "currency": "rub",
            "original_amount": "1000000",
            "exchange_rate": "0.0125",
        },
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount_usd == Decimal("12500.00")


def test_merge_view_moves_the_duplicate(client, role_user):
    """An administrator merges a duplicate from the profile; its activities move."""
    client.force_login(role_user("Administrator"))
    kept, removed = PartnerFactory(), PartnerFactory()
    ActivityFactory().partners.add(removed)
    page = client.get(
        f"/en/partners/manage/{kept.slug}/merge/?removed={removed.slug}"
    ).content.decode()
    assert "programme.activity.partners" in page
    response = client.post(
        f"/en/partners/manage/{kept.slug}/merge/", {"removed": removed.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert kept.activities.count() == 1
    assert not Partner.objects.filter(pk=removed.pk).exists()


def test_officer_cannot_merge(client, role_user):
    """The merge page is refused to programme officers."""
    client.force_login(role_user("Programme officer"))
    assert client.get(f"/en/partners/manage/{PartnerFactory().slug}/merge/").status_code == 403


def test_agreement_and_document_upload(client, role_user, settings, tmp_path):
    """Officers add an agreement and upload its signed PDF; a fake PDF is refused on the field."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(role_user("Programme officer"))
    partner = PartnerFactory()
    response = client.post(
        f"/en/partners/manage/{partner.slug}/agreements/new/",
        {
            "kind": "mou",
            "title": "MoU 2026",
            "status": "active",
            "signed_on": "2026-01-10",
            "start_date": "2026-02-01",
            "end_date": "2026-01-01",
        },
    )
    assert "The end date is before the start date." in response.content.decode()
    response = client.post(
        f"/en/partners/manage/{partner.slug}/agreements/new/",
        {
            "kind": "mou",
            "title": "MoU 2026",
            "status": "active",
            "signed_on": "2026-01-10",
            "start_date": "2026-02-01",
            "end_date": "2028-01-31",
        },
    )
    assert response.status_code == 302
    agreement = partner.agreements.get()
    url = f"/en/partners/manage/{partner.slug}/agreements/{agreement.pk}/documents/new/"
    bad = client.post(url, {"title": "Copy", "file": SimpleUploadedFile("copy.pdf", b"GIF89a")})
    assert "does not match its .pdf extension" in bad.content.decode()
    client.post(url, {"title": "Copy", "file": SimpleUploadedFile("copy.pdf", b"%PDF-1.4 x")})
    document = AgreementDocument.objects.get()
    download = client.get(f"/en/partners/manage/documents/{document.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"
    client.force_login(role_user("Partner focal point"))
    assert client.get(f"/en/partners/manage/documents/{document.pk}/").status_code == 403


def test_focal_point_form_links_an_account_or_keeps_a_name(client, role_user):
    """Officers add a contact by account email, or by name with a consent date."""
    client.force_login(role_user("Programme officer"))
    partner = PartnerFactory()
    colleague = role_user(None, email="colleague@example.org")
    url = f"/en/partners/manage/{partner.slug}/focal-points/new/"
    response = client.post(
        url, {"account_email": "nobody@example.org", "consent_given_on": "2026-01-01"}
    )
    assert "No account uses this email." in response.content.decode()
    client.post(url, {"account_email": "colleague@example.org", "consent_given_on": "2026-01-01"})
    client.post(
        url,
        {"name": "Ms Contact", "email": "Contact@Example.org", "consent_given_on": "2026-01-02"},
    )
    stored = list(partner.focal_points.values_list("user_id", "name", "email"))
    assert stored == [(colleague.pk, "", ""), (None, "Ms Contact", "contact@example.org")]


def test_member_states_page_shows_the_goal(client, role_user):
    """The engagement page shows each of the six groups as met or not."""
    client.force_login(role_user("Governing Board member"))
    html = client.get("/en/partners/manage/member-states/").content.decode()
    assert html.count("not met") == 6


def test_engagement_form_refuses_comprehensive_without_mou(client, role_user):
    """Declaring a comprehensive partnership without a framework MoU is a field error."""
    client.force_login(role_user("Programme officer"))
    country = CountryFactory(iso2="KZ")
    response = client.post(
        "/en/partners/manage/member-states/new/",
        {
            "country": country.pk,
            "level": "comprehensive",
            "original_language": "en",
        },
    )
    assert "A comprehensive partnership needs its framework agreement." in response.content.decode()
    assert not MemberStateEngagement.objects.exists()
    natcom = PartnerFactory(kind=PartnerType.NATIONAL_COMMISSION, country=country)
    agreement = AgreementFactory(partner=natcom)
    response = client.post(
        "/en/partners/manage/member-states/new/",
        {
            "country": country.pk,
            "level": "comprehensive",
            "agreement": agreement.pk,
            "counterparts": [natcom.pk],
            "original_language": "en",
            "support_en": "Training",
        },
    )
    assert response.status_code == 302
    assert MemberStateEngagement.objects.get().counterparts.get() == natcom


def test_partnership_map_page_and_export(client, role_user):
    """The map table renders with a caption and downloads as CSV."""
    client.force_login(role_user("Programme officer"))
    PartnerFactory(kind=PartnerType.NETWORK)
    html = client.get("/en/partners/manage/map/").content.decode()
    assert "<caption>1 partner by region and type</caption>" in html
    csv_text = client.get("/en/partners/manage/map/?export=csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "UNESCO region,Network,Total"


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        ("fr", "Partenaires et réseaux"),
        ("es", "Socios y redes"),
        ("ar", "الشركاء والشبكات"),
        ("ru", "Партнёры и сети"),
        ("zh-hans", "合作伙伴与网络"),
    ],
)
def test_public_page_in_each_language(client, code, heading):
    """The public partners page is served, translated, in every UI language."""
    response = client.get(f"/{code}/partners/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{code}"' in html
    assert f"<h1>{heading}</h1>" in html


def test_public_page_and_member_states_without_n_plus_one(
    client, role_user, django_assert_max_num_queries
):
    """The public list and the Member State overview cost a fixed number of queries."""
    for n in range(20):
        country = CountryFactory(iso2=f"M{chr(65 + n)}", electoral_group="II")
        partner = PartnerFactory(is_public=True, country=country)
        activity = ActivityFactory()
        activity.partners.add(partner)
        activity.target_countries.add(country)
    with django_assert_max_num_queries(8):
        assert client.get("/en/partners/").status_code == 200
    client.force_login(role_user("Governing Board member"))
    with django_assert_max_num_queries(14):
        html = client.get("/en/partners/manage/member-states/").content.decode()
    assert html.count("/en/partners/manage/member-states/M") == 20
