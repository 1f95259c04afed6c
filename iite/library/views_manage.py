"""Staff pages under /library/manage/: publications, their files and their states."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions as perms
from . import selectors, services
from .forms import FileForm, PublicationForm, StatusForm
from .models import Publication, PublicationStatus

# The largest file the upload form reads (the service checks it again).
UPLOAD_MAX_BYTES = services.FILE_MAX_BYTES


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in and allowed to manage the library; otherwise the 403 page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not perms.can_manage(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _publication(slug: str) -> Publication:
    publication = selectors.publication_staff(slug)
    if publication is None:
        raise Http404
    return publication


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field.startswith("contributors-"):
                target = "contributors"
            form.add_error(target, errors)
    else:
        form.add_error(None, exc)


def _status_choices(user: Any, publication: Publication) -> list[tuple[str, str]]:
    return [
        (status, str(PublicationStatus(status).label))
        for status in sorted(services.TRANSITIONS.get(publication.status, set()))
        if perms.can_set_status(user, publication, status)
    ]


@staff_view
def publication_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in PublicationStatus.values:
        status = ""
    return render(
        request,
        "library/manage/list.html",
        {
            "publications": selectors.staff_list(status)[:200],
            "status": status,
            "statuses": PublicationStatus.choices,
            "can_add": request.user.has_perm("library.add_publication"),
        },
    )


@staff_view
def publication_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("library.add_publication"):
        raise PermissionDenied
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            publication = services.publication_create(created_by=request.user, **values)  # type: ignore[arg-type]
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The publication is created as a draft."))
            return redirect("library:manage_edit", slug=publication.slug)
    return render(
        request, "library/manage/form.html", {"form": form, "title": _("New publication")}
    )


@staff_view
def publication_edit(request: HttpRequest, slug: str) -> HttpResponse:
    publication = _publication(slug)
    can_edit = perms.can_edit(request.user, publication)
    form = PublicationForm(request.POST or None, publication=publication)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.publication_update(publication=publication, **form.service_values())
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The publication is saved."))
                return redirect("library:manage_edit", slug=publication.slug)
    return render(
        request,
        "library/manage/form.html",
        {
            "form": form,
            "title": _("Edit publication"),
            "publication": publication,
            "can_edit": can_edit,
            "files": list(publication.files.all()),
            "file_form": FileForm(),
            "status_form": StatusForm(choices=_status_choices(request.user, publication)),
        },
    )


@staff_view
def file_upload(request: HttpRequest, slug: str) -> HttpResponse:
    publication = _publication(slug)
    if not perms.can_edit(request.user, publication):
        raise PermissionDenied
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > UPLOAD_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(size)s MB.")
                % {"size": UPLOAD_MAX_BYTES // (1024 * 1024)},
            )
        else:
            try:
                services.publication_file_save(
                    publication=publication,
                    language=form.cleaned_data["language"],
                    name=upload.name,
                    content=upload.read(),
                    isbn=form.cleaned_data["isbn"],
                    page_count=form.cleaned_data["page_count"],
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("The file is saved and its text indexed."))
                return redirect("library:manage_edit", slug=publication.slug)
    return render(
        request,
        "library/manage/file_form.html",
        {"form": form, "publication": publication, "title": _("Add a language version")},
    )


@staff_view
@require_POST
def file_delete(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    publication = _publication(slug)
    if not perms.can_edit(request.user, publication):
        raise PermissionDenied
    file = publication.files.filter(language=language).first()
    if file is None:
        raise Http404
    services.publication_file_delete(file=file)
    messages.success(request, _("The language version is removed."))
    return redirect("library:manage_edit", slug=publication.slug)


@staff_view
@require_POST
def status_set(request: HttpRequest, slug: str) -> HttpResponse:
    publication = _publication(slug)
    form = StatusForm(request.POST, choices=_status_choices(request.user, publication))
    if not form.is_valid():
        messages.error(request, _("This change of state is not allowed."))
        return redirect("library:manage_edit", slug=publication.slug)
    try:
        services.publication_status_set(publication=publication, status=form.cleaned_data["status"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The state of the publication is changed."))
    return redirect("library:manage_edit", slug=publication.slug)
