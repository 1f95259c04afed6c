"""Staff pages of the well-being assistant: the answer bank and its review, the helplines
table, and the anonymous usage statistics (with their download).

Every page checks its permission (`permissions.py`); every list is paginated; every write
goes through `services` in one transaction, and a refused form names the field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from iite.core.exports import Sheet, tables_response

from . import reporting, selectors, services
from .charts import counts_chart
from .forms import AnswerFilterForm, AnswerForm, ApproveForm, HelplineForm, country_choices
from .models import LANGUAGES, Answer, AnswerStatus, Category, Helpline, Outcome, Topic
from .permissions import (
    can_edit_answers,
    can_edit_helplines,
    can_record_usage,
    can_review_answer,
    can_review_answers,
    can_view_answers,
    can_view_helplines,
    can_view_statistics,
)

PAGE_SIZE = 50
PERIODS = (30, 90, 365)


def _allow(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _page(request: HttpRequest, items: QuerySet[Any]) -> Page[Any]:
    number = request.GET.get("page", "1")
    return Paginator(items, PAGE_SIZE).get_page(number if number.isdigit() else "1")


def _query(request: HttpRequest) -> str:
    """The list's filters, for the pagination links."""
    return urlencode([(key, str(value)) for key, value in request.GET.items() if key != "page"])


def _refused(form: BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- The answer bank ----------------------------------------------------------------------


@never_cache
@login_required
def answers(request: HttpRequest) -> HttpResponse:
    _allow(can_view_answers(request.user))
    filters = AnswerFilterForm(request.GET or None)
    values = filters.values() if request.GET else {}
    found = selectors.answers(
        selectors.AnswerFilters(
            topic=values.get("topic") or "",
            language=values.get("language") or "",
            status=values.get("status") or "",
            review_due=bool(values.get("review_due")),
        )
    )
    return render(
        request,
        "wellbeing/staff/answers.html",
        {
            "filters": filters,
            "page": _page(request, found),
            "query": _query(request),
            "can_edit": can_edit_answers(request.user, create=True),
        },
    )


@never_cache
@login_required
def answer_new(request: HttpRequest) -> HttpResponse:
    _allow(can_edit_answers(request.user, create=True))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer = form.save(commit=False)
        user: Any = request.user
        answer.author = user.name or user.email
        try:
            answer = services.answer_save(answer=answer, changed_content=False)
        except ValidationError as error:
            _refused(form, error)
        else:
            return redirect("wellbeing:staff_answer", pk=answer.pk)
    return render(
        request,
        "wellbeing/staff/answer.html",
        {"form": form, "answer": None},
        status=400 if form.errors else 200,
    )


def _answer_action(request: HttpRequest, answer: Answer, action: str) -> BaseForm | None:
    """Submit, approve or retire; returns the approval form when it was refused."""
    user = request.user
    if action == "submit":
        _allow(can_edit_answers(user))
        services.answer_submit(answer=answer, by=user)
    elif action == "retire":
        _allow(can_edit_answers(user))
        services.answer_retire(answer=answer, by=user)
    elif action == "approve":
        _allow(can_review_answer(user, answer))
        approval = ApproveForm(request.POST)
        if not approval.is_valid():
            return approval
        try:
            services.answer_approve(
                answer=answer, by=user, review_due=approval.cleaned_data["review_due"]
            )
        except ValidationError as error:
            _refused(approval, error)
            return approval
    else:
        raise Http404
    return None


@never_cache
@login_required
def answer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One answer: edit its text (a new version, back to draft), send it for review,
    approve it (a clinical reviewer who did not write it) or take it out of service."""
    _allow(can_view_answers(request.user))
    answer = get_object_or_404(Answer.objects.select_related("reviewed_by"), pk=pk)
    editable = can_edit_answers(request.user)
    form = AnswerForm(instance=answer)
    approval: BaseForm = ApproveForm()
    action = request.POST.get("action", "save") if request.method == "POST" else ""
    error = ""
    if action == "save":
        _allow(editable)
        form = AnswerForm(request.POST, instance=answer)
        if form.is_valid():
            try:
                services.answer_save(
                    answer=form.save(commit=False), changed_content=form.content_changed()
                )
            except ValidationError as refused:
                _refused(form, refused)
            else:
                return redirect("wellbeing:staff_answer", pk=answer.pk)
    elif action:
        try:
            refused_approval = _answer_action(request, answer, action)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            if refused_approval is None:
                return redirect("wellbeing:staff_answer", pk=answer.pk)
            approval = refused_approval
    invalid = bool(form.errors or approval.errors or error)
    return render(
        request,
        "wellbeing/staff/answer.html",
        {
            "form": form if editable else None,
            "answer": answer,
            "approval": approval,
            "error": error,
            "can_edit": editable,
            "can_approve": can_review_answer(request.user, answer)
            and answer.status != AnswerStatus.WITHDRAWN,
            "AnswerStatus": AnswerStatus,
        },
        status=400 if invalid else 200,
    )


@never_cache
@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    """What the clinical reviewers should read: answers sent for review, and review dates near."""
    _allow(can_view_answers(request.user) or can_review_answers(request.user))
    return render(
        request,
        "wellbeing/staff/reviews.html",
        {
            "page": _page(request, selectors.reviews_due()),
            "query": "",
            "notice_days": selectors.REVIEW_NOTICE_DAYS,
        },
    )


# --- Helplines ----------------------------------------------------------------------------


@never_cache
@login_required
def helplines(request: HttpRequest) -> HttpResponse:
    _allow(can_view_helplines(request.user))
    country = services.country_clean(request.GET.get("country"))
    return render(
        request,
        "wellbeing/staff/helplines.html",
        {
            "page": _page(request, selectors.helplines(country)),
            "query": _query(request),
            "country": country,
            "countries": country_choices(),
            "can_add": can_edit_helplines(request.user, create=True),
            "can_edit": can_edit_helplines(request.user),
        },
    )


def _helpline_form(
    request: HttpRequest, helpline: Helpline | None, form: HelplineForm
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        saved = services.helpline_save(
            helpline=form.save(commit=False), by=request.user, changed=form.changed_data
        )
    except ValidationError as error:
        _refused(form, error)
        return None
    return redirect("wellbeing:staff_helpline", pk=saved.pk)


@never_cache
@login_required
def helpline_new(request: HttpRequest) -> HttpResponse:
    _allow(can_edit_helplines(request.user, create=True))
    form = HelplineForm(request.POST or None)
    if request.method == "POST" and (done := _helpline_form(request, None, form)):
        return done
    return render(
        request,
        "wellbeing/staff/helpline.html",
        {"form": form, "helpline": None},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def helpline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One helpline: change it (a new number or hours needs a new check) or mark it checked."""
    _allow(can_view_helplines(request.user))
    helpline = get_object_or_404(Helpline.objects.select_related("verified_by"), pk=pk)
    editable = can_edit_helplines(request.user)
    form = HelplineForm(instance=helpline)
    if request.method == "POST":
        _allow(editable)
        if request.POST.get("action") == "verify":
            services.helpline_verify(helpline=helpline, by=request.user)
            return redirect("wellbeing:staff_helpline", pk=helpline.pk)
        form = HelplineForm(request.POST, instance=helpline)
        if done := _helpline_form(request, helpline, form):
            return done
    return render(
        request,
        "wellbeing/staff/helpline.html",
        {"form": form if editable else None, "helpline": helpline, "can_edit": editable},
        status=400 if form.errors else 200,
    )


# --- Usage statistics ---------------------------------------------------------------------


def _labelled(
    rows: Sequence[tuple[str, int]], names: Callable[[str], Any]
) -> list[tuple[str, int]]:
    return [(str(names(key)), count) for key, count in rows]


def _statistics_tables(
    stats: selectors.Statistics,
) -> list[tuple[str, str, str, str, list[tuple[str, int]]]]:
    """(id, title, row heading, what is counted, rows) of each table the page and the
    download show."""
    languages = dict(LANGUAGES)
    topics = dict(Topic.choices)
    categories = dict(Category.choices)
    outcomes = dict(Outcome.choices)
    return [
        (
            "languages",
            _("Conversations by language"),
            _("Language"),
            _("Conversations"),
            _labelled(stats.by_language, lambda key: languages.get(key, key)),
        ),
        (
            "topics",
            _("Answers by topic"),
            _("Topic"),
            _("Answers"),
            _labelled(stats.by_topic, lambda key: topics.get(key, key)),
        ),
        (
            "categories",
            _("Crises by category"),
            _("Category"),
            _("Conversations"),
            _labelled(stats.by_category, lambda key: categories.get(key, key or _("Unknown"))),
        ),
        (
            "outcomes",
            _("Outcomes"),
            _("Outcome"),
            _("Conversations"),
            _labelled(stats.outcomes, lambda key: outcomes.get(key, key)),
        ),
    ]


def _period(request: HttpRequest) -> int:
    raw = request.GET.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) in PERIODS else 90


@never_cache
@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Anonymous usage: totals, the crisis rate, hand-off times, and four charts with tables."""
    _allow(can_view_statistics(request.user))
    may_record = can_record_usage(request.user)
    if request.method == "POST":
        _allow(may_record)
        try:
            months = reporting.usage_months_record(by=request.user)
        except ValidationError as exc:
            # The assistant's Activity could not be placed (no platform Activity and no
            # programme unit of the person's): said on the page, nothing written.
            for message in exc.messages:
                messages.error(request, message)
            return redirect("wellbeing:statistics")
        messages.success(
            request,
            ngettext(
                "%(count)s month of use recorded toward the indicators.",
                "%(count)s months of use recorded toward the indicators.",
                months,
            )
            % {"count": months},
        )
        return redirect("wellbeing:statistics")
    days = _period(request)
    stats = selectors.statistics(days=days)
    tables = [
        {
            "id": key,
            "title": title,
            "heading": heading,
            "counted": counted,
            "rows": rows,
            "chart": counts_chart(chart_id=f"wb-{key}", title=title, rows=rows),
        }
        for key, title, heading, counted, rows in _statistics_tables(stats)
    ]
    return render(
        request,
        "wellbeing/statistics.html",
        {
            "stats": stats,
            "tables": tables,
            "days": days,
            "periods": PERIODS,
            "activity": reporting.assistant_activity(),
            "recorded": reporting.usage_recorded(),
            "may_record": may_record,
        },
    )


@never_cache
@login_required
def statistics_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """The usage page's figures as CSV or XLSX: the totals, then each table."""
    _allow(can_view_statistics(request.user))
    days = _period(request)
    stats = selectors.statistics(days=days)
    totals = [
        (_("Conversations"), stats.conversations),
        (_("Messages"), stats.messages),
        (_("Conversations with a crisis detected"), stats.crises),
        (_("Crisis rate"), stats.crisis_rate if stats.crisis_rate is not None else ""),
        (_("Hand-offs to a counsellor"), stats.handoffs),
        (_("Hand-offs answered"), stats.handoffs_answered),
        (
            _("Mean time to a counsellor's first reply (minutes)"),
            stats.mean_wait_minutes if stats.mean_wait_minutes is not None else "",
        ),
        (_("Conversations opened from a report"), stats.referrals),
    ]
    sheets = [Sheet(_("Totals"), [_("Measure"), _("Value")], totals)] + [
        Sheet(title, [heading, counted], rows)
        for _key, title, heading, counted, rows in _statistics_tables(stats)
    ]
    return tables_response(
        fmt=fmt, filename=f"wellbeing-usage-{stats.since:%Y%m%d}-{days}d", sheets=sheets
    )
