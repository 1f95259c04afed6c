from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from iite.reference.models import Country, PriorityRegion
from iite.reference.services import (
    MEMBER_STATES_FILE,
    ReferenceDataError,
    reference_data_load,
    reference_file_validate,
)

pytestmark = pytest.mark.django_db


def shipped() -> dict[str, Any]:
    return json.loads(MEMBER_STATES_FILE.read_text(encoding="utf-8"))


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "member_states.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_creates_every_country_and_priority_region() -> None:
    """A first load creates the 205 countries and territories and the five priority regions."""
    result = reference_data_load()
    assert len(result.created) == 205
    assert result.updated == []
    assert result.regions_created == 5
    assert Country.objects.count() == 205
    assert list(PriorityRegion.objects.values_list("code", flat=True)) == [
        "africa",
        "eastern-europe-central-asia",
        "arab-states",
        "southeast-asia",
        "sids",
    ]


def test_second_load_changes_nothing(django_assert_max_num_queries: Any) -> None:
    """Loading the same file again writes nothing: every row is reported unchanged."""
    reference_data_load()
    before = list(Country.objects.order_by("iso2").values())
    links_before = sorted(
        Country.priority_regions.through.objects.values_list("country_id", "priorityregion_id")
    )
    # Reads only: the regions, the countries and their priority regions (plus savepoints).
    with django_assert_max_num_queries(6):
        result = reference_data_load()
    assert not result.changed
    assert result.unchanged == 205
    assert list(Country.objects.order_by("iso2").values()) == before
    assert (
        sorted(
            Country.priority_regions.through.objects.values_list("country_id", "priorityregion_id")
        )
        == links_before
    )
    assert str(result).startswith(
        "Member States file 2026.11.1: 0 created, 0 updated, 205 unchanged"
    )


def test_load_repairs_a_changed_row_and_membership() -> None:
    """A row edited in the database is put back to the file's values, membership included."""
    reference_data_load()
    egypt = Country.objects.get(iso2="EG")
    egypt.electoral_group = "Va"
    egypt.save()
    egypt.priority_regions.clear()
    result = reference_data_load()
    assert result.updated == ["EG"]
    egypt.refresh_from_db()
    assert egypt.electoral_group == "Vb"
    assert list(egypt.priority_regions.values_list("code", flat=True)) == ["arab-states"]


def test_load_keeps_countries_missing_from_the_file() -> None:
    """A country no longer in the file stays: users and records may point at it."""
    Country.objects.create(
        iso2="XK",
        iso3="XKX",
        name={"en": "Kosovo"},
        status="member",
        unesco_region="europe_north_america",
    )
    reference_data_load()
    assert Country.objects.filter(iso2="XK").exists()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda d: d["countries"][0].update(iso2="eg"),
            "countries row 1 (eg), column 'iso2': 'eg' is not two capital letters",
        ),
        (
            lambda d: d["countries"][1].update(iso3=d["countries"][0]["iso3"]),
            "countries row 2 (AE), column 'iso3': AND appears twice",
        ),
        (
            lambda d: d["countries"][0]["name"].pop("ar"),
            "countries row 1 (AD), column 'name': missing the name in 'ar'",
        ),
        (
            lambda d: d["countries"][0].update(status="observer"),
            "countries row 1 (AD), column 'status': 'observer' is not one of ['associate', 'member']",
        ),
        (
            lambda d: d["countries"][0].update(unesco_region="europe"),
            "countries row 1 (AD), column 'unesco_region': 'europe' is not one of",
        ),
        (
            lambda d: d["countries"][0].update(electoral_group="VI"),
            "countries row 1 (AD), column 'electoral_group': 'VI' is not one of",
        ),
        (
            lambda d: d["countries"][0].update(sids="no"),
            "countries row 1 (AD), column 'sids': expected true or false, not 'no'",
        ),
        (
            lambda d: d["countries"][0].update(m49="20"),
            "countries row 1 (AD), column 'm49': '20' is not a three-digit code",
        ),
        (
            lambda d: d["countries"][0].update(priority_regions=["atlantis"]),
            "countries row 1 (AD), column 'priority_regions': unknown code(s) atlantis",
        ),
        (
            lambda d: d["priority_regions"][0].update(tier="top"),
            "priority_regions row 1, column 'tier': 'top' is not one of",
        ),
        (lambda d: d.pop("version"), "member_states.json: missing 'version'"),
    ],
)
def test_malformed_file_names_row_and_column_and_writes_nothing(
    tmp_path: Path, mutate: Any, message: str
) -> None:
    """A malformed file is refused with the row and column at fault; the database is untouched."""
    data = shipped()
    mutate(data)
    with pytest.raises(ReferenceDataError) as error:
        reference_data_load(path=write(tmp_path, data))
    assert message in str(error.value)
    assert Country.objects.count() == 0
    assert PriorityRegion.objects.count() == 0


def test_associate_member_with_an_electoral_group_is_refused() -> None:
    """Associate Members have no electoral group: a file giving one fails validation."""
    data = shipped()
    aruba = next(
        index for index, row in enumerate(data["countries"], start=1) if row["iso2"] == "AW"
    )
    data["countries"][aruba - 1]["electoral_group"] = "III"
    with pytest.raises(ReferenceDataError) as error:
        reference_file_validate(data)
    assert str(error.value) == (
        f"member_states.json: countries row {aruba} (AW), column 'electoral_group': "
        "Associate Members belong to no electoral group; leave it blank"
    )


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    """A file that is not JSON is refused with the position of the syntax error."""
    path = tmp_path / "member_states.json"
    path.write_text('{"version": "1",\n "countries": [}', encoding="utf-8")
    with pytest.raises(
        ReferenceDataError, match=r"member_states.json: not valid JSON at line 2, column 16"
    ):
        reference_data_load(path=path)


def test_an_error_late_in_the_file_leaves_no_partial_write(tmp_path: Path) -> None:
    """Every row is validated before the first write, so a bad last row writes nothing."""
    data = shipped()
    bad = copy.deepcopy(data)
    bad["countries"][-1]["ldc"] = None
    with pytest.raises(ReferenceDataError, match=r"countries row 205 \(ZW\), column 'ldc'"):
        reference_data_load(path=write(tmp_path, bad))
    assert Country.objects.count() == 0


def test_loader_is_registered_for_setup_platform() -> None:
    """`manage.py setup_platform` runs the Member States loader."""
    from iite.core.registry import registry

    names = dict(registry.reference_loaders)
    assert "Member States and priority regions" in names
    assert names["Member States and priority regions"]().startswith("Member States file")
