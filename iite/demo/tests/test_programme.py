import pytest

from iite.accounts.models import User
from iite.core.registry import registry
from iite.demo import programme
from iite.demo.datafiles import read
from iite.monitoring.loaders import load_demo as load_monitoring_demo
from iite.programme.models import Activity, AggregateParticipation, Participation
from iite.programme.tests.factories import CountryFactory

pytestmark = pytest.mark.django_db

DEMO_DOMAIN = read("programme")["people"]["email_domain"]
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
    return programme.load()


def _state():
    return (
        sorted(Activity.objects.values_list("code", "kind", "status", "start_date")),
        Participation.objects.count(),
        sorted(
            AggregateParticipation.objects.values_list("activity__code", "total", "female", "male")
        ),
        User.objects.filter(email__endswith=DEMO_DOMAIN).count(),
    )


def test_demo_loader_is_registered_before_the_workplan_that_links_its_activities():
    """`make run` loads the programme demo data, before the monitoring demo links its codes."""
    names = [name for name, _loader in registry.demo_loaders]
    assert ("programme", programme.load) in registry.demo_loaders
    assert names.index("programme") < names.index(
        next(name for name, loader in registry.demo_loaders if loader is load_monitoring_demo)
    )


def test_demo_has_the_named_activities_with_participation(loaded):
    """The strategy's flagship codes exist; completed events have people and venue counts."""
    assert loaded == "21 activities, 623 participation records"
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


def test_participation_copies_the_people_and_follows_the_kind_of_activity(loaded):
    """Conference people attended (source attendance); a competition's entrants completed it."""
    gsec = Activity.objects.get(code="gsec-2026")
    record = gsec.participations.select_related("person").first()
    assert record.attended and not record.completed and record.source == "attendance"
    assert record.country_id == record.person.country_id and record.sex == record.person.sex
    entries = Activity.objects.get(code="huawei-ict-mea-ca-2026").participations
    assert entries.filter(completed=True, source="competition").count() == entries.count() > 0
    planned = Activity.objects.get(code="ces-2026")
    assert planned.status == "planned" and not planned.aggregate_participations.exists()


def test_demo_is_idempotent_and_deterministic(loaded):
    """A second run changes nothing."""
    before = _state()
    assert programme.load() == "0 activities, 0 participation records"
    assert _state() == before


def test_venue_counts_add_up(loaded):
    """Every demo aggregate record splits its total exactly by sex."""
    assert AggregateParticipation.objects.exists()
    for record in AggregateParticipation.objects.all():
        assert record.female + record.male + record.another + record.not_stated == record.total
        assert record.country_count >= record.countries.count()


def test_without_the_strategy_nothing_is_loaded(db):
    """The demo activities belong to the 2026–2029 strategy; without it the loader skips."""
    assert programme.load() == "skipped: the 2026-2029 strategy is not loaded"
    assert not Activity.objects.exists()
