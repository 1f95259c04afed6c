import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from iite.accounts.tests.factories import UserFactory
from iite.events.models import Registration
from iite.events.services import (
    RegistrationError,
    event_update,
    registration_cancel,
    registration_create,
    registration_promote,
)
from iite.programme.models import Activity, Participation

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_event_is_an_activity_of_the_current_period(period):
    """Creating an event creates its Activity with the kind, modality, languages and dates."""
    event = make_event(
        kind="training", modality="hybrid", languages=["fr", "en"], time_zone="Africa/Dakar"
    )
    activity = event.activity
    assert activity.kind == "training"
    assert activity.modality == "hybrid"
    assert activity.languages == ["fr", "en"]
    assert activity.period == period
    assert activity.start_date == event.starts_at.date()
    assert activity.is_public is True


def test_updating_the_event_updates_its_activity(period):
    """A new title and date reach the Activity the indicators read."""
    event = make_event()
    new_start = event.starts_at + timedelta(days=30)
    event_update(
        event=event,
        title={"en": "Renamed"},
        starts_at=new_start,
        ends_at=new_start + timedelta(hours=1),
        modality="onsite",
    )
    activity = Activity.objects.get(pk=event.activity_id)
    assert str(activity.title) == "Renamed"
    assert activity.start_date == new_start.date()
    assert activity.modality == "onsite"


def test_registration_within_capacity_is_confirmed_and_counts_as_participation(period, commit):
    """A confirmed registrant is a participant of the activity and gets a confirmation e-mail."""
    event = make_event(capacity=2)
    user = UserFactory(sex="female", role="teacher")
    with commit():
        registration = registration_create(event=event, user=user, answers={"1": "AI"})
    assert registration.status == "confirmed"
    participation = Participation.objects.get(activity=event.activity, person=user)
    assert (participation.source, participation.attended, participation.sex) == (
        "registration",
        False,
        "female",
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Registration confirmed" in mail.outbox[0].subject


def test_confirmation_is_in_the_registrants_language(period, commit):
    """The e-mail follows the registrant's preferred language."""
    event = make_event(title={"en": "AI webinar", "ru": "Вебинар об ИИ"})
    user = UserFactory(preferred_language="ru")
    with commit():
        registration_create(event=event, user=user)
    assert "Вебинар об ИИ" in mail.outbox[0].subject
    assert "Регистрация подтверждена" in mail.outbox[0].subject


def test_full_event_waitlists_and_cancellation_promotes_the_first_waiting(period, commit):
    """Beyond capacity people wait; when someone cancels, the earliest waiting person gets the place."""
    event = make_event(capacity=1)
    first, second, third = UserFactory(), UserFactory(), UserFactory()
    r1 = registration_create(event=event, user=first)
    r2 = registration_create(event=event, user=second)
    r3 = registration_create(event=event, user=third)
    assert [r.status for r in (r1, r2, r3)] == ["confirmed", "waitlisted", "waitlisted"]
    assert not Participation.objects.filter(person=second).exists()
    mail.outbox.clear()
    with commit():
        promoted = registration_cancel(registration=r1)
    assert promoted.pk == r2.pk
    r2.refresh_from_db()
    r3.refresh_from_db()
    assert (r2.status, r3.status) == ("confirmed", "waitlisted")
    assert Participation.objects.filter(person=second, activity=event.activity).exists()
    assert not Participation.objects.filter(person=first, activity=event.activity).exists()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_registering_twice_is_refused(period):
    """A second registration by the same person is refused with a clear message."""
    event = make_event()
    user = UserFactory()
    registration_create(event=event, user=user)
    with pytest.raises(RegistrationError, match="already registered"):
        registration_create(event=event, user=user)


def test_cancelled_registrant_can_register_again(period):
    """After cancelling, the person may register again (at the back of the queue)."""
    event = make_event()
    user = UserFactory()
    registration = registration_create(event=event, user=user)
    registration_cancel(registration=registration)
    again = registration_create(event=event, user=user)
    assert again.pk == registration.pk
    assert again.status == "confirmed"


def test_draft_and_past_events_refuse_registration(period):
    """Registration is refused for drafts and for events that have ended."""
    draft = make_event(status="draft")
    past = make_event(starts_at=timezone.now() - timedelta(days=3))
    with pytest.raises(RegistrationError, match="closed"):
        registration_create(event=draft, user=UserFactory())
    with pytest.raises(RegistrationError, match="already taken place"):
        registration_create(event=past, user=UserFactory())


def test_staff_promotion_confirms_beyond_capacity(period):
    """Staff may confirm someone from the waiting list even when the event is full."""
    event = make_event(capacity=1)
    registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())
    registration_promote(registration=waiting)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 2


def test_reminders_are_sent_once(period, commit):
    """send_event_reminders e-mails confirmed registrants of events starting soon, once."""
    soon = make_event(starts_at=timezone.now() + timedelta(hours=5))
    later = make_event(starts_at=timezone.now() + timedelta(days=10))
    user = UserFactory()
    registration_create(event=soon, user=user)
    registration_create(event=later, user=user)
    mail.outbox.clear()
    with commit():
        call_command("send_event_reminders", stdout=io.StringIO())
    assert [m.subject for m in mail.outbox] == [f"Reminder: \u2068{soon.title}\u2069"]
    with commit():
        call_command("send_event_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1


def test_registration_record_registers_without_rules_or_email(period, commit):
    """A registration staff hold: recorded for a held event too, without email, idempotent;
    with minutes the person attended, otherwise they count as registered."""
    from iite.events.services import registration_record

    held = make_event(starts_at=timezone.now() - timedelta(days=3), registration_open=False)
    coming = make_event()
    person = UserFactory()
    with commit():
        attended = registration_record(event=held, user=person, attended_minutes=80)
        registered = registration_record(event=coming, user=person)
        registration_record(event=coming, user=person)
    assert mail.outbox == []
    assert (attended.status, attended.attended, attended.attended_minutes) == (
        "confirmed",
        True,
        80,
    )
    assert (registered.status, registered.attended) == ("confirmed", False)
    assert Registration.objects.filter(user=person).count() == 2
    assert set(Participation.objects.values_list("activity_id", "attended", "source")) == {
        (held.activity_id, True, "attendance"),
        (coming.activity_id, False, "registration"),
    }


def test_event_items_are_validated_and_themes_created_once(period):
    """A consultation choice question needs options; a theme that exists is reused."""
    from django.core.exceptions import ValidationError

    from iite.events.models import ConsultationQuestion, Speaker, Theme
    from iite.events.services import event_item_add, theme_ensure

    event = make_event()
    speaker = event_item_add(event=event, item=Speaker(name="Dr. Amelina", bio={"en": "IITE"}))
    assert list(event.speakers.all()) == [speaker]
    with pytest.raises(ValidationError):
        event_item_add(event=event, item=ConsultationQuestion(text={"en": "Which?"}, kind="choice"))
    assert not event.consultation_questions.exists()
    theme = theme_ensure(slug="ethics-of-ai", name={"en": "Ethics of AI"})
    assert theme_ensure(slug="ethics-of-ai", name={"en": "Other"}) == theme
    assert Theme.objects.get().name == {"en": "Ethics of AI"}
