"""Security headers every response carries: Content-Security-Policy and Permissions-Policy.

The policies are fixed strings from settings, not per-response nonces: pages are cached
as HTML (iite.core.caching) and shared between visitors, so a nonce in them would be
stale. A fixed policy is enough because the pages hold no inline script, no inline style
element and no style attribute (iite/core/tests/test_security_headers.py keeps it so);
scripts and styles come from the platform's own static files. That is also why this is
a few lines here rather than django-csp, whose strength is the nonces.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": settings.CONTENT_SECURITY_POLICY,
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for header, value in self.headers.items():
            if value and header not in response:
                response[header] = value
        return response
