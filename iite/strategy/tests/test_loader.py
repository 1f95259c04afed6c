import tomllib

import pytest
from django.conf import settings

from iite.accounts.models import PersonRole
from iite.core.registry import registry
from iite.strategy.loader import DATA_DIR, STRATEGY_FILES, strategy_load_reference
from iite.strategy.models import (
    Initiative,
    LineOfAction,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategicRole,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

pytestmark = pytest.mark.django_db

ALL_MODELS = [
    StrategyPeriod,
    UnescoOutput,
    StrategicObjective,
    LineOfAction,
    StrategicRole,
    ProgrammePillar,
    Initiative,
    Priority,
    TargetGroup,
    ProgrammeUnit,
]


def _snapshot():
    rows = {}
    for model in ALL_MODELS:
        rows[model.__name__] = sorted(
            (tuple(sorted((k, str(v)) for k, v in row.items()))) for row in model.objects.values()
        )
    rows["pillar_links"] = sorted(
        (
            p.code,
            p.period_id,
            tuple(r.code for r in p.roles.all()),
            tuple(o.code for o in p.objectives.all()),
        )
        for p in ProgrammePillar.objects.all()
    )
    return rows


def test_loader_is_registered_as_reference_data():
    """`setup_platform` runs the strategy loader with the reference data."""
    assert ("strategy", strategy_load_reference) in registry.reference_loaders


def test_loads_both_periods_with_the_current_one_marked():
    """2026–2029 is current, 2022–2025 is kept as the previous period."""
    strategy_load_reference()
    current = StrategyPeriod.objects.get(is_current=True)
    assert current.code == "2026-2029"
    assert StrategyPeriod.objects.get(code="2022-2025").is_current is False


def test_2026_2029_framework_matches_the_strategy():
    """Outputs, objectives, pillars, roles, priorities, target groups and units of 2026–2029."""
    strategy_load_reference()
    period = StrategyPeriod.objects.get(code="2026-2029")
    assert list(UnescoOutput.objects.filter(period=period).values_list("code", flat=True)) == [
        "7.4",
        "1.10",
    ]
    assert list(
        StrategicObjective.objects.filter(period=period).values_list("code", flat=True)
    ) == ["SO1", "SO2", "SO3"]
    assert LineOfAction.objects.filter(period=period).count() == 12
    pillars = ProgrammePillar.objects.filter(period=period)
    assert [p.title["en"] for p in pillars] == [
        "Conventions at Global and Regional Levels",
        "Research Reports and Practices Analysis",
        "Online Platforms and Learning Resources",
        "Training and Webinars",
        "Competitions, Awards and Youth Consultations",
    ]
    assert sorted(StrategicRole.objects.filter(period=period).values_list("code", flat=True)) == [
        "advocacy_facilitator",
        "capacity_building_pioneer",
        "innovative_application_cluster",
        "thought_leader",
    ]
    assert [p.title["en"] for p in Priority.objects.filter(period=period)] == [
        "Priority Africa and SIDS",
        "Gender Equality",
        "Inclusion",
        "Youth",
    ]
    assert ProgrammeUnit.objects.filter(period=period).count() == 3
    conferences = Initiative.objects.filter(period=period, kind="conference")
    assert {i.code: i.partner_names for i in conferences} == {
        "P1-GSEC": "Beijing Normal University (BNU)",
        "P1-GMOOC": "Global MOOC and Online Education Alliance (GMA)",
        "P1-ICDLL": "Shanghai Open University (SOU); UNESCO Institute for Lifelong Learning (UIL)",
        "P1-CES": "Global Institute of Creative Thinking (GIoCT); OECD",
    }
    assert Initiative.objects.filter(period=period, kind__in=["competition", "award"]).count() == 5
    p1 = pillars.get(code="P1")
    assert [r.code for r in p1.roles.all()] == ["advocacy_facilitator"]


def test_target_groups_map_every_profile_role_once():
    """Each PersonRole belongs to exactly one 2026–2029 target group."""
    strategy_load_reference()
    roles = [
        role
        for group in TargetGroup.objects.filter(period__code="2026-2029")
        for role in group.person_roles
    ]
    assert sorted(roles) == sorted(PersonRole.values)


def test_2022_2025_framework_keeps_its_outputs_and_action_areas():
    """The previous period: outputs 2.ED9, 7.ED3, 8.ED8; three action areas as pillars."""
    strategy_load_reference()
    period = StrategyPeriod.objects.get(code="2022-2025")
    assert sorted(UnescoOutput.objects.filter(period=period).values_list("code", flat=True)) == [
        "2.ED9",
        "7.ED3",
        "8.ED8",
    ]
    aa1 = ProgrammePillar.objects.get(period=period, code="AA1")
    assert sorted(o.code for o in aa1.outputs.all()) == ["2.ED9", "8.ED8"]
    assert sorted(o.code for o in aa1.objectives.all()) == ["SO1", "SO3"]
    assert Initiative.objects.filter(period=period, kind="activity_area").count() == 7
    so2 = StrategicObjective.objects.get(period=period, code="SO2")
    assert [o.code for o in so2.outputs.all()] == ["7.ED3"]


def test_every_item_has_a_source_reference():
    """Every loaded item names the section of the strategy it comes from."""
    strategy_load_reference()
    for model in ALL_MODELS[1:]:
        assert not model.objects.filter(source_ref="").exists(), model.__name__


def test_data_files_translate_titles_into_the_six_languages():
    """Titles of periods, outputs, objectives, pillars, roles, priorities, groups and units are in six languages.

    Each carries the mark of the platform's translation pending the institute's review.
    """
    languages = set(settings.LANGUAGE_CODES)

    def codes(text: dict[str, object]) -> set[str]:
        return {code for code in text if not code.startswith("_")}

    sections = ("outputs", "objectives", "roles", "pillars", "priorities", "target_groups", "units")
    checked = dict.fromkeys(sections, 0)
    for name in STRATEGY_FILES:
        data = tomllib.loads((DATA_DIR / name).read_text())
        assert codes(data["period"]["title"]) == languages
        assert data["period"]["title"]["_pending"] is True
        for section in sections:
            for item in data.get(section, []):
                assert codes(item["title"]) == languages, (name, section, item["code"])
                assert item["title"]["_pending"] is True, (name, section, item["code"])
                assert item["source_ref"]
                checked[section] += 1
    # A section may be absent from one period's file, never from all of them.
    assert all(checked.values()), checked


def test_data_files_translate_lines_of_action_and_descriptions():
    """Lines of action, initiatives and every description are in the six languages too."""
    languages = set(settings.LANGUAGE_CODES)
    for name in STRATEGY_FILES:
        data = tomllib.loads((DATA_DIR / name).read_text())
        texts = [
            text
            for section in ("outputs", "objectives", "roles", "pillars", "priorities")
            for item in data.get(section, [])
            for text in [item.get("description")]
            + [
                t
                for child in item.get("lines", [])
                for t in (child["title"], child.get("description"))
            ]
            + [
                t
                for child in item.get("initiatives", [])
                for t in (child["title"], child.get("description"))
            ]
            if text
        ]
        assert texts
        for text in texts:
            assert {code for code in text if not code.startswith("_")} == languages, text["en"]


def test_a_second_run_changes_nothing():
    """Loading twice leaves every row and link as the first run made it."""
    first = strategy_load_reference()
    assert first.total > 50
    before = _snapshot()
    second = strategy_load_reference()
    assert second.total == 0
    assert str(second) == "unchanged"
    assert _snapshot() == before


def test_a_reload_keeps_staff_edits():
    """An item staff edited is not reverted by the next `make run`."""
    strategy_load_reference()
    pillar = ProgrammePillar.objects.get(period__code="2026-2029", code="P4")
    pillar.title = {"en": "Training, webinars and workshops"}
    pillar.save()
    pillar.roles.clear()
    strategy_load_reference()
    pillar.refresh_from_db()
    assert pillar.title["en"] == "Training, webinars and workshops"
    assert pillar.roles.count() == 0
