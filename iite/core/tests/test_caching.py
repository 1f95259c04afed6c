"""The versioned cache: get-or-set per namespace and parts, bumped as one, safe on eviction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from iite.core.caching import cache_bump, cache_get_or_set, cache_key, cache_version


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def counting(value: Any) -> tuple[list[int], Callable[[], Any]]:
    """A builder returning `value`, and the list that records each time it ran."""
    calls: list[int] = []

    def build() -> Any:
        calls.append(1)
        return value

    return calls, build


def test_a_value_is_built_once_per_namespace_and_parts():
    """The builder runs on the first read only; other parts or namespaces have their own entry."""
    calls, build = counting({"figure": 3})
    assert cache_get_or_set("tests:a", "en", 2026, build=build, timeout=60) == {"figure": 3}
    assert cache_get_or_set("tests:a", "en", 2026, build=build, timeout=60) == {"figure": 3}
    assert len(calls) == 1
    cache_get_or_set("tests:a", "fr", 2026, build=build, timeout=60)
    cache_get_or_set("tests:b", "en", 2026, build=build, timeout=60)
    assert len(calls) == 3


def test_empty_values_are_cached_too():
    """None, 0 and "" are values like any other: the builder does not run again for them."""
    for value in (None, 0, ""):
        calls, build = counting(value)
        assert cache_get_or_set("tests:empty", repr(value), build=build, timeout=60) == value
        assert cache_get_or_set("tests:empty", repr(value), build=build, timeout=60) == value
        assert len(calls) == 1


def test_a_bump_makes_every_entry_of_the_namespace_stale_and_no_other():
    """After a bump every entry of the namespace is built again; another namespace keeps its own."""
    calls, build = counting("page")
    other_calls, other = counting("other")
    for part in ("en", "fr"):
        cache_get_or_set("tests:a", part, build=build, timeout=60)
    cache_get_or_set("tests:b", "en", build=other, timeout=60)
    before = cache_version("tests:a")
    cache_bump("tests:a")
    assert cache_version("tests:a") == before + 1
    for part in ("en", "fr"):
        cache_get_or_set("tests:a", part, build=build, timeout=60)
    cache_get_or_set("tests:b", "en", build=other, timeout=60)
    assert (len(calls), len(other_calls)) == (4, 1)


def test_an_evicted_version_never_brings_back_an_entry_built_before():
    """When the version key is lost (evicted, or the cache restarted without its entries'
    timeouts), the next version is past every earlier one, so no stale entry is served."""
    calls, build = counting("old")
    cache_get_or_set("tests:a", "en", build=build, timeout=60)
    for _ in range(3):
        cache_bump("tests:a")
    cache_get_or_set("tests:a", "en", build=build, timeout=60)
    bumped = cache_version("tests:a")
    cache.delete("tests:a:version")
    assert cache_version("tests:a") > bumped
    cache_get_or_set("tests:a", "en", build=build, timeout=60)
    assert len(calls) == 3


def test_a_bump_of_a_missing_version_starts_a_new_one():
    """Bumping a namespace nobody has read yet (or whose version was evicted) is safe."""
    calls, build = counting("page")
    cache_get_or_set("tests:a", "en", build=build, timeout=60)
    first = cache_version("tests:a")
    cache.delete("tests:a:version")
    cache_bump("tests:new")
    cache_bump("tests:a")
    assert cache_version("tests:a") > first
    assert cache_version("tests:new") > 0
    cache_get_or_set("tests:a", "en", build=build, timeout=60)
    assert len(calls) == 2


def test_keys_are_short_and_valid_for_every_backend_whatever_the_parts():
    """Free text (a search with spaces, accents, a long query) makes a key of the namespace,
    its version and a digest, with no space or control character."""
    key = cache_key("events:catalogue", "results", "ar", "Médiа literacy\n" * 40, 2)
    namespace, version, digest = key.rsplit(":", 2)
    assert namespace == "events:catalogue" and int(version) == cache_version("events:catalogue")
    assert len(digest) == 32 and digest.isalnum()
    assert key != cache_key("events:catalogue", "results", "ar", "Médiа literacy\n" * 40, 3)
    assert cache_key("tests:a", "a:b", "c") != cache_key("tests:a", "a", "b:c")
