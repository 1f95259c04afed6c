"""The demo data files under data/ (one TOML file per domain) and the demo people's accounts."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from iite.accounts.models import User
from iite.accounts.services import user_create_many
from iite.reference.models import Country

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def countries_by_iso2() -> dict[str, Country]:
    return {country.iso2: country for country in Country.objects.all()}


def people_ensure(people: list[dict[str, Any]]) -> list[User]:
    """The demo people's accounts, in the order given; created once, with no usable password.

    Each entry gives an email and profile fields; `country` is an ISO alpha-2 code.
    """
    countries = countries_by_iso2()
    entries = [{**person, "country": countries.get(person.get("country", ""))} for person in people]
    accounts = user_create_many(people=entries)
    return [accounts[person["email"].lower()] for person in people]
