"""The assistant counts toward the platform's indicators from anonymous monthly figures."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from iite.monitoring.measures import MEASURES, Scope
from iite.programme.models import ActivityKind, AggregateParticipation
from iite.programme.tests.factories import ActivityFactory
from iite.strategy.tests.factories import InitiativeFactory, PillarFactory, UnitFactory
from iite.wellbeing import reporting
from iite.wellbeing.models import UsageCount

from .conftest import staff_with

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def platform():
    pillar = PillarFactory(code="P3")
    initiative = InitiativeFactory(code=reporting.PLATFORM_INITIATIVE, pillar=pillar)
    activity = ActivityFactory(
        code="platform-health-well-being",
        kind=ActivityKind.PLATFORM,
        status="ongoing",
        unit=UnitFactory(code="ICTHE"),
        pillars=[pillar],
    )
    activity.initiative = initiative
    activity.save()
    return activity


def _count(day, total, language="ru"):
    UsageCount.objects.create(day=day, language=language, measure="conversations", count=total)


def test_the_assistant_is_a_learning_resource_of_the_health_platform(platform):
    activity = reporting.assistant_activity_ensure()
    assert activity.kind == ActivityKind.LEARNING_RESOURCE
    assert activity.parent == platform
    assert activity.unit == platform.unit and activity.initiative == platform.initiative
    assert list(activity.pillars.all()) == list(platform.pillars.all())
    assert reporting.assistant_activity_ensure() == activity  # once
    scope = Scope(year=activity.start_date.year)
    counted = MEASURES["platforms.resources"].activities(scope)
    assert activity in counted


def test_complete_months_are_recorded_once_as_anonymous_aggregates(platform):
    _count(datetime.date(2026, 10, 3), 4)
    _count(datetime.date(2026, 10, 30), 2, language="ky")
    _count(datetime.date(2026, 11, 15), 5)
    _count(datetime.date(2026, 12, 1), 9)  # this month: not complete, not recorded
    assert reporting.usage_months_record(today=TODAY) == 2
    assert reporting.usage_months_record(today=TODAY) == 0
    records = {
        record.evidence: record
        for record in AggregateParticipation.objects.filter(activity=reporting.assistant_activity())
    }
    assert set(records) == {"wellbeing-usage:2026-10", "wellbeing-usage:2026-11"}
    october = records["wellbeing-usage:2026-10"]
    assert (october.total, october.not_stated, october.entered_by) == (6, 6, None)
    assert "2026-10-01" in october.notes and "2026-10-31" in october.notes
    assert "nobody is identified" in october.notes


def test_without_the_platform_or_a_person_nothing_is_recorded(db):
    _count(datetime.date(2026, 10, 3), 4)
    assert reporting.usage_months_record(today=TODAY) == 0
    assert reporting.assistant_activity() is None


def test_the_statistics_page_records_months_for_programme_staff_only(client, platform):
    _count(datetime.date(2026, 11, 15), 5)
    counsellor = staff_with("Counsellor", "wellbeing.counsel_conversation")
    client.force_login(counsellor)
    url = reverse("wellbeing:statistics")
    assert "Record the complete months now" not in client.get(url).content.decode()
    assert client.post(url).status_code == 403
    officer = staff_with(
        "Programme officer",
        "wellbeing.view_usagecount",
        "programme.add_aggregateparticipation",
    )
    client.force_login(officer)
    client.post(url)
    page = client.get(url).content.decode()
    assert "wellbeing-assistant" in page
    assert "<td>2026-11</td><td>5</td>" in page


def test_recording_without_a_place_for_the_assistant_says_why_and_writes_nothing(client, db):
    """A period but no health platform Activity, and an officer with no programme unit:
    the page names the missing unit instead of failing, and nothing is written."""
    UnitFactory()  # a current period with a unit, but no platform Activity
    _count(datetime.date(2026, 10, 3), 4)
    officer = staff_with(
        "Programme officer", "wellbeing.view_usagecount", "programme.add_aggregateparticipation"
    )
    client.force_login(officer)
    response = client.post(reverse("wellbeing:statistics"), follow=True)
    assert response.status_code == 200
    assert "Choose the programme unit this activity belongs to." in response.content.decode()
    assert reporting.assistant_activity() is None
    assert not AggregateParticipation.objects.exists()
