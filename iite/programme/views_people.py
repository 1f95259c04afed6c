"""Staff pages for person records: people the institute counts without an account.

Someone without an account asks what the institute holds about them, or to be erased: an
administrator finds their record by exact address or name, downloads it, or erases it.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Person
from .personal_data import person_record_export


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def people(request: HttpRequest) -> HttpResponse:
    _require(request, "programme.view_person")
    query = request.GET.get("q", "").strip()[:254]
    found = list(selectors.person_find(query)) if query else []
    return render(request, "programme/manage/people.html", {"query": query, "people": found})


@login_required
def person_download(request: HttpRequest, key: str) -> HttpResponse:
    _require(request, "programme.view_person")
    person = get_object_or_404(Person, person_key=key)
    response = HttpResponse(
        json.dumps(person_record_export(person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="person-record.json"'
    return response


@login_required
@require_POST
def person_delete(request: HttpRequest, key: str) -> HttpResponse:
    _require(request, "programme.delete_person")
    person = get_object_or_404(Person, person_key=key)
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm the erasure."))
    else:
        services.person_erase(person=person)
        messages.success(
            request,
            _("The person record is erased; what it counted stays, without a name."),
        )
    return redirect("programme:people")
