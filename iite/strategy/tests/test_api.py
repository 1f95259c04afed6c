import pytest

from iite.strategy.loader import strategy_load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loaded():
    strategy_load_reference()


def test_periods_are_listed(client):
    """/api/strategy/periods lists both periods, newest first."""
    data = client.get("/api/strategy/periods").json()
    assert [p["code"] for p in data] == ["2026-2029", "2022-2025"]
    assert data[0]["is_current"] is True


def test_framework_has_every_part_with_translations(client):
    """One period's framework returns each part with titles in all languages."""
    data = client.get("/api/strategy/periods/2026-2029").json()
    assert [o["code"] for o in data["outputs"]] == ["7.4", "1.10"]
    assert set(data["objectives"][0]["title"]) == {"en", "fr", "es", "ar", "ru", "zh-hans"}
    assert len(data["objectives"][0]["lines_of_action"]) == 4
    p5 = next(p for p in data["pillars"] if p["code"] == "P5")
    assert "P5-GSEI-PRIZE" in [i["code"] for i in p5["initiatives"]]
    assert p5["roles"] == ["innovative_application_cluster"]
    assert len(data["roles"]) == 4 and len(data["priorities"]) == 4 and len(data["units"]) == 3
    assert data["target_groups"][0]["person_roles"] == [
        "teacher",
        "school_counsellor",
        "teacher_trainer",
    ]


def test_current_framework(client):
    """/api/strategy/current is the 2026–2029 framework."""
    assert client.get("/api/strategy/current").json()["period"]["code"] == "2026-2029"


def test_unknown_period_is_404(client):
    """A period code that does not exist answers 404."""
    assert client.get("/api/strategy/periods/1990-1993").status_code == 404
