import pytest
from django.contrib.auth.models import AnonymousUser

from iite.accounts.tests.factories import UserFactory
from iite.events import permissions as perms
from iite.events.consultations import consultation_submit
from iite.events.models import ConsultationQuestion, Registration
from iite.events.personal_data import erase_personal_data, export_personal_data
from iite.events.services import registration_create
from iite.programme.models import Participation

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_public_api_lists_events_with_filters_and_ics_links(period, client):
    """GET /api/events/ lists published events, filterable by language, with .ics links."""
    ru = make_event(title={"ru": "Вебинар"}, original_language="ru", languages=["ru"])
    make_event(languages=["fr"])
    make_event(languages=["ru"], status="draft")
    data = client.get("/api/events/?language=ru").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["slug"] == ru.slug and item["languages"] == ["ru"]
    assert item["ics_url"].endswith(f"/events/{ru.slug}/calendar.ics")


def test_public_api_detail_has_sessions_and_404s_for_drafts(period, client):
    """The detail includes sessions; a draft or unknown slug is a 404 with a message."""
    event = make_event()
    event.sessions.create(title={"en": "Opening"}, starts_at=event.starts_at, ends_at=event.ends_at)
    data = client.get(f"/api/events/{event.slug}").json()
    assert [s["title"] for s in data["sessions"]] == ["Opening"]
    draft = make_event(status="draft")
    assert client.get(f"/api/events/{draft.slug}").status_code == 404
    assert client.get("/api/events/no-such-event").status_code == 404


def test_api_rejects_bad_filters_with_400(period, client):
    """A malformed date is a 400 naming the field."""
    response = client.get("/api/events/?date_from=not-a-date")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"].endswith("date_from")


def test_staff_api_registrations_and_attendance_need_permission(period, client, officer, board):
    """Registrations and attendance need session auth and the permission: 401, 403, then 200."""
    event = make_event()
    registration_create(event=event, user=UserFactory(email="r@example.org"))
    url = f"/api/events/{event.slug}/registrations"
    assert client.get(url).status_code == 401
    client.force_login(board)
    assert client.get(url).status_code == 403
    client.force_login(officer)
    data = client.get(url).json()
    assert data["items"][0]["email"] == "r@example.org"
    assert client.get(f"/api/events/{event.slug}/attendance").json()["count"] == 0


@pytest.mark.parametrize(
    ("rule", "officer_ok", "editor_ok", "board_ok"),
    [
        (perms.can_access_manage, True, True, True),
        (perms.can_create_event, True, False, False),
        (perms.can_edit_event, True, True, False),
        (perms.can_edit_programme, True, False, False),
        (perms.can_publish_event, True, False, False),
        (perms.can_manage_registrations, True, False, False),
        (perms.can_import_attendance, True, False, False),
        (perms.can_issue_certificates, True, False, False),
        (perms.can_view_figures, True, False, True),
        (perms.can_view_consultation_results, True, False, True),
    ],
)
def test_each_rule_by_role(rule, officer_ok, editor_ok, board_ok, officer, editor, board):
    """Programme officers run events, content editors edit content, board members read."""
    assert (rule(officer), rule(editor), rule(board)) == (officer_ok, editor_ok, board_ok)
    assert rule(AnonymousUser()) is False
    assert rule(UserFactory()) is False


def test_registrant_or_registration_staff_may_cancel(period, officer, editor):
    """Only the registrant themself or registration staff may cancel a registration."""
    event = make_event()
    owner = UserFactory()
    registration = registration_create(event=event, user=owner)
    assert perms.can_cancel_registration(owner, registration)
    assert perms.can_cancel_registration(officer, registration)
    assert not perms.can_cancel_registration(editor, registration)
    assert not perms.can_cancel_registration(UserFactory(), registration)
    assert not perms.can_cancel_registration(AnonymousUser(), registration)


def test_personal_data_export_and_erasure_keep_participation(period):
    """Export lists registrations and named answers; erasure drops answers, participation stays."""
    event = make_event(consultation_open=True, consultation_anonymous=False)
    question = ConsultationQuestion.objects.create(event=event, text={"en": "Why?"}, kind="open")
    person = UserFactory()
    registration_create(event=event, user=person, answers={"1": "My school"})
    consultation_submit(event=event, user=person, answers={question.pk: "Because"})
    exported = export_personal_data(person)
    assert exported["registrations"][0]["answers"] == {"1": "My school"}
    assert exported["consultation_answers"][0]["answers"] == {"Why?": "Because"}
    erase_personal_data(person)
    assert Registration.objects.get(user=person).answers == {}
    assert export_personal_data(person)["consultation_answers"] == []
    key = person.person_key
    person.delete()
    assert Participation.objects.filter(person_key=key, person=None).count() == 1
