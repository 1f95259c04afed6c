"""The observatory's workspace: triage, reviewers, reviews, reconciliation, the provider's
reply and publication, plus a tool's bias audits, environmental figures and mentions.

Every view checks the step's permission through the action or service it calls; a refused
step shows why, named by field, and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.core.tabular import TableFile, TableProblem
from iite.programme.services import unit_default
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import period_current

from . import notifications, permissions, selectors, services
from .disparity import AuditTableInvalid
from .forms import (
    AssignForm,
    BiasAuditForm,
    DeclareForm,
    EvidenceForm,
    FigureForm,
    MentionForm,
    PublicationLinkForm,
    PublishForm,
    ReconcileForm,
    ReplyForm,
    ReviewForm,
    ToolEditForm,
    TriageForm,
    VersionForm,
)
from .models import Assessment, ReviewerAssignment, Tool, ToolPublication
from .principles import PRINCIPLES, Principle

PUBLICATION_QUERY_MAX = 100


def _language() -> str:
    code = translation.get_language() or "en"
    return code if code in {"en", "fr", "es", "ar", "ru", "zh-hans"} else "en"


def _errors(request: HttpRequest, exc: ValidationError, form: Any = None) -> None:
    """Show a refused step's reasons, each with the field it concerns."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            label = ""
            if form is not None and field in form.fields:
                label = str(form.fields[field].label)
            elif field in PRINCIPLES:
                label = str(Principle(field).label)
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    else:
        for error in exc.messages:
            messages.error(request, error)


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = str(form.fields[field].label) if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _step(request: HttpRequest, run: Callable[[], Any], done: str, form: Any = None) -> bool:
    try:
        run()
    except ValidationError as exc:
        _errors(request, exc, form)
        return False
    messages.success(request, done)
    return True


@login_required
def workspace(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_use_workspace(user):
        raise PermissionDenied
    open_assessments = list(selectors.assessments_open())
    return render(
        request,
        "observatory/work/index.html",
        {
            "proposals": list(selectors.proposals_waiting())
            if user.has_perm(permissions.TRIAGE)
            else [],
            "assessments": open_assessments,
            "my_reviews": list(selectors.reviews_of(user)),
            "can_triage": user.has_perm(permissions.TRIAGE),
            "accepted": list(Tool.objects.filter(status="accepted").order_by("name"))
            if user.has_perm(permissions.TRIAGE)
            else [],
        },
    )


@login_required
def tool_work(request: HttpRequest, pk: int) -> HttpResponse:
    """A tool seen by the team: triage, new versions, audits, figures and mentions."""
    tool = get_object_or_404(Tool, pk=pk)
    user = request.user
    if not permissions.can_use_workspace(user):
        raise PermissionDenied
    can_edit = permissions.can_edit_tool(user)
    query = request.GET.get("publication_q", "").strip()[:PUBLICATION_QUERY_MAX]
    return render(
        request,
        "observatory/work/tool.html",
        {
            "tool": tool,
            "publication_links": list(selectors.publication_links_staff(tool)),
            "publication_query": query,
            "publication_form": PublicationLinkForm(
                offered=selectors.publications_to_link(tool, query)
            )
            if can_edit
            else None,
            "assessments": tool.assessments.order_by("-created_at"),
            "triage_form": TriageForm() if permissions.can_triage(user, tool) else None,
            "version_form": VersionForm() if permissions.can_start_assessment(user, tool) else None,
            "can_edit": can_edit,
            "audit_form": BiasAuditForm(),
            "figure_form": FigureForm(),
            "mention_form": MentionForm(),
        },
    )


@login_required
def tool_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff keep a tool's catalogue record: provider, purposes, languages, data practices."""
    tool = get_object_or_404(Tool, pk=pk)
    if not permissions.can_edit_tool(request.user):
        raise PermissionDenied
    form = ToolEditForm(request.POST or None, instance=tool)
    if request.method == "POST" and form.is_valid():
        by: Any = request.user
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if _step(
            request,
            lambda: services.tool_update(tool=Tool.objects.get(pk=pk), by=by, values=values),
            _("The tool's record is saved."),
            form,
        ):
            return redirect("observatory:work_tool", pk)
    return render(request, "observatory/work/tool_edit.html", {"tool": tool, "form": form})


@require_POST
@login_required
def tool_triage(request: HttpRequest, pk: int) -> HttpResponse:
    tool = get_object_or_404(Tool, pk=pk)
    form = TriageForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("observatory:work_tool", pk)
    data = form.cleaned_data
    action = services.ToolTriage(
        by=request.user,
        tool=tool,
        accept=data["decision"] == "accept",
        note=data["note"],
        version=data["version"],
    )
    _step(request, action.execute, _("The proposal is triaged."), form)
    return redirect("observatory:work_tool", pk)


@require_POST
@login_required
def tool_version(request: HttpRequest, pk: int) -> HttpResponse:
    tool = get_object_or_404(Tool, pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("observatory:work_tool", pk)
    action = services.AssessmentStart(
        by=request.user, tool=tool, version=form.cleaned_data["version"]
    )
    _step(request, action.execute, _("The assessment of the new version is open."), form)
    return redirect("observatory:work_tool", pk)


def _reviewers_for(assessment: Assessment) -> Any:
    """People who declared their interests for this assessment and are not yet assigned."""
    assigned = assessment.reviews.values("reviewer_id")
    declared = assessment.declarations.values("reviewer_id")
    return (
        get_user_model()
        .objects.filter(pk__in=declared, is_active=True)
        .exclude(pk__in=assigned)
        .order_by("name", "email")
    )


@login_required
def assessment_work(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment.objects.select_related("tool", "protocol"), pk=pk)
    user: Any = request.user
    if not permissions.can_use_workspace(user):
        raise PermissionDenied
    my_review = assessment.reviews.filter(reviewer_id=user.pk).first()
    reviews = list(assessment.reviews.all())
    both_in = len(reviews) == 2 and all(review.submitted_at for review in reviews)
    reconcile_form = None
    rows = []
    if permissions.can_reconcile(user, assessment) and both_in:
        rows = selectors.reconciliation(assessment)
        initial: dict[str, Any] = {}
        for row in rows:
            initial[f"{row.principle}-rating"] = row.proposed_rating
            initial[f"{row.principle}-confidence"] = row.proposed_confidence
        reconcile_form = ReconcileForm(
            protocol=assessment.protocol, initial=initial, notes_label=_("Rationale")
        )
    period = period_current()
    units = ProgrammeUnit.objects.filter(period=period) if period else ProgrammeUnit.objects.none()
    can_request_reply = permissions.can_request_reply(user, assessment)
    return render(
        request,
        "observatory/work/assessment.html",
        {
            "assessment": assessment,
            "tool": assessment.tool,
            "reviews": reviews,
            "declarations": list(selectors.declarations_of(assessment)),
            "declare_form": DeclareForm() if permissions.can_declare(user, assessment) else None,
            "assign_form": AssignForm(reviewers=_reviewers_for(assessment))
            if permissions.can_assign(user, assessment)
            else None,
            "my_review": my_review,
            "review_form": ReviewForm(protocol=assessment.protocol)
            if my_review and permissions.can_review(user, my_review)
            else None,
            "evidence_form": EvidenceForm()
            if services.may_add_evidence(user, assessment)
            else None,
            "evidence": list(assessment.evidence.all()),
            "reconciliation": rows,
            "reconcile_form": reconcile_form,
            "waiting_for_reviews": permissions.can_reconcile(user, assessment) and not both_in,
            "can_request_reply": can_request_reply,
            "provider_contacts": len(notifications.provider_recipients(assessment))
            if can_request_reply
            else 0,
            "reply_form": ReplyForm() if permissions.can_record_reply(user, assessment) else None,
            "publish_form": PublishForm(
                units=units,
                initial={"unit": unit_default(user=user, period=period) if period else None},
            )
            if permissions.can_publish(user, assessment)
            else None,
            "ratings": list(assessment.ratings.all()),
        },
    )


def _assessment(pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.select_related("tool", "protocol"), pk=pk)


@require_POST
@login_required
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    form = DeclareForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        _step(
            request,
            lambda: services.interests_declare(
                assessment=assessment,
                by=request.user,  # type: ignore[arg-type]
                has_conflict=form.cleaned_data["has_conflict"],
                statement=form.cleaned_data["statement"],
            ),
            _("Your declaration of interests is recorded."),
            form,
        )
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    if not permissions.can_assign(request.user, assessment):
        raise PermissionDenied
    form = AssignForm(request.POST, reviewers=_reviewers_for(assessment))
    if not form.is_valid():
        _form_errors(request, form)
    else:
        action = services.ReviewerAssign(
            by=request.user,
            assessment=assessment,
            reviewer=form.cleaned_data["reviewer"],
            due_on=form.cleaned_data["due_on"],
        )
        _step(request, action.execute, _("The reviewer is assigned."), form)
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    mine = get_object_or_404(ReviewerAssignment, assessment=assessment, reviewer_id=request.user.pk)
    if not permissions.can_review(request.user, mine):
        raise PermissionDenied
    form = ReviewForm(request.POST, protocol=assessment.protocol)
    if not form.is_valid():
        _form_errors(request, form)
        return render(
            request,
            "observatory/work/review.html",
            {"assessment": assessment, "tool": assessment.tool, "review_form": form},
            status=400,
        )
    action = services.ReviewSubmit(
        by=request.user, review=mine, ratings=form.ratings(), notes=form.cleaned_data["general"]
    )
    if not _step(request, action.execute, _("Your review is submitted."), form):
        return render(
            request,
            "observatory/work/review.html",
            {"assessment": assessment, "tool": assessment.tool, "review_form": form},
            status=400,
        )
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    if not permissions.can_reconcile(request.user, assessment):
        raise PermissionDenied
    form = ReconcileForm(request.POST, protocol=assessment.protocol, notes_label=_("Rationale"))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("observatory:work_assessment", pk)
    action = services.AssessmentReconcile(
        by=request.user,
        assessment=assessment,
        ratings=form.ratings(),
        summary={_language(): form.cleaned_data["summary"]},
    )
    _step(request, action.execute, _("The reviews are reconciled."), form)
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def reply_request(request: HttpRequest, pk: int) -> HttpResponse:
    action = services.ReplyRequest(by=request.user, assessment=_assessment(pk))
    _step(request, action.execute, _("The assessment is sent to the provider for a reply."))
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def reply_record(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReplyForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        action = services.ReplyRecord(
            by=request.user, assessment=_assessment(pk), text=form.cleaned_data["text"]
        )
        _step(request, action.execute, _("The provider's reply is recorded."), form)
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = _assessment(pk)
    period = period_current()
    units = ProgrammeUnit.objects.filter(period=period) if period else ProgrammeUnit.objects.none()
    form = PublishForm(request.POST, units=units)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("observatory:work_assessment", pk)
    action = services.AssessmentPublish(
        by=request.user,
        assessment=assessment,
        change_note=form.cleaned_data["change_note"],
        unit=form.cleaned_data["unit"],
    )
    if _step(request, action.execute, _("The assessment is published."), form):
        return redirect(assessment.tool.get_absolute_url())
    return redirect("observatory:work_assessment", pk)


def _record_step(
    request: HttpRequest,
    form: Any,
    write: Callable[..., Any],
    done: str,
    **target: Any,
) -> None:
    """Validate a small record's form and write it through its service with `target`."""
    if not form.is_valid():
        _form_errors(request, form)
        return
    by: Any = request.user
    _step(request, lambda: write(by=by, **target, **form.cleaned_data), done, form)


@require_POST
@login_required
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES)
    _record_step(
        request,
        form,
        services.evidence_add,
        _("The evidence is added."),
        assessment=_assessment(pk),
    )
    return redirect("observatory:work_assessment", pk)


@require_POST
@login_required
def audit_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A bias audit from its result table; a bad table is refused whole, row by row."""
    tool = get_object_or_404(Tool, pk=pk)
    if not permissions.can_edit_tool(request.user):
        raise PermissionDenied
    form = BiasAuditForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("observatory:work_tool", pk)
    data = dict(form.cleaned_data)
    upload = data.pop("table")
    language = _language()
    try:
        services.bias_audit_create(
            tool=tool,
            by=request.user,  # type: ignore[arg-type]
            table=TableFile(upload.file, name=upload.name),
            title={language: data.pop("title")},
            method={language: data.pop("method")},
            original_language=language,
            **data,
        )
    except TableProblem as exc:
        messages.error(request, exc.message)
    except AuditTableInvalid as exc:
        for error in exc.errors.items:
            messages.error(request, str(error))
    except ValidationError as exc:
        _errors(request, exc, form)
    else:
        messages.success(request, _("The bias audit is added."))
    return redirect("observatory:work_tool", pk)


@require_POST
@login_required
def figure_add(request: HttpRequest, pk: int) -> HttpResponse:
    tool = get_object_or_404(Tool, pk=pk)
    done = _("The environmental figure is added.")
    _record_step(
        request, FigureForm(request.POST), services.environmental_figure_add, done, tool=tool
    )
    return redirect("observatory:work_tool", pk)


@require_POST
@login_required
def mention_add(request: HttpRequest, pk: int) -> HttpResponse:
    tool = get_object_or_404(Tool, pk=pk)
    done = _("The mention is added.")
    _record_step(request, MentionForm(request.POST), services.mention_add, done, tool=tool)
    return redirect("observatory:work_tool", pk)


@require_POST
@login_required
def publication_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link a library publication that discusses the tool."""
    tool = get_object_or_404(Tool, pk=pk)
    if not permissions.can_edit_tool(request.user):
        raise PermissionDenied
    form = PublicationLinkForm(request.POST)
    done = _("The publication is linked to the tool.")
    _record_step(request, form, services.publication_link, done, tool=tool)
    return redirect("observatory:work_tool", pk)


@require_POST
@login_required
def publication_unlink(request: HttpRequest, pk: int, link: int) -> HttpResponse:
    found = get_object_or_404(ToolPublication, pk=link, tool_id=pk)
    by: Any = request.user
    if not permissions.can_edit_tool(by):
        raise PermissionDenied
    services.publication_unlink(link=found, by=by)
    messages.success(request, _("The link to the publication is removed."))
    return redirect("observatory:work_tool", pk)


# Reviewers and staff find the same workspace under two names in the staff menu.
workspace_triage = workspace
