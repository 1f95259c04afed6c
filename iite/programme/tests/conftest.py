import pytest

from iite.reference.tests.factories import CountryFactory, PriorityRegionFactory
from iite.strategy.loader import strategy_load_reference
from iite.strategy.models import ProgrammeUnit, StrategyPeriod

from .factories import ADMIN_PERMS, BOARD_PERMS, OFFICER_PERMS, staff


@pytest.fixture
def framework(db):
    strategy_load_reference()
    return StrategyPeriod.objects.get(code="2026-2029")


@pytest.fixture
def countries(db):
    known = {
        "KZ": ("KAZ", "Kazakhstan", "asia_pacific"),
        "KE": ("KEN", "Kenya", "africa"),
        "EG": ("EGY", "Egypt", "arab_states"),
        "FR": ("FRA", "France", "europe_north_america"),
    }
    return {
        iso2: CountryFactory(
            iso2=iso2, iso3=iso3, name={"en": name, "fr": f"Pays {iso2}"}, unesco_region=region
        )
        for iso2, (iso3, name, region) in known.items()
    }


@pytest.fixture
def regions(db):
    return {code: PriorityRegionFactory(code=code) for code in ("africa", "arab-states")}


@pytest.fixture
def units(framework):
    return {u.code: u for u in ProgrammeUnit.objects.filter(period=framework)}


@pytest.fixture
def officer(units):
    return staff("officer@iite.example.org", *OFFICER_PERMS, units=[units["TPDN"]])


@pytest.fixture
def admin_user(framework):
    return staff("admin@iite.example.org", *ADMIN_PERMS)


@pytest.fixture
def board(framework):
    return staff("board@iite.example.org", *BOARD_PERMS)
