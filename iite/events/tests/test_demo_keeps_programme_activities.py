import pytest
from django.core.management import call_command

from iite.events.demo import load_demo_events
from iite.events.models import Event
from iite.programme.demo import load_demo as load_programme_demo
from iite.programme.models import Activity

pytestmark = pytest.mark.django_db


def _as_recorded(code: str) -> tuple:
    activity = Activity.objects.get(code=code)
    return (
        dict(activity.title),
        dict(activity.description),
        activity.start_date,
        activity.end_date,
        activity.modality,
        activity.status,
    )


def test_flagship_event_pages_follow_the_programmes_records(settings, tmp_path):
    """Event pages attached to the programme's conferences keep their title, dates and status."""
    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", no_demo=True, verbosity=0)
    load_programme_demo()
    before = {code: _as_recorded(code) for code in ("gsec-2026", "icdll-2026", "ces-2026")}
    load_demo_events()
    assert {code: _as_recorded(code) for code in before} == before
    event = Event.objects.get(slug="icdll-2026")
    assert event.activity.code == "icdll-2026"
    assert event.starts_at.date() <= before["icdll-2026"][2]
