"""Public pages of competitions and the applicant's pages: apply, team, submit, withdraw."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.accounts.models import User
from iite.core.views import private_download
from iite.events.selectors import visitor_zone

from . import judging, selectors, services
from .eligibility import edition_rules
from .forms import EntryForm, InviteForm
from .models import ConflictSource, Edition, Entry, EntryStatus, Stage
from .permissions import can_edit_entry


def _me(request: HttpRequest) -> User:
    return cast(User, request.user)


def _zone_context(request: HttpRequest) -> dict[str, Any]:
    return {"zone": visitor_zone(request)}


def competition_list(request: HttpRequest) -> HttpResponse:
    editions = list(selectors.editions_public())
    return render(
        request, "competitions/list.html", {"editions": editions, **_zone_context(request)}
    )


def _edition_or_404(slug: str, year: int) -> Edition:
    edition = selectors.edition_public(slug, year)
    if edition is None:
        raise Http404
    return edition


def edition_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    own = None
    if request.user.is_authenticated:
        own = edition.entries.filter(owner=_me(request)).first()
    return render(
        request,
        "competitions/edition.html",
        {
            "edition": edition,
            "own_entry": own,
            "call_open": services.call_is_open(edition),
            "rules": edition_rules(edition),
            **_zone_context(request),
        },
    )


def winners(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    if edition.stage != Stage.RESULTS:
        raise Http404
    return render(
        request,
        "competitions/winners.html",
        {"edition": edition, "winners": selectors.winners(edition)},
    )


def _save_entry(request: HttpRequest, edition: Edition, entry: Entry | None) -> HttpResponse | None:
    form = EntryForm(request.POST, edition=edition)
    if not form.is_valid():
        request.entry_form = form  # type: ignore[attr-defined]
        return None
    try:
        entry = services.entry_save_draft(
            edition=edition,
            owner=_me(request),
            entry=entry,
            **form.values(),
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        request.entry_form = form  # type: ignore[attr-defined]
        return None
    if "submit" in request.POST:
        problems = services.entry_submit(entry=entry)
        if problems:
            for problem in problems:
                messages.error(request, problem)
            return redirect(entry.get_absolute_url())
        messages.success(
            request,
            _("Your entry %(label)s was submitted. A confirmation is on its way by e-mail.")
            % {"label": entry.label},
        )
    else:
        messages.success(request, _("Draft saved. Submit it before the deadline."))
    return redirect(entry.get_absolute_url())


@login_required
def apply(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    edition = _edition_or_404(slug, year)
    existing = edition.entries.filter(owner=_me(request)).first()
    if existing is not None:
        return redirect(existing.get_absolute_url())
    if not services.call_is_open(edition):
        messages.error(request, _("The call for entries is closed."))
        return redirect(edition.get_absolute_url())
    form = EntryForm(edition=edition)
    if request.method == "POST":
        response = _save_entry(request, edition, None)
        if response is not None:
            return response
        form = request.entry_form  # type: ignore[attr-defined]
    return render(
        request,
        "competitions/apply.html",
        {"edition": edition, "form": form, "entry": None, **_zone_context(request)},
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(_me(request), pk)
    if entry is None:
        raise Http404
    edition = entry.edition
    editable = (
        can_edit_entry(request.user, entry)
        and entry.status in (EntryStatus.DRAFT, EntryStatus.SUBMITTED)
        and services.call_is_open(edition)
    )
    form = EntryForm(initial=EntryForm.initial_of(entry), edition=edition)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("This entry can no longer be changed."))
            return redirect(entry.get_absolute_url())
        response = _save_entry(request, edition, entry)
        if response is not None:
            return response
        form = request.entry_form  # type: ignore[attr-defined]
    return render(
        request,
        "competitions/entry.html",
        {
            "edition": edition,
            "entry": entry,
            "form": form,
            "editable": editable,
            "is_owner": can_edit_entry(request.user, entry),
            "invite_form": InviteForm(),
            "invitation": selectors.invitation_for(entry, _me(request)),
            "judges": list(edition.judges.select_related("user")) if editable else [],
            **_zone_context(request),
        },
    )


def _own_entry(request: HttpRequest, pk: int) -> Entry:
    entry = selectors.entry_for(_me(request), pk)
    if entry is None or not can_edit_entry(request.user, entry):
        raise Http404
    return entry


@login_required
@require_POST
def entry_invite(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.team_member_invite(
                entry=entry, email=form.cleaned_data["email"], role=form.cleaned_data["role"]
            )
            messages.success(request, _("Invitation sent."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    else:
        for text in form.errors.get("email", []) + form.errors.get("role", []):
            messages.error(request, str(text))
    return redirect(entry.get_absolute_url())


@login_required
@require_POST
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    try:
        services.entry_withdraw(entry=entry)
        messages.success(request, _("Your entry was withdrawn."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(entry.get_absolute_url())


@login_required
@require_POST
def entry_join(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for(_me(request), pk)
    invitation = selectors.invitation_for(entry, _me(request)) if entry else None
    if entry is None or invitation is None:
        raise Http404
    services.team_member_join(member=invitation, user=_me(request))
    messages.success(request, _("You joined the team."))
    return redirect(entry.get_absolute_url())


@login_required
def my_competitions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "competitions/my.html",
        {
            "entries": selectors.entries_of(_me(request)),
            "judging": selectors.judging_of(_me(request)),
            **_zone_context(request),
        },
    )


@login_required
@require_POST
def entry_file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect(entry.get_absolute_url())
    try:
        services.entry_file_add(entry=entry, upload=upload)
        messages.success(request, _("File added."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(entry.get_absolute_url())


@login_required
@require_POST
def entry_file_remove(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    entry = _own_entry(request, pk)
    entry_file = entry.files.filter(pk=file_id).first()
    if entry_file is None:
        raise Http404
    try:
        services.entry_file_remove(entry_file=entry_file)
        messages.success(request, _("File removed."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(entry.get_absolute_url())


@login_required
def entry_file_download(request: HttpRequest, file_id: int) -> FileResponse:
    """The file, to its team, its judges and staff; a blind judge gets a neutral name."""
    entry_file = selectors.entry_file_for(_me(request), file_id)
    if entry_file is None:
        raise Http404
    suffix = Path(entry_file.file.name or "").suffix
    owner_side = selectors.entry_for(_me(request), entry_file.entry_id) is not None
    blind = entry_file.entry.edition.blind and not owner_side
    name = f"{entry_file.entry.label}{suffix}" if blind else entry_file.name
    return private_download(entry_file.file, filename=name)


@login_required
@require_POST
def entry_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """The entrant names a judge they have a conflict of interest with."""
    entry = _own_entry(request, pk)
    judge = entry.edition.judges.filter(pk=request.POST.get("judge") or 0).first()
    if judge is None:
        messages.error(request, _("Choose a judge from the list."))
        return redirect(entry.get_absolute_url())
    judging.conflict_declare(
        judge=judge,
        entry=entry,
        source=ConflictSource.ENTRANT,
        note=request.POST.get("note", "")[:300],
    )
    messages.success(request, _("Conflict recorded: this judge will not score your entry."))
    return redirect(entry.get_absolute_url())
