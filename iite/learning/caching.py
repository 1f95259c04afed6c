"""The anonymous catalogue, cached as rendered HTML per language and query.

The catalogue is the busiest page of the platform. Anonymous visitors all see the same
results for the same filters, so the rendered results are kept for a short time under a
key that includes a version number; any change to a course or platform bumps the
version. With the per-process memory cache another worker may serve the previous
version until the entry expires (CATALOGUE_TTL seconds); with Redis the bump is shared.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

CATALOGUE_TTL = 60
_VERSION_KEY = "learning:catalogue:version"


def catalogue_cache_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, None)
    return int(version)


def catalogue_cache_key(language: str, query: str) -> str:
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"learning:catalogue:{catalogue_cache_version()}:{language}:{digest}"


def catalogue_cache_clear() -> None:
    """Make every cached catalogue page stale (called on any course or platform change)."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)
