import pytest
from django.core.management import call_command

from iite.demo import events, programme
from iite.events.models import ConsultationResponse, Event, Registration
from iite.programme.models import Activity, Participation
from iite.strategy.models import StrategyPeriod
from iite.strategy.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_attaches_flagships_to_their_activities():
    """A second run creates nothing; gsec-2026 wraps the programme's existing Activity."""
    period = StrategyPeriod.objects.create(
        code="2026-2029", start_year=2026, end_year=2029, is_current=True
    )
    units = {code: UnitFactory(period=period, code=code) for code in ("DPLM", "TPDN", "ICTHE")}
    existing = Activity.objects.create(
        code="gsec-2026",
        title={"en": "GSEC"},
        kind="global_conference",
        period=period,
        unit=units["DPLM"],
        start_date="2026-08-18",
        end_date="2026-08-20",
    )
    assert events.load() == "15 events created"
    count = Event.objects.count()
    assert Event.objects.get(slug="gsec-2026").activity_id == existing.pk
    assert Event.objects.filter(slug__in=["gmooc-2026", "icdll-2026", "ces-2026"]).count() == 3
    assert Event.objects.filter(series__slug="harnessing-ai-webinars-2026").count() == 8
    assert set(
        Event.objects.filter(series__isnull=False).values_list("original_language", flat=True)
    ) == {"ru", "fr", "en", "ar"}
    assert ConsultationResponse.objects.count() == 5
    assert Participation.objects.filter(attended=True).exists()
    registrations = Registration.objects.count()
    assert events.load() == "0 events created"
    assert Event.objects.count() == count
    assert Registration.objects.count() == registrations


def test_registrations_of_held_webinars_are_attended_and_coming_ones_registered():
    """People registered for a held webinar attended it; for one to come they are registered."""
    period = StrategyPeriod.objects.create(
        code="2026-2029", start_year=2026, end_year=2029, is_current=True
    )
    for code in ("DPLM", "TPDN", "ICTHE"):
        UnitFactory(period=period, code=code)
    events.load()
    held = Event.objects.get(slug="webinar-ai-teachers-ru-2026-02")
    assert {r.user.email for r in held.registrations.all()} == {
        "aigerim.demo@example.org",
        "ivan.demo@example.org",
    }
    assert all(r.attended and r.attended_minutes == 80 for r in held.registrations.all())
    assert set(held.activity.participations.values_list("attended", "source")) == {
        (True, "attendance")
    }
    webinar = Event.objects.get(slug="webinar-ethics-en-2026-06")
    assert [r.user.email for r in webinar.registrations.all()] == ["kofi.demo@example.org"]
    assert webinar.speakers.get().name == "Dr. Natalia Amelina"
    assert webinar.questions.get().kind == "text"


def test_flagship_event_pages_follow_the_programmes_records(settings, tmp_path):
    """Event pages attached to the programme's conferences keep their title, dates and status."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", no_demo=True, verbosity=0)
    programme.load()

    def as_recorded(code: str) -> tuple:
        activity = Activity.objects.get(code=code)
        return (
            dict(activity.title),
            dict(activity.description),
            activity.start_date,
            activity.end_date,
            activity.modality,
            activity.status,
        )

    before = {code: as_recorded(code) for code in ("gsec-2026", "icdll-2026", "ces-2026")}
    events.load()
    assert {code: as_recorded(code) for code in before} == before
    event = Event.objects.get(slug="icdll-2026")
    assert event.activity.code == "icdll-2026"
    assert event.starts_at.date() <= before["icdll-2026"][2]
