import pytest

from iite.events.demo import load_demo_events
from iite.events.models import ConsultationResponse, Event
from iite.programme.models import Activity, Participation
from iite.strategy.models import StrategyPeriod

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent_and_attaches_flagships_to_their_activities():
    """A second run creates nothing; gsec-2026 wraps the programme's existing Activity."""
    period = StrategyPeriod.objects.create(
        code="2026-2029", start_year=2026, end_year=2029, is_current=True
    )
    existing = Activity.objects.create(
        code="gsec-2026",
        title={"en": "GSEC"},
        kind="global_conference",
        period=period,
        start_date="2026-08-18",
        end_date="2026-08-20",
    )
    load_demo_events()
    count = Event.objects.count()
    assert Event.objects.get(slug="gsec-2026").activity_id == existing.pk
    assert Event.objects.filter(slug__in=["gmooc-2026", "icdll-2026", "ces-2026"]).count() == 3
    assert Event.objects.filter(series__slug="harnessing-ai-webinars-2026").count() == 8
    assert set(
        Event.objects.filter(series__isnull=False).values_list("original_language", flat=True)
    ) == {"ru", "fr", "en", "ar"}
    assert ConsultationResponse.objects.count() == 5
    assert Participation.objects.filter(attended=True).exists()
    assert load_demo_events() == "0 events created"
    assert Event.objects.count() == count
