"""Attendees are matched to accounts, and to their registration for the event, the same way
whether the event's registrants are read once per import or with each batch's accounts."""

import io

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.events import attendance
from iite.events.attendance import attendance_import
from iite.events.models import Attendee, Registration
from iite.events.services import registration_create
from iite.programme.models import Participation

from .test_attendance import webinar  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

JOIN = "{name},{email},12/08/2026 12:00:00 PM,12/08/2026 01:00:00 PM,60,No"


def _report(*people: tuple[str, str]) -> io.BytesIO:
    lines = ["Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest"]
    lines += [JOIN.format(name=name, email=email) for name, email in people]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


@pytest.mark.parametrize("limit", [attendance.REGISTRATION_MAP_LIMIT, 0])
def test_accounts_and_registrations_are_matched_by_address(webinar, monkeypatch, limit):  # noqa: F811
    """A registrant is matched with their registration (written as attended); someone whose
    registration was cancelled, and someone with an account who never registered, are
    matched to their account without a registration; both count as present. The report's
    address matches whatever its case."""
    monkeypatch.setattr(attendance, "REGISTRATION_MAP_LIMIT", limit)
    aigerim = UserFactory(email="aigerim.demo@example.org", name="Aigerim")
    ivan = UserFactory(email="ivan.demo@example.org", name="Ivan")
    olga = UserFactory(email="olga.demo@example.org", name="Olga")
    registered = registration_create(event=webinar, user=aigerim)
    cancelled = registration_create(event=webinar, user=ivan)
    Registration.objects.filter(pk=cancelled.pk).update(status="cancelled")

    result = attendance_import(
        event=webinar,
        file=_report(
            ("Aigerim", "Aigerim.Demo@example.org"),
            ("Ivan", "ivan.demo@example.org"),
            ("Olga", "olga.demo@example.org"),
        ),
        file_name="zoom.csv",
    )

    assert result.errors == []
    assert result.record is not None
    assert (result.record.people, result.record.matched, result.record.attended) == (3, 3, 3)
    found = {
        email: (status, registration_id, key)
        for email, status, registration_id, key in Attendee.objects.filter(
            event=webinar
        ).values_list("email", "status", "registration_id", "person_key")
    }
    assert found == {
        "aigerim.demo@example.org": ("matched", registered.pk, aigerim.person_key),
        "ivan.demo@example.org": ("matched", None, ivan.person_key),
        "olga.demo@example.org": ("matched", None, olga.person_key),
    }
    registered.refresh_from_db()
    cancelled.refresh_from_db()
    assert (registered.attended, registered.attended_minutes) == (True, 60)
    assert (cancelled.attended, cancelled.status) == (False, "cancelled")
    present = Participation.objects.filter(activity=webinar.activity, attended=True)
    assert set(present.values_list("person_id", flat=True)) == {aigerim.pk, ivan.pk, olga.pk}
