"""Login rate limits and used TOTP codes live in the cache every worker shares.

Reproduction 9: with a cache in each process's memory, two workers allowed 8 wrong
passwords where 5 are configured and took the same TOTP code twice; and the lockout by
address alone locked every person behind a shared address out. These tests run against
the database cache the embedded set-up uses (the tests' own cache is in memory).
"""

from __future__ import annotations

import runpy
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.apps import apps
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.module_loading import import_string

from iite.accounts.apps import cache_table_create

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).resolve().parents[3] / "config" / "settings.py"
DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "iite_cache"}
}
WRONG = "not the password at all"


@pytest.fixture
def database_cache() -> Iterator[None]:
    """The embedded set-up's cache: a table, created as `migrate` creates it."""
    with override_settings(CACHES=DATABASE_CACHE):
        cache_table_create(sender=apps.get_app_config("accounts"), using="default")
        cache.clear()
        yield


def _cache_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM iite_cache")
        return int(cursor.fetchone()[0])


def _login(client, email: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_the_embedded_default_cache_is_the_database(monkeypatch):
    """Without Redis the cache is the database: every worker reads the same counters."""
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    embedded = runpy.run_path(str(SETTINGS))
    assert embedded["CACHES"]["default"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    production = runpy.run_path(str(SETTINGS))
    # Redis, falling back to the same database table while Redis is unreachable.
    assert issubclass(import_string(production["CACHES"]["default"]["BACKEND"]), RedisCache)
    assert production["CACHES"]["database"]["BACKEND"] == (
        "django.core.cache.backends.db.DatabaseCache"
    )
    assert production["CACHES"]["default"]["OPTIONS"]["FALLBACK"] == "database"


def test_the_sixth_wrong_password_is_refused_and_counted_in_the_shared_table(
    client, database_cache
):
    """Five wrong passwords, then 429: the count is in the database, not in one worker."""
    person = UserFactory(email="amina@example.org")
    for _attempt in range(5):
        assert _login(client, person.email, WRONG, "203.0.113.7").status_code == 200
    assert _cache_rows() > 0
    response = _login(client, person.email, PASSWORD, "203.0.113.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_by_one_attacker_spares_colleagues_behind_the_same_address(
    client, database_cache
):
    """Counting per account and address: others at a shared address still sign in."""
    target = UserFactory(email="target@example.org")
    colleague = UserFactory(email="colleague@example.org")
    for _attempt in range(5):
        _login(client, target.email, WRONG, "198.51.100.20")
    assert _login(client, target.email, WRONG, "198.51.100.20").status_code == 429
    response = _login(client, colleague.email, PASSWORD, "198.51.100.20")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_the_locked_account_still_signs_in_from_its_owners_address(client, database_cache):
    """The attacker's failures do not lock the owner out from elsewhere."""
    target = UserFactory(email="target@example.org")
    for _attempt in range(6):
        _login(client, target.email, WRONG, "198.51.100.20")
    response = _login(client, target.email, PASSWORD, "192.0.2.44")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(target.pk)


def test_a_totp_code_is_taken_once_within_its_window(client, database_cache, monkeypatch):
    """The same code signs in once; a second sign-in with it, still in its window, is refused."""
    window = int(time.time()) // 30
    # Both sign-ins fall in the same 30-second window, however long the test takes.
    monkeypatch.setattr(
        "allauth.mfa.totp.internal.auth.yield_hotp_counters_from_time", lambda: iter([window])
    )
    staff = UserFactory(email="officer@iite.example.org", is_staff=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    code = format_hotp_value(hotp_value(secret, window))

    assert _login(client, staff.email, PASSWORD, "192.0.2.1")["Location"] == reverse(
        "mfa_authenticate"
    )
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)

    client.post(reverse("account_logout"))
    client.cookies.clear()
    _login(client, staff.email, PASSWORD, "192.0.2.1")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
