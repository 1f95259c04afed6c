from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

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


class PublicCacheMiddleware:
    """Anonymous pages say a shared cache (nginx) may keep them for PUBLIC_CACHE_SECONDS.

    Only a GET or HEAD answered 200, from a visitor who sent no session cookie, whose
    response sets no cookie and says nothing of caching itself: a signed-in person, a form
    that needed a CSRF cookie or a message kept in the session is never shared. A change
    made by staff shows once the shared copy is that many seconds old (at most 60 s by
    default); `stale-while-revalidate` lets the proxy answer at once while it refreshes.
    `Vary: Cookie` keeps one copy per cookie set (a visitor's time zone changes the page).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.seconds = int(getattr(settings, "PUBLIC_CACHE_SECONDS", 60))

    def __call__(self, request: HttpRequest) -> HttpResponse:
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
        return response
