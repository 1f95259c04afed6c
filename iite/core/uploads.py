"""Every request body is bounded before Django reads it.

DATA_UPLOAD_MAX_MEMORY_SIZE bounds a form's fields but not its files: Django streams a
file of any size to a temporary file before a view can look at it (a 50 MB Zoom CSV was
taken whole). This middleware refuses a body whose declared length is over
UPLOAD_MAX_BYTES (the largest file a form accepts, a course video, plus room for the
form) with a 413 and a message, before the body is read. Each form then checks its own
limit on the file's size before parsing it (tables: `iite.core.tabular.MAX_BYTES`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


def declared_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


class UploadLimitMiddleware:
    """A 413 for a request body declared larger than settings.UPLOAD_MAX_BYTES."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(settings.UPLOAD_MAX_BYTES)
        if declared_length(request) > limit:
            message = _("The upload is larger than %(size)s MB; send a smaller file.") % {
                "size": limit // (1024 * 1024)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
