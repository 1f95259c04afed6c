from __future__ import annotations

import contextlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from iite.core.caching import cache_bump, cache_version

logger = logging.getLogger("iite.request")


class RequestLogMiddleware:
    """Logs each request as one structured line: no personal data, only ids and timings."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "bytes": len(response.content) if not response.streaming else None,
            },
        )
        response["X-Request-ID"] = request_id
        return response


# The anonymous pages this process has rendered, replayed while nothing they show can have
# changed: see PublicCacheMiddleware.
PAGES_NAMESPACE = "core:public-pages"
_PAGES_KEPT = 256


@dataclass(frozen=True)
class _Page:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    expires: float


class _PageStore:
    """Rendered pages of this process, the least recently used dropped first.

    A page is kept under the version of PAGES_NAMESPACE it was rendered at (read from the
    shared cache, so a bump made by any worker reaches every worker at once), and for no
    longer than the shared proxy may keep it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pages: OrderedDict[tuple[object, ...], _Page] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> _Page | None:
        with self.lock:
            page = self.pages.get(key)
            if page is None:
                return None
            if page.expires < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return page

    def put(self, key: tuple[object, ...], page: _Page) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_pages = _PageStore(_PAGES_KEPT)

# Writes that change nothing an anonymous visitor sees: a session, the audit trail, a
# background task's bookkeeping.
_BOOKKEEPING = frozenset({"sessions", "auditlog", "django_tasks_database", "django_tasks_db"})


def public_pages_invalidate(sender: object = None, **_signal: object) -> None:
    """Receiver of `records_changed` and of every model's saves and deletions (connected in
    CoreConfig.ready): the anonymous pages kept by every worker are rendered again."""
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in _BOOKKEEPING:
        return
    # Once the write commits (a page rendered before that would show the rows as they
    # were), and once per transaction however many rows it writes.
    connection = transaction.get_connection()
    if any(func is _pages_bump for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_pages_bump)


def _pages_bump() -> None:
    # The database cache's table may not exist yet (a write made by `migrate` before it is
    # created): then no page can have been kept, and there is nothing to make stale.
    with contextlib.suppress(DatabaseError):
        cache_bump(PAGES_NAMESPACE)


class PublicCacheMiddleware:
    """Anonymous pages say a shared cache (nginx) may keep them for PUBLIC_CACHE_SECONDS,
    and this process replays them itself until something changes.

    Only a GET or HEAD answered 200, from a visitor who sent no session cookie, whose
    response sets no cookie and says nothing of caching itself: a signed-in person, a form
    that needed a CSRF cookie or a message kept in the session is never shared. A change
    made by staff shows once the shared copy is that many seconds old (at most 60 s by
    default); `stale-while-revalidate` lets the proxy answer at once while it refreshes.
    `Vary: Cookie` keeps one copy per cookie set (a visitor's time zone changes the page).

    The same pages (those under a language prefix, requested without a session,
    authorization or htmx header) are kept in this process, by path, query and the headers
    they vary on, and answered before the session, locale, CSRF and authentication
    middleware and the view run: with the app alone, a page costs a lookup. A kept page is
    served while the version of PAGES_NAMESPACE is the one it was rendered at: any write
    of a model (other than bookkeeping) or of the records bumps it, at once for every
    worker sharing the cache; and never longer than the shared proxy would keep it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PUBLIC_CACHE_SECONDS", 60))
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def _key(self, request: HttpRequest) -> tuple[object, ...] | None:
        if (
            self.seconds <= 0
            or not getattr(settings, "PUBLIC_PAGES_KEPT", True)
            or request.method != "GET"
            or not request.path.startswith(self.prefixes)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or "HTTP_AUTHORIZATION" in request.META
            or "HTTP_HX_REQUEST" in request.META
        ):
            return None
        meta = request.META
        return (
            cache_version(PAGES_NAMESPACE),
            request.path,
            meta.get("QUERY_STRING", ""),
            meta.get("HTTP_COOKIE", ""),
            meta.get("HTTP_ACCEPT_LANGUAGE", ""),
            meta.get("HTTP_ACCEPT", ""),
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is not None:
            page = _pages.get(key)
            if page is not None:
                kept = HttpResponse(page.content)
                for header, value in page.headers:
                    kept[header] = value
                return kept
        response = self.get_response(request)
        if (
            self.seconds > 0
            and request.method in ("GET", "HEAD")
            and response.status_code == 200
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.cookies
            and not response.has_header("Cache-Control")
            and not getattr(getattr(request, "user", None), "is_authenticated", False)
        ):
            response["Cache-Control"] = (
                f"public, max-age=0, s-maxage={self.seconds}, "
                f"stale-while-revalidate={self.seconds // 2}"
            )
            # A page may read a cookie (the visitor's time zone): one copy per cookie set.
            patch_vary_headers(response, ("Cookie",))
            if key is not None and not response.streaming and self._replayable(response):
                _pages.put(
                    key,
                    _Page(
                        content=response.content,
                        headers=tuple(response.headers.items()),
                        expires=time.monotonic() + self.seconds,
                    ),
                )
        return response

    @staticmethod
    def _replayable(response: HttpResponse) -> bool:
        """Whether the response varies on nothing but what the key holds."""
        vary = {part.strip().lower() for part in response.get("Vary", "").split(",")}
        return vary <= {"", "cookie", "accept-language", "accept-encoding", "accept"}
