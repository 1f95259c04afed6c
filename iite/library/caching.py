"""The library's cached reads: the home section, facet counts and the vector matrix.

They go stale together when a publication changes (`records_changed` with the kind
"publication", sent once a write commits).
"""

from __future__ import annotations

from collections.abc import Iterable

from iite.core.caching import cache_bump

LIBRARY_NAMESPACE = "library"
LIBRARY_KINDS = frozenset({"publication"})


def library_cache_clear(*, kinds: Iterable[str] = LIBRARY_KINDS, **_signal: object) -> None:
    """Receiver of `records_changed`: every cached library entry goes stale."""
    if LIBRARY_KINDS.intersection(kinds):
        cache_bump(LIBRARY_NAMESPACE)
