"""Pages of the readiness self-assessment: public, respondent, coordinator and staff."""

from __future__ import annotations

import csv
import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.accounts.models import User
from iite.core.i18n import active_language
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import current_period_items

from . import charts, selectors, services
from .forms import (
    AccessForm,
    ActionForm,
    CampaignForm,
    PrioritiesForm,
    ResumeForm,
    answers_form,
    answers_from,
)
from .models import Action, Campaign, CampaignStatus, Group, Level, Priority, Response
from .permissions import can_manage_campaign, can_record_support, can_view_aggregates


def _group_label(code: str) -> str:
    return str(Group(code).label)


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "readiness/index.html",
        {
            "frameworks": selectors.frameworks_current().prefetch_related("areas"),
            "campaigns": selectors.campaigns_of(request.user)
            if request.user.is_authenticated
            else [],
            "access_form": AccessForm(),
            "resume_form": ResumeForm(),
            "can_view_aggregates": can_view_aggregates(request.user),
        },
    )


def framework(request: HttpRequest, code: str, version: int) -> HttpResponse:
    found = selectors.framework_with_content(code, version)
    if found is None:
        raise Http404
    return render(
        request,
        "readiness/framework.html",
        {"framework": found, "groups": [(g, _group_label(g)) for g in found.groups]},
    )


# --- Respondents: no account, nothing that identifies them ---------------------------


def access(request: HttpRequest) -> HttpResponse:
    form = AccessForm(request.GET or None)
    if form.is_valid():
        code = selectors.code_lookup(form.cleaned_data["code"])
        if code is not None:
            return redirect("readiness:respond", code.code)
        form.add_error(
            "code", _("No self-assessment has this access code; check it with your coordinator.")
        )
    return render(
        request, "readiness/access.html", {"form": form}, status=400 if form.errors else 200
    )


def resume(request: HttpRequest) -> HttpResponse:
    form = ResumeForm(request.GET or None)
    if form.is_valid():
        found = selectors.response_lookup(form.cleaned_data["key"].strip())
        if found is not None:
            return redirect("readiness:answer", found.resume_key, 1)
        form.add_error("key", _("No answers are kept under this key."))
    return render(
        request, "readiness/access.html", {"resume_form": form}, status=400 if form.errors else 200
    )


def respond(request: HttpRequest, code: str) -> HttpResponse:
    found = selectors.code_lookup(code)
    if found is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            response = services.response_start(code=found, language=active_language())
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            return redirect("readiness:answer", response.resume_key, 1)
    campaign = found.campaign
    return render(
        request,
        "readiness/respond.html",
        {
            "code": found,
            "campaign": campaign,
            "group": _group_label(found.group),
            "open": campaign.accepts_answers(),
            "error": error,
            "statements": len(selectors.statements_for_group(campaign, found.group)),
        },
    )


def _pages(response: Response) -> list[tuple[Any, list[Any]]]:
    """The respondent's questionnaire, one page per area that has statements for them."""
    pages: dict[int, tuple[Any, list[Any]]] = {}
    for statement in selectors.statements_for_group(response.campaign, response.group):
        pages.setdefault(statement.area_id, (statement.area, []))[1].append(statement)
    return list(pages.values())


def answer(request: HttpRequest, key: str, page: int) -> HttpResponse:
    response = selectors.response_lookup(key)
    if response is None:
        raise Http404
    if response.submitted:
        return redirect("readiness:done", key)
    pages = _pages(response)
    if not 1 <= page <= len(pages):
        raise Http404
    area, statements = pages[page - 1]
    scale = [(level.value, str(level.label)) for level in response.campaign.framework.scale.all()]
    initial = dict(response.answers.values_list("statement_id", "value"))
    form_class = answers_form(statements, scale, initial)
    form = form_class(request.POST or None)
    last = page == len(pages)
    if request.method == "POST" and form.is_valid():
        submit = last and "send" in request.POST
        try:
            services.answers_save(
                response=response, values=answers_from(form, statements), submit=submit
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            if submit:
                return redirect("readiness:done", key)
            if "previous" in request.POST and page > 1:
                return redirect("readiness:answer", key, page - 1)
            if "later" in request.POST:
                messages.success(request, _("Your answers so far are saved."))
                return redirect("readiness:answer", key, page)
            return redirect("readiness:answer", key, min(page + 1, len(pages)))
    answered = len(initial)
    total = sum(len(items) for _area, items in pages)
    return render(
        request,
        "readiness/answer.html",
        {
            "response": response,
            "campaign": response.campaign,
            "area": area,
            "form": form,
            "page": page,
            "pages": len(pages),
            "last": last,
            "answered": answered,
            "total": total,
            "resume_url": request.build_absolute_uri(reverse("readiness:answer", args=[key, 1])),
            "open": response.campaign.accepts_answers(),
        },
    )


def done(request: HttpRequest, key: str) -> HttpResponse:
    response = selectors.response_lookup(key)
    if response is None or not response.submitted:
        raise Http404
    return render(request, "readiness/done.html", {"campaign": response.campaign})


# --- Coordinators -----------------------------------------------------------------------


def _own(request: HttpRequest, pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("framework", "country", "previous__framework"), pk=pk
    )
    if not can_manage_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        user=request.user,
        instance=Campaign(coordinator=cast(User, request.user)),
        initial={"opens_on": today, "closes_on": today + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(
                campaign=form.save(commit=False), optional=form.cleaned_data["optional"]
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request, _("The campaign is ready. Open it when you want answers to start.")
            )
            return redirect(campaign)
    return render(
        request,
        "readiness/campaign_form.html",
        {"form": form, "title": _("New self-assessment campaign")},
    )


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _own(request, pk)
    form = CampaignForm(request.POST or None, user=request.user, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(
                campaign=form.save(commit=False), optional=form.cleaned_data["optional"]
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign)
    return render(
        request,
        "readiness/campaign_form.html",
        {"form": form, "title": _("Edit the campaign"), "campaign": campaign},
    )


@login_required
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    counts = selectors.respondents(found)
    codes = [
        {
            "group": _group_label(code.group),
            "code": code.code,
            "url": request.build_absolute_uri(code.get_absolute_url()),
            "respondents": counts.get(code.group, 0),
        }
        for code in found.codes.all()
    ]
    return render(
        request,
        "readiness/campaign.html",
        {
            "campaign": found,
            "codes": codes,
            "minimum": selectors.threshold(found),
            "statuses": CampaignStatus,
        },
    )


@login_required
@require_POST
def campaign_status(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    try:
        services.campaign_set_status(campaign=found, status=request.POST.get("status", ""))
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request, _("Status changed: %(status)s") % {"status": found.get_status_display()}
        )
    return redirect(found)


def _report_context(found: Campaign) -> dict[str, Any]:
    """The report's figures as rows aligned with the groups' columns."""
    data = selectors.report(found)
    groups = [(g, _group_label(g)) for g in data.groups]
    keys = [g for g, _name in groups]
    return {
        "campaign": found,
        "report": data,
        "groups": groups,
        "respondent_cells": [(data.respondents.get(g, 0), g in data.shown_groups) for g in keys],
        "area_rows": [
            (
                row.area,
                [row.by_group[g] for g in keys],
                [row.previous[g] for g in keys] if row.previous else [],
            )
            for row in data.areas
        ],
        "has_previous": any(row.previous for row in data.areas),
        "gap_rows": [
            (gap.statement, [gap.by_group[g] for g in keys], gap.spread) for gap in data.gaps
        ],
        "statement_rows": [(s, [by_group[g] for g in keys]) for s, by_group in data.statements],
        "minimum": selectors.threshold(found),
        "chart": charts.area_chart(data, groups),
    }


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    return render(request, "readiness/report.html", _report_context(found))


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML  # noqa: PLC0415 - heavy: loaded when a PDF is made

    found = _own(request, pk)
    context = _report_context(found)
    context["pdf"] = True
    html = render(request, "readiness/report_pdf.html", context).content.decode()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{found.pk}.pdf"'
    return response


@login_required
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    data = selectors.report(found)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{found.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow([_("Area"), _("Statement"), *[_group_label(g) for g in data.groups]])
    for row in data.areas:
        writer.writerow(
            [row.area.code, str(row.area.title), *[_mean(row.by_group[g]) for g in data.groups]]
        )
    for statement, by_group in data.statements:
        writer.writerow(
            [
                statement.area.code,
                f"{statement.code} {statement.text}",
                *[_mean(by_group[g]) for g in data.groups],
            ]
        )
    return response


def _mean(figure: selectors.Figure) -> str:
    return "" if figure.mean is None else f"{figure.mean:.2f}"


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    found = _own(request, pk)
    form = PrioritiesForm(request.POST or None, campaign=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.priorities_set(campaign=found, areas=form.cleaned_data["areas"])
        except ValidationError as problem:
            form.add_error("areas", problem)
        else:
            messages.success(request, _("Priorities saved."))
            return redirect("readiness:plan", found.pk)
    priorities = list(found.priorities.select_related("area").prefetch_related("actions"))
    keys = [key for p in priorities for a in p.actions.all() for key in a.resources]
    linked = selectors.resources_by_key(keys)
    blocks = [
        {
            "priority": p,
            "actions": [
                (a, [linked[k] for k in a.resources if k in linked]) for a in p.actions.all()
            ],
            "offers": selectors.suggestions(p.area),
        }
        for p in priorities
    ]
    previous_plan = []
    if found.previous_id:
        previous_plan = list(
            Action.objects.filter(priority__campaign_id=found.previous_id).select_related(
                "priority__area"
            )
        )
    return render(
        request,
        "readiness/plan.html",
        {
            "campaign": found,
            "form": form,
            "blocks": blocks,
            "report": selectors.report(found),
            "previous_plan": previous_plan,
        },
    )


@login_required
def action_edit(
    request: HttpRequest, pk: int, priority: int, action: int | None = None
) -> HttpResponse:
    found = _own(request, pk)
    chosen = get_object_or_404(Priority, pk=priority, campaign=found)
    instance = (
        get_object_or_404(Action, pk=action, priority=chosen) if action else Action(priority=chosen)
    )
    offers = selectors.suggestions(chosen.area)
    known = {o["key"] for o in offers}
    linked = selectors.resources_by_key(instance.resources)
    offers += [{"key": k, **v} for k, v in linked.items() if k not in known]
    form = ActionForm(request.POST or None, instance=instance, offers=offers)
    if request.method == "POST":
        if "delete" in request.POST and instance.pk:
            services.action_delete(action=instance)
            messages.success(request, _("Action removed."))
            return redirect("readiness:plan", found.pk)
        if form.is_valid():
            try:
                services.action_save(action=form.save(commit=False))
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                messages.success(request, _("Action saved."))
                return redirect("readiness:plan", found.pk)
    return render(
        request,
        "readiness/action_form.html",
        {"campaign": found, "priority": chosen, "form": form, "action": instance},
    )


# --- Institute staff ---------------------------------------------------------------------


@login_required
def aggregates(request: HttpRequest) -> HttpResponse:
    if not can_view_aggregates(request.user):
        raise PermissionDenied
    frameworks = list(selectors.frameworks_current())
    chosen = next((f for f in frameworks if str(f.pk) == request.GET.get("framework")), None)
    chosen = chosen or (frameworks[0] if frameworks else None)
    by = "region" if request.GET.get("by") == "region" else "country"
    rows = selectors.aggregates(chosen, by=by) if chosen else []
    areas = list(chosen.areas.all()) if chosen else []
    if request.GET.get("format") == "csv" and chosen:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="self-assessment-aggregates.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Country") if by == "country" else _("Region"),
                _("Campaigns"),
                _("Respondents"),
                *[a.code for a in areas],
            ]
        )
        empty = selectors.Figure(None, 0)
        for row in rows:
            writer.writerow(
                [
                    row.label,
                    row.campaigns,
                    row.respondents,
                    *[_mean(row.by_area.get(a.code, empty)) for a in areas],
                ]
            )
        return response
    return render(
        request,
        "readiness/aggregates.html",
        {
            "frameworks": frameworks,
            "framework": chosen,
            "by": by,
            "rows": [(row, [row.by_area.get(a.code) for a in areas]) for row in rows],
            "areas": areas,
            "ministries": Campaign.objects.filter(framework__level=Level.SYSTEM)
            .select_related("country", "supported_activity")
            .order_by("-closes_on"),
            "can_record_support": can_record_support(request.user),
            "units": _units(),
        },
    )


def _units() -> list[ProgrammeUnit]:
    return list(current_period_items(ProgrammeUnit).order_by("code"))


@login_required
@require_POST
def record_support(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_record_support(request.user):
        raise PermissionDenied
    found = get_object_or_404(Campaign.objects.select_related("framework", "country"), pk=pk)
    unit = next((u for u in _units() if str(u.pk) == request.POST.get("unit")), None)
    try:
        activity = services.campaign_record_support(
            campaign=found, user=cast(User, request.user), unit=unit
        )
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
    else:
        messages.success(
            request,
            _("Recorded as support to %(country)s: activity %(code)s.")
            % {"country": found.country.name, "code": activity.code},
        )
    return redirect(reverse("readiness:aggregates") + f"?framework={found.framework_id}")
