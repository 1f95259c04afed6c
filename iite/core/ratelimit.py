"""Rate limits kept in Django's shared cache, so every worker counts the same requests.

A limit is a number of hits per window for one key (an action and an address, or an
action and an account). The count lives in the default cache (the database cache in the
embedded setup, Redis in production), never in a worker's memory, so two workers do not
each allow the whole budget.

The window is fixed (it starts at the first hit and lasts `window` seconds): simple,
one `add` and one `incr` per hit, and good enough to keep anonymous CPU-heavy requests
from holding every worker.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    """`hits` requests per `window` seconds for one action."""

    action: str
    hits: int
    window: int


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as the server saw it.

    REMOTE_ADDR only: a forwarded header is set by the client unless a trusted proxy
    rewrites it, and the proxy setup (gunicorn's forwarded_allow_ips) puts the real
    address in REMOTE_ADDR.
    """
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _cache_key(limit: Limit, key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"ratelimit:{limit.action}:{digest}"


def ratelimit_hit(limit: Limit, key: str) -> bool:
    """Count one hit for `key`; True while the key is within its limit."""
    cache_key = _cache_key(limit, key)
    if cache.add(cache_key, 1, limit.window):
        return limit.hits >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this hit starts a new window
        cache.add(cache_key, 1, limit.window)
        count = 1
    return count <= limit.hits


def ratelimit_reset(limit: Limit, key: str) -> None:
    cache.delete(_cache_key(limit, key))


def request_allowed(request: HttpRequest, limit: Limit) -> bool:
    """Count this request against its address's budget for `limit`."""
    return ratelimit_hit(limit, client_address(request))
