"""Staff pages of an edition: entries, jury, conflicts, assignment, ranking, results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.accounts.models import User
from iite.core.forms import errors_to_form

from . import judging, results, selectors, services
from .forms import JudgeInviteForm, ResultForm
from .forms_manage import CompetitionForm, EditionCreateForm, EditionForm
from .models import Assignment, Edition, Entry, Judge, Round, Stage
from .permissions import can_manage


def _edition(request: HttpRequest, pk: int) -> Edition:
    if not can_manage(request.user):
        raise PermissionDenied
    edition = selectors.staff_edition(pk)
    if edition is None:
        raise Http404
    return edition


def _back(edition: Edition) -> HttpResponse:
    return redirect(reverse("competitions:manage", args=[edition.pk]))


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    editions = Edition.objects.select_related("competition").order_by("-year", "competition__slug")
    return render(request, "competitions/manage/list.html", {"editions": editions})


@login_required
def manage_edition(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    rounds = list(edition.rounds.all())
    chosen = request.GET.get("round")
    current = next((r for r in rounds if str(r.pk) == chosen), None) or selectors.current_round(
        edition
    )
    prizes = list(edition.prizes.all())
    return render(
        request,
        "competitions/manage/edition.html",
        {
            "edition": edition,
            "entries": selectors.staff_entries(edition),
            "judges": selectors.staff_judges(edition),
            "rounds": rounds,
            "round": current,
            "assignments": selectors.round_assignments(current) if current else [],
            "ranking": selectors.round_ranking(current) if current else [],
            "stages": Stage.choices,
            "invite_form": JudgeInviteForm(),
            "result_form": ResultForm(prizes=prizes),
            "prizes": prizes,
        },
    )


def _act(
    request: HttpRequest, edition: Edition, action: Callable[[], Any], done: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _back(edition)


@login_required
@require_POST
def manage_stage(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    stage = request.POST.get("stage", "")
    return _act(
        request,
        edition,
        lambda: services.edition_stage_set(edition=edition, stage=stage),
        _("Stage changed."),
    )


@login_required
@require_POST
def manage_judge_invite(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    form = JudgeInviteForm(request.POST)
    user = (
        User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if form.is_valid()
        else None
    )
    if user is None:
        messages.error(request, _("No active account has this e-mail address."))
        return _back(edition)
    _judge, conflicts = judging.judge_invite(edition=edition, user=user)
    messages.success(
        request,
        _("Judge invited; conflicts of interest found with %(n)s entries.") % {"n": conflicts},
    )
    return _back(edition)


def _round(edition: Edition, request: HttpRequest) -> Round:
    found = edition.rounds.filter(pk=request.POST.get("round") or 0).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def manage_assign(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    judging_round = _round(edition, request)
    plan = judging.assignment_run(judging_round=judging_round)
    messages.success(request, _("%(n)s assignments added.") % {"n": len(plan.pairs)})
    if plan.short:
        messages.error(
            request,
            _("%(n)s entries have fewer judges than asked: invite more judges.")
            % {"n": len(plan.short)},
        )
    return _back(edition)


@login_required
@require_POST
def manage_assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    judging_round = _round(edition, request)
    judge = Judge.objects.filter(edition=edition, pk=request.POST.get("judge") or 0).first()
    entry = Entry.objects.filter(edition=edition, number=request.POST.get("entry") or 0).first()
    if judge is None or entry is None:
        messages.error(request, _("Choose a judge and an entry number of this edition."))
        return _back(edition)
    return _act(
        request,
        edition,
        lambda: judging.assignment_add(judging_round=judging_round, judge=judge, entry=entry),
        _("Assignment added."),
    )


@login_required
@require_POST
def manage_assignment_remove(request: HttpRequest, pk: int, assignment_id: int) -> HttpResponse:
    edition = _edition(request, pk)
    assignment = Assignment.objects.filter(pk=assignment_id, round__edition=edition).first()
    if assignment is None:
        raise Http404
    return _act(
        request,
        edition,
        lambda: judging.assignment_remove(assignment=assignment),
        _("Assignment removed."),
    )


@login_required
@require_POST
def manage_promote(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    judging_round = _round(edition, request)
    return _act(
        request,
        edition,
        lambda: results.round_promote(judging_round=judging_round),
        _("The top entries moved to the next round."),
    )


@login_required
@require_POST
def manage_result(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    edition = _edition(request, pk)
    entry = Entry.objects.filter(edition=edition, number=number).first()
    if entry is None:
        raise Http404
    form = ResultForm(request.POST, prizes=list(edition.prizes.all()))
    if not form.is_valid():
        messages.error(request, _("Choose a result from the list."))
        return _back(edition)
    return _act(
        request,
        edition,
        lambda: results.entry_result_set(
            entry=entry, result=form.cleaned_data["result"], prize=form.prize_chosen()
        ),
        _("Result recorded."),
    )


@login_required
@require_POST
def manage_ineligible(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    edition = _edition(request, pk)
    entry = Entry.objects.filter(edition=edition, number=number).first()
    if entry is None:
        raise Http404
    reason = request.POST.get("reason", "")[:1000]
    return _act(
        request,
        edition,
        lambda: services.entry_mark_ineligible(entry=entry, reason=reason),
        _("The entrant was told why the entry is not eligible."),
    )


@login_required
@require_POST
def manage_publish(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    return _act(
        request,
        edition,
        lambda: results.results_publish(edition=edition),
        _("Results published; credentials issued to winners and finalists."),
    )


@login_required
def manage_competition_new(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    form = CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.competition_create(
                slug=data["slug"],
                name=data["name"],
                summary=data["summary"],
                kind=data["kind"],
                original_language=data["original_language"],
                partners=data["partners"],
                website=data["website"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Competition created. Now open its first edition."))
            return redirect(reverse("competitions:manage_new"))
    return render(
        request, "competitions/manage/edition_form.html", {"form": form, "competition_form": True}
    )


@login_required
def manage_edition_new(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    form = EditionCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.edition_create(
                competition=form.cleaned_data["competition"],
                year=form.cleaned_data["year"],
                created_by=request.user,  # type: ignore[arg-type]
                unit=form.cleaned_data["unit"],
                **form.values(),
            )
            services.edition_parts_add(edition=edition, **form.parts())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Edition created."))
            return _back(edition)
    return render(request, "competitions/manage/edition_form.html", {"form": form, "edition": None})


@login_required
def manage_edition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    form = EditionForm(request.POST or None, instance=Edition.objects.get(pk=edition.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.edition_update(edition=edition, values=form.values())
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Edition saved."))
            return _back(edition)
    return render(
        request, "competitions/manage/edition_form.html", {"form": form, "edition": edition}
    )
