"""Versioned caches: every entry of a namespace goes stale at once when its version moves.

A namespace ("monitoring:indicators", "events:catalogue", …) has one version number, kept
in Django's shared cache so that every worker sees a bump. Keys are built from the
namespace, its current version and the parts that tell its entries apart; bumping the
version leaves the old entries unreachable (they expire on their own timeouts). Nothing
is ever deleted, so a value built from the records as they were before a change, and
stored after the bump, is stored under the old version and never served.

The namespaces built from the programme's records are bumped by receivers of
`iite.core.records.records_changed`, which is sent once a write commits.

When the version key is missing (a fresh cache) or was evicted, a new version is started
from the clock in nanoseconds. Bumps add one each, so the new number is past every version
handed out before: an entry built under an earlier version is never served again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

_MISSING = object()


def _version_key(namespace: str) -> str:
    return f"{namespace}:version"


def _version_start(namespace: str) -> int:
    """Start the namespace's version, or read the one another worker started first."""
    key = _version_key(namespace)
    started = time.time_ns()
    if cache.add(key, started, None):
        return started
    return int(cache.get(key, started))


def cache_version(namespace: str) -> int:
    """The namespace's current version number (started afresh when it is missing)."""
    version = cache.get(_version_key(namespace))
    if version is None:
        return _version_start(namespace)
    return int(version)


def cache_key(namespace: str, *parts: object) -> str:
    """The key of one entry of the namespace, at the namespace's current version.

    The parts are hashed: free text (a search query) can be one of them, and keys stay
    short and valid for every cache backend.
    """
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{namespace}:{cache_version(namespace)}:{digest}"


def cache_get_or_set(namespace: str, *parts: object, build: Callable[[], T], timeout: int) -> T:
    """The cached value for these parts; `build()` makes and stores it when there is none."""
    key = cache_key(namespace, *parts)
    found = cache.get(key, _MISSING)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = build()
    cache.set(key, value, timeout)
    return value


def cache_bump(namespace: str) -> None:
    """Make every entry of the namespace stale, for every worker sharing the cache."""
    try:
        cache.incr(_version_key(namespace))
    except ValueError:  # missing or evicted: any fresh start is past the old versions
        _version_start(namespace)
