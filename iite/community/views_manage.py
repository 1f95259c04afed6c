"""Staff pages under /community/manage/: spaces, their people, and the watched words."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.core.forms import errors_to_form

from . import administration, services
from .forms import MemberForm, SpaceForm, WatchedWordForm
from .models import Space, WatchedWord
from .permissions import can_manage_spaces, can_manage_words

MEMBERS_SHOWN = 200


def _allowed(check: Callable[[Any], bool]) -> Callable[..., Callable[..., HttpResponse]]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _space_values(form: SpaceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["moderators"] = data.pop("moderator_emails")
    return data


@_allowed(can_manage_spaces)
def space_list(request: HttpRequest) -> HttpResponse:
    spaces = Space.objects.select_related("platform", "course", "series").order_by(
        "archived_at", "slug"
    )
    return render(
        request,
        "community/manage/spaces.html",
        {"spaces": list(spaces[:500]), "can_manage_words": can_manage_words(request.user)},
    )


@_allowed(can_manage_spaces)
def space_new(request: HttpRequest) -> HttpResponse:
    form = SpaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            space = services.space_create(**_space_values(form))
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(request, _("The space was created."))
            return redirect("community:manage_space", slug=space.slug)
    return render(
        request,
        "community/manage/space_form.html",
        {"form": form, "title": _("New space")},
        status=400 if form.errors else 200,
    )


@_allowed(can_manage_spaces)
def space_edit(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    form = SpaceForm(request.POST or None, instance=space)
    if request.method == "POST" and form.is_valid():
        try:
            administration.space_update(space=space, **_space_values(form))
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(request, _("The space was saved."))
            return redirect("community:manage_space", slug=space.slug)
    if form.errors:
        # The bound form changed the instance in memory; show the page as stored.
        space.refresh_from_db()
    return _space_page(request, space, form=form)


def _space_page(
    request: HttpRequest,
    space: Space,
    *,
    form: SpaceForm | None = None,
    member_form: MemberForm | None = None,
) -> HttpResponse:
    members = space.members.order_by("email")
    invalid = bool((form and form.errors) or (member_form and member_form.errors))
    return render(
        request,
        "community/manage/space_form.html",
        {
            "form": form or SpaceForm(instance=space),
            "space": space,
            "title": _("Edit the space “%(title)s”") % {"title": space.title},
            "members": list(members[:MEMBERS_SHOWN]),
            "member_count": members.count(),
            "member_form": member_form or MemberForm(),
        },
        status=400 if invalid else 200,
    )


@_allowed(can_manage_spaces)
@require_POST
def space_archive(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    archived = request.POST.get("archived") == "1"
    administration.space_archive(space=space, archived=archived)
    messages.success(
        request,
        _("The space is archived: it is read-only and no longer listed.")
        if archived
        else _("The space is open again."),
    )
    return redirect("community:manage_space", slug=space.slug)


@_allowed(can_manage_spaces)
@require_POST
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            administration.space_member_add(space=space, email=form.cleaned_data["email"])
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(request, _("The member was added."))
            return redirect("community:manage_space", slug=space.slug)
    return _space_page(request, space, member_form=form)


@_allowed(can_manage_spaces)
@require_POST
def member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    space = get_object_or_404(Space, slug=slug)
    administration.space_member_remove(space=space, user_id=user_id)
    messages.success(request, _("The member was removed from the space."))
    return redirect("community:manage_space", slug=space.slug)


@_allowed(can_manage_words)
def word_list(request: HttpRequest) -> HttpResponse:
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.watched_word_add(**form.cleaned_data)
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(request, _("The word is watched."))
            return redirect("community:manage_words")
    words = WatchedWord.objects.order_by("language", "word")
    return render(
        request,
        "community/manage/words.html",
        {"form": form, "words": list(words[:1000])},
        status=400 if form.errors else 200,
    )


@_allowed(can_manage_words)
def word_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WatchedWord, pk=pk)
    form = WatchedWordForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            administration.watched_word_update(item=item, **form.cleaned_data)
        except ValidationError as problem:
            errors_to_form(form, problem)
        else:
            messages.success(request, _("The watched word was saved."))
            return redirect("community:manage_words")
    return render(
        request,
        "community/manage/word_form.html",
        {"form": form, "item": item},
        status=400 if form.errors else 200,
    )


@_allowed(can_manage_words)
@require_POST
def word_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(WatchedWord, pk=pk)
    administration.watched_word_remove(item=item)
    messages.success(request, _("The word is no longer watched."))
    return redirect("community:manage_words")
