"""Every certificate of attendance is also an Open Badges 3.0 credential."""

from __future__ import annotations

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.credentials.models import Achievement, Credential, CredentialBatch
from iite.credentials.tests.conftest import _keys_and_site  # noqa: F401 - autouse: own keys
from iite.credentials.verification import verify_document
from iite.events.certificates import (
    certificate_credentials_ensure,
    certificate_issue,
    certificates_issue,
    event_achievement,
)
from iite.events.services import registration_create, registration_mark_attended
from iite.programme.models import Participation

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(period):
    event = make_event(title={"en": "AI in education", "fr": "L'IA dans l'éducation"})
    people = [UserFactory(name="Layla Haddad"), UserFactory(name="Kofi Mensah"), UserFactory()]
    registrations = [registration_create(event=event, user=p) for p in people]
    for registration in registrations[:2]:
        registration_mark_attended(registration=registration, minutes=80)
    return event, registrations


def test_event_achievement_is_a_certificate_in_every_title_language(attended):
    """The event's achievement names the event in each language of its title, once."""
    event, _registrations = attended
    achievement = event_achievement(event)
    assert achievement.kind == Achievement.Kind.CERTIFICATE
    assert achievement.name["en"] == "Certificate of attendance: AI in education"
    assert set(achievement.name) == {"en", "fr"}
    assert "Webinar" in achievement.description["en"]
    assert achievement.activity is None
    assert event_achievement(event).pk == achievement.pk
    assert Achievement.objects.count() == 1


def test_bulk_certificates_become_credentials_through_a_batch(
    attended, officer, django_capture_on_commit_callbacks
):
    """Issuing certificates queues one batch; each holder then has a valid credential."""
    event, registrations = attended
    with django_capture_on_commit_callbacks(execute=True):
        result = certificates_issue(event=event, issued_by=officer)
    assert result.batch is not None
    batch = CredentialBatch.objects.get(pk=result.batch.pk)
    assert (batch.status, batch.total, batch.issued) == ("done", 2, 2)
    credentials = Credential.objects.filter(achievement=event_achievement(event))
    assert {c.recipient_id for c in credentials} == {r.user_id for r in registrations[:2]}
    for credential in credentials:
        assert verify_document(dict(credential.document)).valid
        assert credential.document["credentialSubject"]["achievement"]["achievementType"] == (
            "Certificate"
        )
    # Attendance is counted once, by the events domain.
    assert Participation.objects.filter(activity=event.activity, certified=True).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        again = certificates_issue(event=event, issued_by=officer)
    assert again.batch is None
    assert CredentialBatch.objects.count() == 1


def test_one_certificate_is_signed_at_once_and_shows_in_my_learning(client, attended):
    """A single certificate's credential exists at once and is listed in "My learning"."""
    event, registrations = attended
    certificate_issue(registration=registrations[0])
    credential = Credential.objects.get(recipient=registrations[0].user)
    assert credential.achievement == event_achievement(event)
    client.force_login(registrations[0].user)
    html = client.get("/en/learning/my/").content.decode()
    assert "Certificate of attendance: AI in education" in html
    assert credential.get_absolute_url() in html


def test_certificates_issued_before_get_their_credentials(
    attended, django_capture_on_commit_callbacks
):
    """setup_platform's step gives older certificates their credential; a second run, nothing."""
    event, _registrations = attended
    with django_capture_on_commit_callbacks(execute=True):
        certificates_issue(event=event)
    Credential.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert certificate_credentials_ensure() == "2 queued"
    assert Credential.objects.count() == 2
    assert certificate_credentials_ensure() == "0 queued"
