import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_an_events_activity_status_follows_its_dates(settings, tmp_path):
    """A held webinar's activity is completed (so indicators count it); a future one planned."""
    from datetime import timedelta

    from django.utils import timezone

    from iite.events.services import event_activity_statuses_refresh, event_create
    from iite.strategy.models import ProgrammeUnit

    settings.CREDENTIAL_KEY_DIR = tmp_path / "keys"
    call_command("setup_platform", no_demo=True, verbosity=0)
    now = timezone.now()
    unit = ProgrammeUnit.objects.filter(period__is_current=True).first()
    held = event_create(
        title={"en": "Held webinar"},
        kind="webinar",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=1),
        status="published",
        unit=unit,
    )
    coming = event_create(
        title={"en": "Coming webinar"},
        kind="webinar",
        starts_at=now + timedelta(minutes=1),
        ends_at=now + timedelta(hours=2),
        status="published",
        unit=unit,
    )
    assert held.activity.status == "completed"
    assert coming.activity.status == "planned"
    # Once the second webinar has begun, the daily refresh moves it on.
    type(coming).objects.filter(pk=coming.pk).update(starts_at=now - timedelta(minutes=5))
    assert event_activity_statuses_refresh() == 1
    coming.activity.refresh_from_db()
    assert coming.activity.status == "ongoing"
