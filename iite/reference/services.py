"""Writes to the reference tables: loading the curated Member States file.

The file (data/member_states.json) is the only source of truth for countries and the
strategy's priority regions; the loader makes the database match it. It validates every
row before writing anything, writes in one transaction, and touches only rows that
differ, so a second run changes nothing and leaves no audit noise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .models import Country, ElectoralGroup, MembershipStatus, PriorityRegion, UnescoRegion

MEMBER_STATES_FILE = Path(__file__).resolve().parent / "data" / "member_states.json"

_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_M49 = re.compile(r"^[0-9]{3}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TIERS = {choice.value for choice in PriorityRegion.Tier}
_STRING_COLUMNS = ("m49_region", "m49_subregion", "m49_intermediate_region")
_FLAG_COLUMNS = ("sids", "ldc", "lldc")


class ReferenceDataError(ValueError):
    """The reference file is malformed; the message names the file, row and column."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class LoadResult:
    version: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    regions_created: int = 0
    regions_updated: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.regions_created or self.regions_updated)

    def __str__(self) -> str:
        return (
            f"Member States file {self.version}: {len(self.created)} created, "
            f"{len(self.updated)} updated, {self.unchanged} unchanged; priority regions: "
            f"{self.regions_created} created, {self.regions_updated} updated"
        )


def _check_names(value: Any, where: str, problems: list[str]) -> None:
    if not isinstance(value, dict):
        problems.append(f"{where}: expected an object of language code to name")
        return
    for code in settings.LANGUAGE_CODES:
        text = value.get(code)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: missing the name in '{code}'")
    unknown = sorted(set(value) - set(settings.LANGUAGE_CODES))
    if unknown:
        problems.append(f"{where}: unknown language code(s) {', '.join(unknown)}")


def reference_file_validate(data: Any, *, source: str = "member_states.json") -> None:
    """Raise ReferenceDataError listing every problem, each by row and column."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ReferenceDataError([f"{source}: expected a JSON object at the top level"])
    for key in ("version", "date"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(f"{source}: missing '{key}'")
    regions = data.get("priority_regions")
    countries = data.get("countries")
    if not isinstance(regions, list):
        problems.append(f"{source}: 'priority_regions' must be a list")
        regions = []
    if not isinstance(countries, list) or not countries:
        problems.append(f"{source}: 'countries' must be a non-empty list")
        countries = []

    region_codes: set[str] = set()
    for index, region in enumerate(regions, start=1):
        where = f"{source}: priority_regions row {index}"
        if not isinstance(region, dict):
            problems.append(f"{where}: expected an object")
            continue
        code = region.get("code")
        if not isinstance(code, str) or not _SLUG.match(code):
            problems.append(f"{where}, column 'code': {code!r} is not a slug")
        elif code in region_codes:
            problems.append(f"{where}, column 'code': {code!r} appears twice")
        else:
            region_codes.add(code)
        if region.get("tier") not in _TIERS:
            problems.append(
                f"{where}, column 'tier': {region.get('tier')!r} is not one of {sorted(_TIERS)}"
            )
        if not isinstance(region.get("order"), int) or region.get("order", -1) < 0:
            problems.append(f"{where}, column 'order': expected a whole number")
        _check_names(region.get("name"), f"{where}, column 'name'", problems)

    statuses = {choice.value for choice in MembershipStatus}
    unesco_regions = {choice.value for choice in UnescoRegion}
    groups = {choice.value for choice in ElectoralGroup}
    seen_iso2: set[str] = set()
    seen_iso3: set[str] = set()
    for index, row in enumerate(countries, start=1):
        if not isinstance(row, dict):
            problems.append(f"{source}: countries row {index}: expected an object")
            continue
        iso2 = row.get("iso2")
        where = f"{source}: countries row {index} ({iso2 if isinstance(iso2, str) else '?'})"

        def bad(column: str, message: str, where: str = where) -> None:
            problems.append(f"{where}, column '{column}': {message}")

        for column, pattern, seen, shape in (
            ("iso2", _ISO2, seen_iso2, "two capital letters"),
            ("iso3", _ISO3, seen_iso3, "three capital letters"),
        ):
            code = row.get(column)
            if not isinstance(code, str) or not pattern.match(code):
                bad(column, f"{code!r} is not {shape}")
            elif code in seen:
                bad(column, f"{code} appears twice")
            else:
                seen.add(code)
        if not isinstance(row.get("m49"), str) or not _M49.match(row["m49"]):
            bad("m49", f"{row.get('m49')!r} is not a three-digit code")
        _check_names(row.get("name"), f"{where}, column 'name'", problems)
        aliases = row.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            bad("aliases", "expected a list of names")
        status = row.get("status")
        if status not in statuses:
            bad("status", f"{status!r} is not one of {sorted(statuses)}")
        if row.get("unesco_region") not in unesco_regions:
            bad(
                "unesco_region",
                f"{row.get('unesco_region')!r} is not one of {sorted(unesco_regions)}",
            )
        group = row.get("electoral_group")
        if status == MembershipStatus.ASSOCIATE_MEMBER and group != "":
            bad("electoral_group", "Associate Members belong to no electoral group; leave it blank")
        elif status == MembershipStatus.MEMBER_STATE and group not in groups:
            bad("electoral_group", f"{group!r} is not one of {sorted(groups)}")
        for column in _STRING_COLUMNS:
            if not isinstance(row.get(column), str):
                bad(column, "expected text (may be empty)")
        for column in _FLAG_COLUMNS:
            if not isinstance(row.get(column), bool):
                bad(column, f"expected true or false, not {row.get(column)!r}")
        memberships = row.get("priority_regions")
        if not isinstance(memberships, list):
            bad("priority_regions", "expected a list of priority region codes")
        else:
            unknown = sorted(set(map(str, memberships)) - region_codes)
            if unknown:
                bad("priority_regions", f"unknown code(s) {', '.join(unknown)}")
    if problems:
        raise ReferenceDataError(problems)


def reference_file_read(path: Path = MEMBER_STATES_FILE) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferenceDataError([f"{path.name}: cannot be read ({exc})"]) from exc
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(
            [f"{path.name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]
        ) from exc
    reference_file_validate(data, source=path.name)
    return data


def _country_values(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "iso3": row["iso3"],
        "m49_code": row["m49"],
        "name": {code: row["name"][code] for code in settings.LANGUAGE_CODES},
        "aliases": list(row.get("aliases", [])),
        "status": row["status"],
        "unesco_region": row["unesco_region"],
        "electoral_group": row["electoral_group"],
        "m49_region": row["m49_region"],
        "m49_subregion": row["m49_subregion"],
        "m49_intermediate_region": row["m49_intermediate_region"],
        "is_sids": row["sids"],
        "is_ldc": row["ldc"],
        "is_lldc": row["lldc"],
    }


def _differs(instance: Any, values: dict[str, Any]) -> bool:
    return any(
        (dict(getattr(instance, name)) if name == "name" else getattr(instance, name)) != value
        for name, value in values.items()
    )


@transaction.atomic
def reference_data_load(*, path: Path = MEMBER_STATES_FILE) -> LoadResult:
    """Make countries and priority regions match the file; idempotent, all or nothing.

    Countries are matched by ISO alpha-2 (update_or_create semantics); rows that already
    match are not written. Countries absent from the file are left in place: users and
    records point at them, and a withdrawal is recorded by changing the row's status.
    """
    data = reference_file_read(path)
    result = LoadResult(version=data["version"])

    regions = {region.code: region for region in PriorityRegion.objects.all()}
    for row in data["priority_regions"]:
        values = {"name": dict(row["name"]), "tier": row["tier"], "order": row["order"]}
        region = regions.get(row["code"])
        if region is None:
            regions[row["code"]] = PriorityRegion.objects.create(code=row["code"], **values)
            result.regions_created += 1
        elif _differs(region, values):
            for name, value in values.items():
                setattr(region, name, value)
            region.save()
            result.regions_updated += 1

    existing = {
        country.iso2: country for country in Country.objects.prefetch_related("priority_regions")
    }
    for row in data["countries"]:
        values = _country_values(row)
        wanted = {regions[code].pk for code in row["priority_regions"]}
        country = existing.get(row["iso2"])
        if country is None:
            country, _created = Country.objects.update_or_create(iso2=row["iso2"], defaults=values)
            country.priority_regions.set(wanted)
            result.created.append(row["iso2"])
            continue
        current = {region.pk for region in country.priority_regions.all()}
        if _differs(country, values):
            Country.objects.update_or_create(iso2=row["iso2"], defaults=values)
            result.updated.append(row["iso2"])
        elif current != wanted:
            result.updated.append(row["iso2"])
        else:
            result.unchanged += 1
        if current != wanted:
            country.priority_regions.set(wanted)
    return result


def reference_loader() -> str:
    """The set-up step registered with the platform (`manage.py setup_platform`)."""
    return str(reference_data_load())
