"""The judge's pages. In a blind edition nothing here names an entrant or their institution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import judging, selectors
from .forms import ConflictForm, ReviewForm
from .models import ConflictSource, Judge


def _judge(request: HttpRequest, edition_id: int) -> Judge:
    judge = selectors.judge_for(request.user, edition_id)  # type: ignore[arg-type]
    if judge is None:
        raise Http404
    return judge


@login_required
def judge_home(request: HttpRequest, edition_id: int) -> HttpResponse:
    judge = _judge(request, edition_id)
    views = selectors.judge_assignments(judge)
    return render(
        request,
        "competitions/judging/list.html",
        {"judge": judge, "edition": judge.edition, "views": views},
    )


@login_required
def review(request: HttpRequest, edition_id: int, pk: int) -> HttpResponse:
    judge = _judge(request, edition_id)
    view = selectors.judge_assignment(judge, pk)
    if view is None:
        raise Http404
    criteria = list(judge.edition.criteria.all())
    assignment = view.assignment
    initial: dict[str, object] = {
        "confidence": assignment.confidence,
        "comment": assignment.comment,
    }
    for score in assignment.scores.all():
        initial[f"criterion_{score.criterion_id}"] = score.value
        initial[f"note_{score.criterion_id}"] = score.comment
    form = ReviewForm(initial=initial, criteria=criteria)
    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                judging.review_submit(
                    assignment=assignment,
                    scores=form.scores(),
                    confidence=form.cleaned_data["confidence"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Your scores for %(label)s were saved.") % {"label": view.label}
                )
                return redirect(reverse("competitions:judge_home", args=[edition_id]))
    return render(
        request,
        "competitions/judging/review.html",
        {
            "judge": judge,
            "edition": judge.edition,
            "view": view,
            "form": form,
            "conflict_form": ConflictForm(),
        },
    )


@login_required
@require_POST
def declare_conflict(request: HttpRequest, edition_id: int, pk: int) -> HttpResponse:
    judge = _judge(request, edition_id)
    view = selectors.judge_assignment(judge, pk)
    if view is None:
        raise Http404
    form = ConflictForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    judging.conflict_declare(
        judge=judge, entry=view.assignment.entry, source=ConflictSource.JUDGE, note=note
    )
    messages.success(
        request, _("Conflict recorded: %(label)s goes to another judge.") % {"label": view.label}
    )
    return redirect(reverse("competitions:judge_home", args=[edition_id]))
