from __future__ import annotations

from typing import Any

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import history_for
from .registry import home_sections, registry


@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def home(request: HttpRequest) -> HttpResponse:
    """The mission, then each domain's section (registered with `register_home_section`)."""
    sections = [(section.template, section.data()) for section in home_sections]
    return render(request, "core/home.html", {"sections": sections})


@staff_member_required
def audit_history(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """Who changed a record, what and when."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
        instance = content_type.get_object_for_this_type(pk=object_id)
    except (ContentType.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    except Exception as exc:
        if exc.__class__.__name__ == "DoesNotExist":
            raise Http404 from exc
        raise
    return render(
        request,
        "core/audit_history.html",
        {"object": instance, "entries": history_for(instance)[:200]},
    )


def _error(request: HttpRequest, status: int, template: str, **context: Any) -> HttpResponse:
    return render(request, template, context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "400.html")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "403.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


__all__ = ["audit_history", "health", "home", "registry"]
