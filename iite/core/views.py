from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .audit import can_view_history, history_for
from .registry import home_sections, registry


def private_download(
    stored: Any, *, filename: str, content_type: str | None = None
) -> FileResponse:
    """A stored file for a person the caller has let see it: always downloaded (never shown
    by the browser as a page of the platform, nor sniffed into another type), never kept by
    a shared cache; a file missing from storage is a 404."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


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


@login_required
def audit_history(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """Who changed a record, what and when: for those who may see the record's fields."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model = content_type.model_class()
    if model is None or not can_view_history(request.user, model):
        raise PermissionDenied
    try:
        instance = model._default_manager.get(pk=object_id)
    except (ObjectDoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
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
