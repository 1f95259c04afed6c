"""The anonymous catalogue, its filter choices and event pages, cached as rendered HTML.

They are the same for every anonymous visitor, so they are kept for a short time in one
namespace of the versioned cache, which moves whenever an event or the activity behind
one changes (the receiver below listens to `records_changed`, sent once a write commits).
"""

from __future__ import annotations

from collections.abc import Iterable

from iite.core.caching import cache_bump

CATALOGUE_NAMESPACE = "events:catalogue"
# What the cached pages show, in the words `records_changed` uses for what changed.
CATALOGUE_KINDS = frozenset({"event", "activity"})


def catalogue_invalidate(*, kinds: Iterable[str] = CATALOGUE_KINDS, **_signal: object) -> None:
    """Make every cached catalogue fragment and event page stale (receiver of `records_changed`)."""
    if CATALOGUE_KINDS.intersection(kinds):
        cache_bump(CATALOGUE_NAMESPACE)
