"""News pages: the public list and item, and the staff pages that write and publish them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import news
from .forms_news import NewsForm
from .models import NewsItem
from .permissions import can_manage_news, can_publish_news
from .views_manage import _form_errors, staff_view

PAGE_SIZE = 20
PAGES_MAX = 500
STAFF_LIST_MAX = 200


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    """Published news, newest first, twenty a page."""
    paginator = Paginator(news.news_published(), PAGE_SIZE)
    text = request.GET.get("page", "1")
    number = int(text) if text.isdigit() and 0 < int(text) <= PAGES_MAX else 1
    page = paginator.get_page(number)
    return render(request, "library/news/list.html", {"page": page})


@require_GET
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = news.news_public(slug)
    if item is None:
        staff_item = NewsItem.objects.filter(slug=slug).first()
        if staff_item is None or not can_manage_news(request.user):
            raise Http404
        item = staff_item
    return render(
        request,
        "library/news/detail.html",
        {
            "item": item,
            "publications": news.news_publications(item),
            "activities": news.news_activities(item),
            "preview": not item.is_public,
        },
    )


@require_GET
def news_image(request: HttpRequest, slug: str, name: str) -> FileResponse:
    """A news item's image, under the address its page gives (its stored name is part of
    it); a draft's only to staff. Shared caches may keep a published item's image."""
    item = news.news_public(slug)
    if item is None and can_manage_news(request.user):
        item = NewsItem.objects.filter(slug=slug).first()
    if item is None or not item.image or Path(item.image.name or "").name != name:
        raise Http404
    try:
        handle = item.image.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=item.image_type or "application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600" if item.is_public else "private, no-store"
    return response


def _news_staff(request: HttpRequest) -> None:
    if not can_manage_news(request.user):
        raise PermissionDenied


@staff_view
def news_manage(request: HttpRequest) -> HttpResponse:
    _news_staff(request)
    items = NewsItem.objects.order_by("-updated_at", "-pk")[:STAFF_LIST_MAX]
    return render(request, "library/news/manage_list.html", {"items": items})


@staff_view
def news_create(request: HttpRequest) -> HttpResponse:
    _news_staff(request)
    form = NewsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = news.news_create(**form.service_values())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The news item is saved as a draft."))
            return redirect("library:news_edit", slug=item.slug)
    return render(request, "library/news/form.html", {"form": form, "title": _("New news item")})


@staff_view
def news_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _news_staff(request)
    item = NewsItem.objects.filter(slug=slug).first()
    if item is None:
        raise Http404
    form = NewsForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = news.news_update(item=item, **form.update_values())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The news item is saved."))
            return redirect("library:news_edit", slug=item.slug)
    context: dict[str, Any] = {
        "form": form,
        "title": _("Edit news item"),
        "item": item,
        "can_publish": can_publish_news(request.user),
    }
    return render(request, "library/news/form.html", context)


@staff_view
@require_POST
def news_state(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish or take back a news item: for those allowed to publish."""
    if not can_publish_news(request.user):
        raise PermissionDenied
    item = NewsItem.objects.filter(slug=slug).first()
    if item is None:
        raise Http404
    action = request.POST.get("action", "")
    if action == "publish":
        try:
            news.news_publish(item=item)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The news item is published."))
    elif action == "unpublish":
        news.news_unpublish(item=item)
        messages.success(request, _("The news item is back to draft."))
    else:
        messages.error(request, _("This change of state is not allowed."))
    return redirect("library:news_edit", slug=item.slug)
