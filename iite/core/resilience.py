"""What the platform does when a service it depends on fails: slower, never broken.

Redis down: `FallbackRedisCache` answers from the database cache instead (the table
`createcachetable` makes), so pages keep their caches, login rate limits and TOTP codes
already used keep being counted, and `cached_db` sessions keep signing people in. A
connection error costs one short timeout; this process then leaves Redis alone for
`RETRY_AFTER` seconds before trying it again. Writes made to the database while Redis was
away were missed by Redis (a bumped cache version, a deleted session), so the first
process to reach Redis again after writing elsewhere empties both caches: nothing stale
is served from either.

PostgreSQL down or restarting: `DatabaseUnavailableMiddleware` turns a database
connection error, wherever the request met it (or an error raised because of one), and
any error answer (400, 500) given while the database does not answer, into a 503 page in
the visitor's language with `Retry-After` (a JSON 503 for the API). nginx serves its
cached copy or tries the other app server; the connection is opened afresh on the next request
(CONN_HEALTH_CHECKS), so the site answers again as soon as the database does.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.signals import got_request_exception
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("iite.resilience")

# --- Redis ------------------------------------------------------------------------------

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)

# Per process, by Redis location: when to try Redis again, and whether writes went to
# the database cache meanwhile (Redis missed them).
_retry_at: dict[str, float] = {}
_missed_writes: set[str] = set()


class FallbackRedisCache(RedisCache):
    """Django's Redis cache, falling back to another cache while Redis cannot be reached.

    OPTIONS: FALLBACK (the alias of the database cache, "database"), RETRY_AFTER (seconds
    this process leaves Redis alone after an error, 5); the rest go to redis-py, with
    short socket timeouts by default so a dead Redis costs milliseconds, not seconds.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        options = dict(params.get("OPTIONS") or {})
        self.fallback_alias: str = options.pop("FALLBACK", "database")
        self.retry_after = float(options.pop("RETRY_AFTER", 5))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        self._options = options
        self.location = server if isinstance(server, str) else ",".join(server)

    def _either(self, name: str, *args: Any, write: bool, **kwargs: Any) -> Any:
        if time.monotonic() >= _retry_at.get(self.location, 0.0):
            try:
                if self.location in _missed_writes:
                    self._empty_after_outage()
                result = getattr(super(), name)(*args, **kwargs)
            except REDIS_DOWN as error:
                if self.location not in _retry_at:
                    logger.warning(
                        "Redis unreachable (%s); the database cache answers meanwhile", error
                    )
                _retry_at[self.location] = time.monotonic() + self.retry_after
            else:
                if _retry_at.pop(self.location, None) is not None:
                    logger.warning("Redis reachable again")
                return result
        if write:
            _missed_writes.add(self.location)
        return getattr(caches[self.fallback_alias], name)(*args, **kwargs)

    def _empty_after_outage(self) -> None:
        """Redis is back after this process wrote to the database cache: empty both."""
        # In the background on the Redis server: a large cache is let go of at once.
        self._cache.get_client(None, write=True).flushdb(asynchronous=True)
        caches[self.fallback_alias].clear()
        _missed_writes.discard(self.location)
        logger.warning("Both caches emptied of the writes Redis missed")

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return bool(self._either("add", key, value, timeout, version=version, write=True))

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._either("get", key, default, version=version, write=False)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._either("set", key, value, timeout, version=version, write=True)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return bool(self._either("touch", key, timeout, version=version, write=True))

    def delete(self, key: Any, version: Any = None) -> bool:
        return bool(self._either("delete", key, version=version, write=True))

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return dict(self._either("get_many", keys, version=version, write=False))

    def has_key(self, key: Any, version: Any = None) -> bool:
        return bool(self._either("has_key", key, version=version, write=False))

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        return int(self._either("incr", key, delta, version=version, write=True))

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return list(self._either("set_many", data, timeout, version=version, write=True))

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._either("delete_many", keys, version=version, write=True)

    def clear(self) -> None:
        self._either("clear", write=True)


# --- The database -------------------------------------------------------------------------

# What psycopg and sqlite3 raise, through Django, when the database cannot be reached or
# dropped the connection (a restart, a failover, a locked file for too long).
DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 a visitor gets while the database is away: their language, no database."""
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": _("The service is briefly unavailable. Please try again shortly.")},
            status=503,
        )
    else:
        language = translation.get_language_from_path(request.path_info)
        language = language or translation.get_language_from_request(request)
        with translation.override(language):
            page = render_to_string(
                "core/503.html",
                {
                    "language_code": translation.get_language(),
                    "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
                    "retry_after": RETRY_AFTER_SECONDS,
                },
            )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _database_down_in(error: BaseException | None) -> bool:
    """Whether a database connection error is this error or one of those that led to it
    (an error raised while handling it, or `raise ... from` it)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_DOWN):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _database_answers() -> bool:
    """Whether the database answers this thread now. Asked of an error response (400 or
    500) no connection error was seen in: a connection that met no error since it opened
    answered, and is not asked again; otherwise one `SELECT 1`, or one attempt to connect."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.connection is not None and not connection.errors_occurred:
        return True
    try:
        if connection.connection is not None:
            return bool(connection.is_usable())
        connection.ensure_connection()
    except DatabaseError:
        return False
    return True


def _note_database_down(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Receiver of `got_request_exception`: mark the request whose error was the database's.

    Django turns an exception raised inside any middleware into a 500 response before an
    outer middleware sees it; the mark lets `DatabaseUnavailableMiddleware` replace it.
    """
    if request is not None and _database_down_in(sys.exc_info()[1]):
        request._database_unavailable = True  # type: ignore[attr-defined]


class DatabaseUnavailableMiddleware:
    """A database connection error becomes a 503 with Retry-After, never a 500 trace.

    Placed near the top of MIDDLEWARE, so it also sees errors met by the middleware below
    it (the session, the signed-in user); nothing it renders touches the database.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        got_request_exception.connect(_note_database_down, dispatch_uid="iite.core.resilience")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_DOWN as error:  # an error page that itself needed the database
            return self._unavailable(request, error)
        if response.status_code == 500 and getattr(request, "_database_unavailable", False):
            return self._unavailable(request, None)
        if response.status_code in (400, 500) and not _database_answers():
            # An error met while the database was away: code that caught the database's
            # error and answered with another (a value it could not read), or a session
            # that could not be saved (Django answers "session interrupted", a 400).
            return self._unavailable(request, None)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _database_down_in(exception):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request: HttpRequest, error: Exception | None) -> HttpResponse:
        logger.warning("Database unavailable for %s %s: %s", request.method, request.path, error)
        if hasattr(request, "user"):
            # The signed-in person is read lazily from the database; the request log
            # above would ask again.
            request.user = AnonymousUser()
        return database_unavailable(request)
