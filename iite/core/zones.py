"""Time zones: the full IANA list (Africa/Casablanca included), validated, grouped for a select."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Canonical areas of the IANA database; aliases such as "US/Eastern" or "Etc/GMT+5" are
# accepted when typed but not offered, so the list stays the one people recognise.
AREAS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones()) | {"UTC"}


def valid_zone(name: str | None) -> str | None:
    """The zone's name if it is a real IANA zone, else None (never raises)."""
    if not name or len(name) > 64 or name not in known_zones():
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def zone_label(name: str) -> str:
    return name.replace("_", " ")


@cache
def zone_groups() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """(area, ((zone, label), ...)) for every canonical zone, UTC first, sorted by name."""
    groups: dict[str, list[tuple[str, str]]] = {"UTC": [("UTC", "UTC")]}
    for name in sorted(known_zones()):
        area = name.split("/", 1)[0]
        if area in AREAS and "/" in name:
            groups.setdefault(area, []).append((name, zone_label(name)))
    return tuple((area, tuple(zones)) for area, zones in groups.items())


def zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a Django ChoiceField (rendered with <optgroup>)."""
    return [(area, list(zones)) for area, zones in zone_groups()]
