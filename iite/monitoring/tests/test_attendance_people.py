"""Indicator 5 counts webinar attendees without an account, from the attendance report."""

import io
from datetime import UTC, datetime

import pytest

from iite.events.attendance import attendance_import
from iite.events.tests.factories import make_event
from iite.monitoring.indicators import Scope, compute
from iite.programme.models import Person
from iite.reference.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db


def _report(rows):
    lines = [
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
        "81234567890,Teachers and AI,03/10/2026 10:00:00 AM,03/10/2026 11:00:00 AM,h@x.org,60,5",
        "",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Country",
    ]
    for name, email, minutes, country in rows:
        leave = f"03/10/2026 10:{minutes:02d}:00 AM" if minutes < 60 else "03/10/2026 11:00:00 AM"
        lines.append(f"{name},{email},03/10/2026 10:00:00 AM,{leave},{minutes},{country}")
    return io.BytesIO("\n".join(lines).encode())


def test_a_zoom_report_of_people_without_accounts_raises_people_engaged_by_those_present():
    """Five attendees, none with an account, of a 60-minute webinar (30 minutes needed): the
    three present long enough raise "people engaged in webinars" (indicator 5) by exactly
    three, with the country the report gives and "not recorded" otherwise."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", name={"en": "Kenya"}, unesco_region="africa")
    event = make_event(
        title={"en": "Teachers and AI"},
        starts_at=datetime(2026, 3, 10, 10, tzinfo=UTC),
        ends_at=datetime(2026, 3, 10, 11, tzinfo=UTC),
        time_zone="UTC",
    )
    before = compute(Scope(year=2026)).measures["webinars.people"]
    result = attendance_import(
        event=event,
        file=_report(
            [
                ("Wanjiru", "Wanjiru@Example.net", 60, "Kenya"),
                ("Otieno", "otieno@example.net", 45, ""),
                ("Chebet", "chebet@example.net", 30, ""),
                ("Late Joiner", "late@example.net", 20, "Kenya"),
                ("Brief", "brief@example.net", 5, ""),
            ]
        ),
        file_name="zoom.csv",
    )
    assert result.errors == [] and result.mismatches == []
    after = compute(Scope(year=2026)).measures["webinars.people"]
    assert after.value - before.value == 3
    assert before.value == 0
    # Country and sex as the report gives them; "" is shown as "not recorded".
    assert after.dims["country"] == {"KE": 1, "": 2}
    assert after.dims["sex"] == {"": 3}
    assert set(Person.objects.values_list("email", "country")) == {
        ("wanjiru@example.net", kenya.pk),
        ("otieno@example.net", None),
        ("chebet@example.net", None),
    }
