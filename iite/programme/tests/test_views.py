import pytest
from auditlog.models import LogEntry

from iite.programme.models import Activity, AggregateParticipation, Participation, UnitMembership
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, person
from iite.strategy.models import ProgrammePillar

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(framework, units, countries):
    p1 = ProgrammePillar.objects.get(period=framework, code="P1")
    conference = ActivityFactory(
        code="gsec-2026",
        title={"en": "Global Smart Education Conference"},
        kind="global_conference",
        period=framework,
        unit=units["DPLM"],
        modality="hybrid",
    )
    conference.pillars.add(p1)
    conference.target_countries.add(countries["KE"])
    webinar = ActivityFactory(
        code="ai-webinar",
        title={"en": "AI webinar", "ru": "Вебинар"},
        kind="webinar",
        period=framework,
        unit=units["TPDN"],
    )
    hidden = ActivityFactory(
        code="internal-retreat",
        title={"en": "Internal retreat"},
        kind="other",
        period=framework,
        unit=units["TPDN"],
        is_public=False,
    )
    return conference, webinar, hidden


def test_public_list_shows_public_activities_only(client, activities):
    """The public list has public activities, not internal ones."""
    html = client.get("/en/activities/").content.decode()
    assert "Global Smart Education Conference" in html and "AI webinar" in html
    assert "Internal retreat" not in html
    assert client.get("/en/activities/internal-retreat/").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=webinar", ["AI webinar"]),
        ("modality=hybrid", ["Global Smart Education Conference"]),
        ("region=africa", ["Global Smart Education Conference"]),
        ("q=smart", ["Global Smart Education Conference"]),
        ("year=2025", []),
    ],
)
def test_public_list_filters(client, activities, query, expected):
    """Each filter narrows the list to the matching activities."""
    html = client.get(f"/en/activities/?{query}").content.decode()
    for title in ("Global Smart Education Conference", "AI webinar"):
        assert (title in html) == (title in expected), (query, title)


def test_pillar_filter(client, activities, framework):
    """Filtering by pillar uses the pillar's id."""
    p1 = ProgrammePillar.objects.get(period=framework, code="P1")
    html = client.get(f"/en/activities/?pillar={p1.pk}").content.decode()
    assert "Global Smart Education Conference" in html and "AI webinar" not in html


def test_bad_filter_value_is_a_field_error_not_a_500(client, activities):
    """A nonsense filter value is reported next to the field and ignored."""
    response = client.get("/en/activities/?year=abc&kind=nope")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter a whole number." in html
    assert "AI webinar" in html


def test_htmx_request_gets_the_results_fragment(client, activities):
    """An htmx request returns only the results table."""
    html = client.get("/en/activities/?kind=webinar", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "AI webinar" in html


def test_public_list_query_count_does_not_grow(client, framework, units, django_assert_num_queries):
    """The public list makes the same number of queries for 2 or 20 activities."""
    ActivityFactory.create_batch(2, period=framework)
    client.get("/en/activities/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/en/activities/")
    ActivityFactory.create_batch(18, period=framework)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/en/activities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "20 activities" in html
    for activity in Activity.objects.all():
        assert f">{activity.title['en']}<" in html, activity.code


def test_staff_list_query_count_does_not_grow(
    client, officer, framework, django_assert_num_queries
):
    """The staff list with participant counts makes a fixed number of queries."""
    client.force_login(officer)
    for activity in ActivityFactory.create_batch(2, period=framework):
        AggregateFactory(activity=activity)
    client.get("/en/activities/manage/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/en/activities/manage/")
    for activity in ActivityFactory.create_batch(10, period=framework):
        AggregateFactory(activity=activity)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/en/activities/manage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "12 activities" in html
    for activity in Activity.objects.all():
        assert f"<code>{activity.code}</code>" in html
    # Each row's participant count is its aggregate's total (10), read in the same queries.
    assert html.count('<td class="num">10</td>') == 12


def test_public_detail_shows_aggregates_never_names(client, activities, countries):
    """The public page adds individual and venue counts and never shows a name or email."""
    conference = activities[0]
    someone = person(
        "amina@example.org",
        name="Amina Mensah",
        sex="female",
        country=countries["KE"],
        role="teacher",
    )
    participation_record(activity=conference, person=someone, role="speaker", attended=True)
    AggregateFactory(activity=conference, total=120, female=70, male=48, not_stated=2)
    html = client.get("/en/activities/gsec-2026/").content.decode()
    assert "Amina" not in html and "amina@example.org" not in html
    assert ">121<" in html  # 1 individual + 120 counted at the venue
    assert "Speaker" in html and "Kenya" in html
    assert ">71<" in html  # female: 1 + 70


def test_staff_detail_lists_people_for_staff(client, officer, activities):
    """Staff see who took part; the public page does not."""
    someone = person("amina@example.org", name="Amina Mensah")
    participation_record(activity=activities[1], person=someone)
    client.force_login(officer)
    html = client.get("/en/activities/manage/ai-webinar/").content.decode()
    assert "Amina Mensah" in html


def test_anonymous_and_plain_users_cannot_reach_staff_pages(client, activities):
    """Staff pages redirect anonymous visitors to sign in and refuse plain accounts."""
    assert client.get("/en/activities/manage/").status_code == 302
    client.force_login(person())
    assert client.get("/en/activities/manage/").status_code == 403
    assert client.get("/en/activities/manage/ai-webinar/").status_code == 403


def test_officer_creates_an_activity(client, officer, units, framework):
    """The create form saves the activity and it is audited."""
    client.force_login(officer)
    assert client.get("/en/activities/manage/new/").status_code == 200
    response = client.post(
        "/en/activities/manage/new/",
        {
            "code": "mil-webinar-2026",
            "title_en": "MIL webinar",
            "original_language": "en",
            "kind": "webinar",
            "period": framework.pk,
            "unit": units["TPDN"].pk,
            "start_date": "2026-04-02",
            "end_date": "2026-04-02",
            "modality": "online",
            "status": "planned",
            "languages": ["en"],
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(code="mil-webinar-2026")
    assert activity.created_by == officer
    assert LogEntry.objects.get_for_object(activity).exists()


def test_create_form_shows_field_errors(client, officer, framework):
    """Missing title and bad date are shown by field; nothing is saved."""
    client.force_login(officer)
    response = client.post(
        "/en/activities/manage/new/",
        {
            "code": "Bad Code",
            "kind": "webinar",
            "period": framework.pk,
            "start_date": "soon",
            "modality": "online",
            "status": "planned",
            "original_language": "en",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter the text in at least one language." in html
    assert "Enter a valid date." in html
    assert not Activity.objects.exists()


def test_officer_cannot_edit_another_units_activity(client, officer, activities):
    """Editing an activity of another unit is refused."""
    client.force_login(officer)
    assert client.get("/en/activities/manage/gsec-2026/edit/").status_code == 403
    assert client.get("/en/activities/manage/ai-webinar/edit/").status_code == 200


def test_board_member_reads_but_cannot_change(client, board, activities):
    """A board member sees the staff pages, with no edit link and 403 on every change."""
    client.force_login(board)
    html = client.get("/en/activities/manage/internal-retreat/").content.decode()
    assert "Internal retreat" in html
    assert "/edit/" not in html
    assert client.get("/en/activities/manage/internal-retreat/edit/").status_code == 403
    assert (
        client.post("/en/activities/manage/internal-retreat/counts/", {"total": "1"}).status_code
        == 403
    )
    assert client.get("/en/activities/manage/new/").status_code == 403
    assert not AggregateParticipation.objects.exists()


def test_participation_entry_by_email(client, officer, activities):
    """Staff record a person by the email of their account; unknown emails are field errors."""
    someone = person("teacher@example.org", sex="female")
    client.force_login(officer)
    response = client.post(
        "/en/activities/manage/ai-webinar/participation/",
        {"email": "nobody@example.org", "role": "participant"},
    )
    assert response.status_code == 400
    assert "No account uses this email address." in response.content.decode()
    response = client.post(
        "/en/activities/manage/ai-webinar/participation/",
        {"email": "Teacher@example.org", "role": "speaker", "attended": "on"},
    )
    assert response.status_code == 302
    record = Participation.objects.get()
    assert (record.person, record.role, record.attended, record.sex) == (
        someone,
        "speaker",
        True,
        "female",
    )


def test_aggregate_entry_with_validation(client, officer, activities, countries):
    """Counts that do not add up are refused with a field error; valid counts are saved."""
    client.force_login(officer)
    url = "/en/activities/manage/ai-webinar/counts/"
    response = client.post(
        url,
        {
            "role": "participant",
            "total": "120",
            "female": "70",
            "male": "40",
            "another": "0",
            "not_stated": "0",
            "countries_text": "KZ; Narnia",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Female, male, another and not stated add up to 110, not 120." in html
    assert "Unknown countries: Narnia." in html
    assert not AggregateParticipation.objects.exists()
    response = client.post(
        url,
        {
            "role": "participant",
            "total": "120",
            "female": "70",
            "male": "48",
            "another": "0",
            "not_stated": "2",
            "countries_text": "KZ; KE",
        },
    )
    assert response.status_code == 302
    record = AggregateParticipation.objects.get()
    assert record.country_count == 2 and record.entered_by == officer


def test_administrator_manages_unit_members(client, admin_user, units):
    """Administrators add and remove staff members of units in the web interface."""
    officer = person("new.officer@iite.example.org", is_staff=True)
    client.force_login(admin_user)
    response = client.post(
        "/en/activities/manage/units/",
        {"email": "new.officer@iite.example.org", "unit": units["ICTHE"].pk},
    )
    assert response.status_code == 302
    membership = UnitMembership.objects.get(user=officer)
    assert membership.unit == units["ICTHE"]
    response = client.post(
        "/en/activities/manage/units/",
        {"email": "nobody@iite.example.org", "unit": units["ICTHE"].pk},
    )
    assert "No staff account uses this email address." in response.content.decode()
    assert client.post(f"/en/activities/manage/units/{membership.pk}/remove/").status_code == 302
    assert not UnitMembership.objects.filter(user=officer).exists()


def test_officers_cannot_manage_unit_members(client, officer):
    """Unit membership is for administrators only."""
    client.force_login(officer)
    assert client.get("/en/activities/manage/units/").status_code == 403


def test_facts_name_languages_and_list_items_in_the_readers_language(client, activities):
    """ "Languages" lists names, not codes ("fr, ar"), joined by the reader's list separator."""
    conference = activities[0]
    Activity.objects.filter(pk=conference.pk).update(languages=["fr", "ar"])
    html = client.get("/ar/activities/gsec-2026/").content.decode()
    assert "<bdi>الفرنسية</bdi>، <bdi>العربية</bdi>" in html
    assert "fr, ar" not in html
    html = client.get("/en/activities/gsec-2026/").content.decode()
    assert "<bdi>French</bdi>, <bdi>Arabic</bdi>" in html
