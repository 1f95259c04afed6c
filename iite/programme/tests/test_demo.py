import pytest

from iite.accounts.models import User
from iite.core.registry import registry
from iite.programme.demo import DEMO_DOMAIN, load_demo
from iite.programme.models import Activity, AggregateParticipation, Participation
from iite.programme.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

CODES = [
    "gsec-2026",
    "gmooc-2026",
    "icdll-2026",
    "ces-2026",
    "huawei-ict-mea-ca-2026",
    "gcdf-2026",
    "icsa-2026",
    "gsei-prize-2026",
    "bestpaper-2026",
]


@pytest.fixture
def loaded(framework):
    for iso2 in ("KE", "KZ", "EG", "CN", "UZ"):
        CountryFactory(iso2=iso2)
    return load_demo()


def _state():
    return (
        sorted(Activity.objects.values_list("code", "kind", "status", "start_date")),
        Participation.objects.count(),
        sorted(
            AggregateParticipation.objects.values_list("activity__code", "total", "female", "male")
        ),
        User.objects.filter(email__endswith=DEMO_DOMAIN).count(),
    )


def test_demo_loader_is_registered():
    """`make run` loads the programme demo data."""
    assert ("programme", load_demo) in registry.demo_loaders


def test_demo_has_the_named_activities_with_participation(loaded):
    """The strategy's flagship codes exist; completed events have people and venue counts."""
    assert set(CODES) <= set(Activity.objects.values_list("code", flat=True))
    gsec = Activity.objects.get(code="gsec-2026")
    assert gsec.status == "completed" and gsec.initiative.code == "P1-GSEC"
    assert gsec.participations.filter(role="speaker").exists()
    assert gsec.aggregate_participations.get().total == 640
    assert Activity.objects.get(code="gsei-prize-2026").parent == gsec
    assert not Activity.objects.filter(
        kind__in=["webinar", "training", "youth_forum", "platform", "course"]
    ).exists()
    assert Activity.objects.filter(kind="policy_advice").count() >= 3
    demo_users = User.objects.filter(email__endswith=DEMO_DOMAIN)
    assert demo_users.count() == 360
    assert not any(u.has_usable_password() for u in demo_users[:20])
    assert len(set(demo_users.values_list("sex", flat=True))) >= 3


def test_demo_is_idempotent_and_deterministic(loaded):
    """A second run changes nothing."""
    before = _state()
    load_demo()
    assert _state() == before


def test_venue_counts_add_up(loaded):
    """Every demo aggregate record splits its total exactly by sex."""
    for record in AggregateParticipation.objects.all():
        assert record.female + record.male + record.another + record.not_stated == record.total
