"""The anonymous catalogue, cached as rendered HTML per language and query.

The catalogue is the busiest page of the platform. Anonymous visitors all see the same
results for the same filters, so the rendered results are kept for a short time in one
namespace of the versioned cache (`iite.core.caching`). Any change to a course or
platform moves the namespace on: the services send `records_changed` once the change
commits and the receiver below bumps it.
"""

from __future__ import annotations

from collections.abc import Iterable

from iite.core.caching import cache_bump

CATALOGUE_NAMESPACE = "learning:catalogue"
CATALOGUE_TTL = 60
# What the catalogue shows, in the words `records_changed` uses for what changed.
CATALOGUE_KINDS = frozenset({"course", "platform"})


def catalogue_cache_clear(*, kinds: Iterable[str] = CATALOGUE_KINDS, **_signal: object) -> None:
    """Make every cached catalogue page stale (receiver of `records_changed`)."""
    if CATALOGUE_KINDS.intersection(kinds):
        cache_bump(CATALOGUE_NAMESPACE)
