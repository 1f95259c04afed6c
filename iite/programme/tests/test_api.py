import pytest

from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory, AggregateFactory, person
from iite.strategy.models import ProgrammePillar

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(framework, units, countries):
    conference = ActivityFactory(
        code="gsec-2026",
        kind="global_conference",
        period=framework,
        unit=units["DPLM"],
        modality="hybrid",
    )
    conference.pillars.add(ProgrammePillar.objects.get(period=framework, code="P1"))
    ActivityFactory(code="ai-webinar", kind="webinar", period=framework, unit=units["TPDN"])
    ActivityFactory(code="hidden", period=framework, is_public=False)
    return conference


def test_list_is_public_activities_paginated(client, activities):
    """The list has public activities only, with the page count."""
    data = client.get("/api/activities/").json()
    assert data["count"] == 2
    assert sorted(item["code"] for item in data["items"]) == ["ai-webinar", "gsec-2026"]


def test_list_filters(client, activities, framework):
    """kind, modality and pillar filters narrow the list."""
    assert [i["code"] for i in client.get("/api/activities/?kind=webinar").json()["items"]] == [
        "ai-webinar"
    ]
    assert [i["code"] for i in client.get("/api/activities/?modality=hybrid").json()["items"]] == [
        "gsec-2026"
    ]
    pillar = ProgrammePillar.objects.get(period=framework, code="P1")
    data = client.get(f"/api/activities/?pillar={pillar.pk}").json()
    assert [i["code"] for i in data["items"]] == ["gsec-2026"]
    assert data["items"][0]["pillars"] == ["P1"]


@pytest.mark.parametrize(
    "query",
    ["kind=banquet", "year=abc", "period=1900-1903", "pillar=999999", "priority_region=mars"],
)
def test_bad_filters_are_400(client, activities, query):
    """An unknown filter value answers 400 naming the field."""
    response = client.get(f"/api/activities/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.content.decode()


def test_detail_has_aggregates_only(client, activities, countries):
    """The detail adds individual and aggregate counts and names nobody."""
    someone = person("amina@example.org", name="Amina", sex="female", country=countries["KE"])
    participation_record(activity=activities, person=someone, role="speaker")
    AggregateFactory(activity=activities, total=10, female=6, male=4)
    response = client.get("/api/activities/gsec-2026")
    body = response.content.decode()
    assert "amina" not in body.lower()
    summary = response.json()["participation"]
    assert (summary["total"], summary["individual"], summary["aggregate"]) == (11, 1, 10)
    assert {"label": "Female", "count": 7} in summary["by_sex"]
    assert summary["by_country"] == [{"iso2": "KE", "count": 1}]


def test_missing_and_hidden_activities_are_404(client, activities):
    """Unknown codes and non-public activities are 404."""
    assert client.get("/api/activities/nope").status_code == 404
    assert client.get("/api/activities/hidden").status_code == 404


def test_participations_are_staff_only(client, activities, officer):
    """Individual records need a session with view_participation; others get 401 or 403."""
    someone = person("amina@example.org", name="Amina")
    participation_record(activity=activities, person=someone, role="speaker")
    assert client.get("/api/activities/gsec-2026/participations").status_code == 401
    client.force_login(person("plain@example.org"))
    assert client.get("/api/activities/gsec-2026/participations").status_code == 403
    client.force_login(officer)
    data = client.get("/api/activities/gsec-2026/participations").json()
    assert data["items"][0]["email"] == "amina@example.org"
    assert client.get("/api/activities/nope/participations").status_code == 404


def test_list_query_count_is_fixed(client, framework, django_assert_max_num_queries):
    """The API list reads a page in a fixed number of queries."""
    created = ActivityFactory.create_batch(30, period=framework)
    with django_assert_max_num_queries(4):
        response = client.get("/api/activities/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 30
    assert sorted(item["code"] for item in data["items"]) == sorted(a.code for a in created)
