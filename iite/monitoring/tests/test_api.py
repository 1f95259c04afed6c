"""The indicators API: aggregates with their disaggregation, 400 on bad filters."""

from __future__ import annotations

import pytest

from iite.programme.tests.factories import ActivityFactory, ParticipationFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.tests.factories import PillarFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    kenya = CountryFactory(iso2="KE", iso3="KEN")
    pillar = PillarFactory(code="P4")
    webinar = ActivityFactory(kind="webinar", pillars=[pillar])
    ParticipationFactory(activity=webinar, country=kenya, sex="female")
    ParticipationFactory(activity=webinar, country=kenya, sex="male")


def test_indicator_list(client, records):
    """The seven indicators come back with values, targets and disaggregation."""
    data = client.get("/api/indicators/?year=2026").json()
    assert [i["number"] for i in data] == [1, 2, 3, 4, 5, 6, 7]
    people = next(m for m in data[4]["measures"] if m["code"] == "webinars.people")
    assert people["value"] == 2
    assert people["target"] == 6500
    assert people["half_years"]["2026-H1"] == 2
    sex = next(d for d in people["disaggregation"] if d["dimension"] == "sex")
    assert {g["key"]: g["value"] for g in sex["groups"]} == {"female": 1, "male": 1}
    assert "person_key" not in str(data)


def test_indicator_detail_and_filters(client, records):
    """One sub-measure, narrowed by pillar and region."""
    data = client.get("/api/indicators/webinars.held?year=2026&pillar=P4").json()
    assert data["value"] == 1
    data = client.get("/api/indicators/webinars.people?year=2026&region=africa").json()
    assert data["value"] == 2
    data = client.get("/api/indicators/webinars.people?year=2026&region=arab_states").json()
    assert data["value"] == 0
    assert client.get("/api/indicators/nothing.here").status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc", "query.year"),
        ("half=3", "query.half"),
        ("region=mars", "query.region"),
        ("pillar=P9", "query.pillar"),
    ],
)
def test_bad_filters_are_400(client, records, query, field):
    """Each bad filter answers 400 naming the field."""
    response = client.get(f"/api/indicators/?{query}")
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


def test_iati_endpoint(client, records):
    """The API serves the IATI file."""
    response = client.get("/api/indicators/iati.xml?year=2026")
    assert response.status_code == 200
    assert response.content.startswith(b"<?xml")
