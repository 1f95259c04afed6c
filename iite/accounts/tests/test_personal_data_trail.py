"""Download my data holds the attendance report rows and the audit trail about the person;
deleting the account leaves no name or address of theirs in the trail (reproduction 10)."""

from __future__ import annotations

import json

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from iite.accounts.services import account_delete, profile_update
from iite.events.certificates import certificate_issue
from iite.events.models import AttendanceImport, Attendee
from iite.events.services import registration_create, registration_mark_attended
from iite.events.tests.factories import make_event

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _trail_text() -> str:
    """Everything the trail holds, as one text to search."""
    return json.dumps(
        [
            [
                entry.object_repr,
                entry.changes,
                entry.changes_text,
                entry.additional_data,
                entry.serialized_data,
                entry.actor_email,
            ]
            for entry in LogEntry.objects.all()
        ],
        ensure_ascii=False,
    )


@pytest.fixture
def attended(person, activity):
    """Amina attended a webinar, received a certificate and appears in a Zoom report."""
    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    event = make_event(title={"en": "Teaching with AI"})
    registration = registration_create(event=event, user=person)
    registration_mark_attended(registration=registration, minutes=80)
    certificate_issue(registration=registration)
    report = AttendanceImport.objects.create(
        event=event,
        source="zoom_meeting",
        file_name="zoom.csv",
        file_hash="0" * 64,
        session_minutes=90,
    )
    Attendee.objects.create(
        attendance_import=report,
        event=event,
        email="AMINA@example.org",
        name="Amina D.",
        minutes=80,
        joins=2,
        attended=True,
        status="matched",
    )
    return event


def test_the_export_holds_the_attendance_report_rows(client, person, attended):
    """The Zoom row that carries the person's address is in their data, whatever its case."""
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["events"]["attendance_report_rows"] == [
        {
            "event": "Teaching with AI",
            "event_slug": attended.slug,
            "report": "Zoom meeting participants report",
            "imported_at": AttendanceImport.objects.get().created_at.isoformat(),
            "email": "AMINA@example.org",
            "name": "Amina D.",
            "minutes": 80,
            "joins": 2,
            "attended": True,
            "status": "matched",
        }
    ]


def test_the_export_holds_the_trail_about_the_person(client, person, attended):
    """Their account's and certificate's entries, and the changes they made, are exported."""
    with set_actor(person, remote_addr="203.0.113.9"):
        profile_update(user=person, data={"institution": "Lycée 12"})
    client.force_login(person)
    trail = json.loads(client.get(reverse("accounts:data_export")).content)["audit_trail"]
    institution = [entry for entry in trail["about_you"] if "institution" in entry["changes"]]
    assert institution[-1]["changes"]["institution"] == ["", "Lycée 12"]
    certificate = [
        entry for entry in trail["about_you"] if entry["record_kind"] == "certificate of attendance"
    ]
    assert certificate[0]["changes"]["holder_name"] == ["None", "Amina Diallo"]
    made = trail["changes_you_made"]
    assert [(entry["action"], entry["record_kind"], entry["address"]) for entry in made] == [
        ("update", "user", "203.0.113.9")
    ]


def test_deleting_the_account_leaves_no_name_or_address_in_the_trail(person, attended, activity):
    """The certificate's creation entry (holder_name), the account's entries and a staff
    note naming the person keep nothing that identifies them; other text stays."""
    staff = UserFactory(email="officer@iite.example.org", is_staff=True)
    with set_actor(staff):
        activity.title = {"en": "Follow-up call with Amina Diallo (amina@example.org)"}
        activity.save()
    assert "Amina Diallo" in _trail_text()
    assert "holder_name" in _trail_text()

    account_delete(user=person)

    text = _trail_text()
    assert "Amina" not in text
    assert "amina@example.org" not in text.lower()
    note = LogEntry.objects.get_for_object(activity).latest()
    assert "Follow-up call with [erased] ([erased])" in json.dumps(note.changes)
    assert note.actor_id == staff.pk
