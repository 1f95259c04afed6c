"""Best-practice submissions: the submitter's pages and the moderation queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iite.core.ratelimit import Limit, ratelimit_hit
from iite.core.views import private_download

from . import practices, services
from .forms_practices import ModerationForm, PracticeForm
from .models import PracticeSubmission, PracticeSubmissionStatus
from .practice_files import practice_file_readable
from .views_manage import _form_errors

PAGE_SIZE = 20
# A person shares a few practices a day at most: more is a script filling the queue.
SUBMIT_LIMIT = Limit("library-practice-submit", hits=10, window=24 * 3600)


def _submission(request: HttpRequest, pk: int) -> PracticeSubmission:
    submission = practices.practice_get(pk)
    if submission is None or not practices.can_see(request.user, submission):
        raise Http404
    return submission


# --- The submitter ----------------------------------------------------------------------


@login_required
def practice_submit(request: HttpRequest) -> HttpResponse:
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit_hit(SUBMIT_LIMIT, str(request.user.pk)):
            form.add_error(
                None, _("You have shared many practices today: please come back tomorrow.")
            )
            return render(
                request,
                "library/practices/form.html",
                {"form": form, "title": _("Share a best practice")},
                status=429,
            )
        try:
            submission = services.practice_submission_create(
                submitter=request.user,  # type: ignore[arg-type]
                files=form.practice_uploads(),
                **form.service_values(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you: your practice is submitted. Reviewers will read it.")
            )
            return redirect("library:practice_detail", pk=submission.pk)
    return render(
        request,
        "library/practices/form.html",
        {"form": form, "title": _("Share a best practice")},
    )


@login_required
def practice_mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(practices.practices_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "library/practices/mine.html", {"page": page})


@login_required
def practice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    return render(
        request,
        "library/practices/detail.html",
        {
            "submission": submission,
            "can_change": practices.can_change(request.user, submission),
            "can_moderate": practices.can_moderate(request.user),
        },
    )


@login_required
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    if not practices.can_change(request.user, submission):
        raise PermissionDenied
    form = PracticeForm(request.POST or None, request.FILES or None, submission=submission)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_submission_update(
                submission=submission,
                files=form.practice_uploads(),
                remove_files=form.files_removed(),
                **form.service_values(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Your practice is saved and submitted again."))
            return redirect("library:practice_detail", pk=submission.pk)
    return render(
        request,
        "library/practices/form.html",
        {"form": form, "title": _("Change your practice"), "submission": submission},
    )


def practice_file(request: HttpRequest, pk: int) -> FileResponse:
    """A practice's file, to its submitter and the moderators, and to everyone once the
    practice is published; always downloaded, never shown by the browser as a page."""
    found = practices.practice_file_get(pk)
    if found is None or not practice_file_readable(request.user, found):
        raise Http404
    return private_download(found.file, filename=found.name, content_type=found.content_type)


# --- Moderation -------------------------------------------------------------------------


def _moderator(request: HttpRequest) -> None:
    if not practices.can_moderate(request.user):
        raise PermissionDenied


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for a decision (oldest first), or those of one status."""
    _moderator(request)
    filters = practices.QueueFilters.from_params(request.GET)
    page = Paginator(practices.practice_queue(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = QueryDict(mutable=True)
    query.update(filters.as_params())
    return render(
        request,
        "library/practices/queue.html",
        {
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "statuses": PracticeSubmissionStatus.choices,
            "countries": practices.queue_countries(),
        },
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A submission as the reviewer reads it, with the decision form."""
    _moderator(request)
    submission = _submission(request, pk)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not submission.is_open or submission.status == (
            PracticeSubmissionStatus.CHANGES_REQUESTED
        ):
            form.add_error(None, _("This submission is not waiting for a decision."))
        else:
            try:
                _decide(request, submission, form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return redirect("library:practice_review", pk=submission.pk)
    return render(
        request,
        "library/practices/review.html",
        {"submission": submission, "form": form, "waiting": submission.status in practices.WAITING},
    )


def _decide(request: HttpRequest, submission: PracticeSubmission, data: dict[str, Any]) -> None:
    reviewer: Any = request.user
    action, notes = data["action"], data["notes"]
    if action == "review":
        services.practice_review_start(submission=submission, reviewer=reviewer)
        messages.success(request, _("You are reviewing this submission."))
    elif action == "changes":
        services.practice_changes_request(submission=submission, reviewer=reviewer, notes=notes)
        messages.success(request, _("The author is asked for changes."))
    elif action == "decline":
        services.practice_decline(submission=submission, reviewer=reviewer, notes=notes)
        messages.success(request, _("The submission is declined; the author is told why."))
    else:
        services.practice_accept(
            submission=submission, reviewer=reviewer, notes=notes, themes=data["themes"]
        )
        messages.success(request, _("The practice is accepted and published in the library."))
