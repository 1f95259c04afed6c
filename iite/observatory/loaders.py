"""The assessment protocol's data file (data/protocol-*.toml), loaded with the reference data."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .models import Protocol
from .services import protocol_load

DATA_DIR = Path(__file__).resolve().parent / "data"


def protocol_load_reference() -> list[Protocol]:
    """Every version of the protocol in data/, oldest first; loading twice changes nothing."""
    protocols = []
    for path in sorted(DATA_DIR.glob("protocol-*.toml")):
        with path.open("rb") as file:
            protocols.append(protocol_load(tomllib.load(file)))
    return protocols
