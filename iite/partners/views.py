"""Pages of the partner registry, Member State engagement and resource mobilisation."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.core.charts import legend
from iite.core.exports import table_response
from iite.core.views import private_download
from iite.reference.models import Country, UnescoRegion

from . import permissions as perms
from . import selectors, services
from .charts import stacked_bar_chart
from .forms import (
    AgreementForm,
    BudgetAllocationForm,
    BudgetLineForm,
    DocumentForm,
    EngagementForm,
    FocalPointForm,
    FocalPointProfileForm,
    InKindForm,
    MergeForm,
    PartnerForm,
    ProjectForm,
)
from .models import (
    Agreement,
    AgreementDocument,
    BudgetAllocation,
    BudgetComponent,
    BudgetLine,
    ExtrabudgetaryProject,
    FocalPoint,
    InKindContribution,
    MemberStateEngagement,
    Partner,
    PartnerType,
    RelationshipLevel,
    Sector,
)

PAGE_SIZE = 50


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _apply_errors(form: Any, error: ValidationError) -> None:
    """Put a model or service ValidationError on the form's fields (or the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _filter_choices() -> dict[str, Any]:

    return {
        "kinds": PartnerType.choices,
        "sectors": Sector.choices,
        "levels": RelationshipLevel.choices,
        "regions": [*UnescoRegion.choices, (selectors.NO_REGION, _("Global or no country"))],
    }


def _query_without(request: HttpRequest, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Public ----------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """The partners that agreed to be listed, with only what they agreed to publish."""
    q, kind, region = (request.GET.get(key, "").strip() for key in ("q", "kind", "region"))
    partners = selectors.public_partners(q=q, kind=kind, region=region)
    context = {
        "partners": partners,
        "networks": [p for p in partners if p["kind"] == PartnerType.NETWORK],
        "q": q,
        "kind": kind,
        "region": region,
        **_filter_choices(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "partners/_public_results.html", context)
    return render(request, "partners/public_list.html", context)


def public_profile(request: HttpRequest, slug: str) -> HttpResponse:
    data = selectors.public_partner_profile(slug)
    if data is None:
        survivor = selectors.merged_into(slug)
        if survivor is not None and survivor.is_public:
            return redirect(survivor.get_public_url(), permanent=True)
        raise Http404
    return render(request, "partners/public_profile.html", {"partner": data})


# --- Staff directory and profiles ---------------------------------------------------------


def _directory_filters(request: HttpRequest) -> selectors.DirectoryFilters:
    return selectors.DirectoryFilters(
        **{
            key: request.GET.get(key, "").strip()
            for key in ("q", "kind", "sector", "region", "level", "country")
        }
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_directory(request.user))
    filters = _directory_filters(request)
    partners = selectors.partner_directory(filters)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        return table_response(
            fmt=export,
            filename="partners",
            headers=[
                _("Slug"),
                _("Name"),
                _("Acronym"),
                _("Type"),
                _("Sector"),
                _("Country"),
                _("UNESCO region"),
                _("Relationship level"),
                _("Website"),
                _("Listed publicly"),
                _("Joint activities"),
            ],
            rows=(
                [
                    p.slug,
                    str(p.name),
                    p.acronym,
                    p.get_kind_display(),
                    p.get_sector_display() if p.sector else "",
                    p.country.iso2 if p.country else "",
                    p.country.get_unesco_region_display() if p.country else "",
                    p.get_relationship_level_display(),
                    p.website,
                    _("yes") if p.is_public else _("no"),
                    getattr(p, "activity_count", 0),
                ]
                for p in partners
            ),
        )
    context = {
        "page": _page(request, partners),
        "filters": filters,
        "query": _query_without(request, "page", "export"),
        "can_add": perms.can_add_partner(request.user),
        **_filter_choices(),
    }
    if request.headers.get("HX-Request"):
        return render(request, "partners/_directory_results.html", context)
    return render(request, "partners/directory.html", context)


@login_required
def my_organisation(request: HttpRequest) -> HttpResponse:
    """A focal point's way in: their organisation's profile (or a list if several)."""
    partners = perms.own_partners(request.user)
    if not partners:
        if perms.can_view_directory(request.user):
            return redirect("partners:directory")
        raise PermissionDenied
    if len(partners) == 1:
        return redirect(partners[0].get_absolute_url())
    return render(request, "partners/my_organisations.html", {"partners": partners})


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    partner = selectors.partner_profile(slug)
    if partner is None:
        survivor = selectors.merged_into(slug)
        if survivor is not None:
            return redirect(survivor.get_absolute_url())
        raise Http404
    _require(perms.can_view_partner(request.user, partner))
    user = request.user
    is_staff_reader = perms.can_view_directory(user)
    show_financials = perms.can_view_financials(user)
    context: dict[str, Any] = {
        "partner": partner,
        "history": selectors.partner_history(partner),
        "since": selectors.partner_since(partner),
        "can_edit": perms.can_update_profile(user, partner),
        "can_manage": perms.can_manage_partner(user, partner),
        "is_staff_reader": is_staff_reader,
        "show_financials": show_financials,
        "can_merge": user.has_perm("partners.merge_partner"),
        "can_see_documents": perms.can_view_agreement_documents(user, partner),
        "merges": partner.merges.all(),
    }
    if is_staff_reader:
        context["duplicates"] = selectors.possible_duplicates(partner)
    if show_financials:
        context["budget_lines"] = partner.budget_lines.select_related("project").order_by("-year")
        context["projects"] = partner.eb_projects.all()
        context["in_kind"] = partner.in_kind_contributions.select_related("activity")
    return render(request, "partners/profile.html", context)


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    _require(perms.can_add_partner(request.user))
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_save(partner=form.save(commit=False))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The partner was added."))
            return redirect(partner.get_absolute_url())
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "title": _("Add a partner"), "duplicates": form.duplicates},
    )


@login_required
def partner_edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    _require(perms.can_update_profile(request.user, partner))
    form_class = (
        PartnerForm if perms.can_manage_partner(request.user, partner) else FocalPointProfileForm
    )
    before = services.partner_snapshot(partner)
    form = form_class(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.partner_save(partner=form.save(commit=False), before=before)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The profile was updated."))
            return redirect(partner.get_absolute_url())
    return render(
        request,
        "partners/partner_form.html",
        {
            "form": form,
            "partner": partner,
            "title": _("Update the profile of %(partner)s") % {"partner": partner},
            "duplicates": getattr(form, "duplicates", []),
        },
    )


@login_required
def partner_merge(request: HttpRequest, slug: str) -> HttpResponse:
    """Merge a duplicate into this partner: everything moves, the duplicate's names stay."""
    kept = get_object_or_404(Partner, slug=slug)
    _require(
        request.user.has_perm("partners.merge_partner")
        and perms.can_manage_partner(request.user, kept)
    )
    initial = {}
    removed_slug = request.GET.get("removed")
    if removed_slug:
        initial["removed"] = Partner.objects.filter(slug=removed_slug).first()
    form = MergeForm(request.POST or None, kept=kept, initial=initial)
    if request.method == "POST" and form.is_valid():
        removed = form.cleaned_data["removed"]
        _require(perms.can_merge_partners(request.user, kept, removed))
        result = services.partner_merge(kept=kept, removed=removed, by=request.user)
        messages.success(
            request,
            _("%(removed)s was merged into %(kept)s; its names are kept as other names.")
            % {"removed": result.record.removed_slug, "kept": kept},
        )
        return redirect(kept.get_absolute_url())
    preview = None
    candidate = form.initial.get("removed") if not form.is_bound else None
    if candidate:
        preview = {
            key: value
            for key, value in services.partner_relation_counts(candidate).items()
            if value
        }
    return render(
        request,
        "partners/merge.html",
        {"form": form, "kept": kept, "candidate": candidate, "preview": preview},
    )


# --- Focal points, agreements, documents ---------------------------------------------------


@login_required
def focal_point_add(request: HttpRequest, slug: str) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    _require(
        perms.can_manage_partner(request.user, partner)
        and request.user.has_perm("partners.add_focalpoint")
    )
    form = FocalPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.focal_point_add(
                partner=partner,
                user=data["user"],
                name=data["name"],
                email=data["email"],
                position=data["position"],
                consent_given_on=data["consent_given_on"],
                consent_note=data["consent_note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The focal point was added."))
            return redirect(partner.get_absolute_url())
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "title": _("Add a focal point to %(partner)s") % {"partner": partner},
            "cancel_url": partner.get_absolute_url(),
            "intro": _(
                "Record a contact only with their consent. Someone with a platform account is "
                "linked to it; for others keep just a name and a work email."
            ),
        },
    )


@login_required
@require_POST
def focal_point_remove(request: HttpRequest, pk: int) -> HttpResponse:
    focal_point = get_object_or_404(FocalPoint.objects.select_related("partner"), pk=pk)
    partner = focal_point.partner
    _require(
        perms.can_manage_partner(request.user, partner)
        and request.user.has_perm("partners.delete_focalpoint")
    )
    focal_point.delete()
    messages.success(request, _("The focal point was removed."))
    return redirect(partner.get_absolute_url())


@login_required
def agreement_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, slug=slug)
    permission = "partners.change_agreement" if pk else "partners.add_agreement"
    _require(perms.can_manage_partner(request.user, partner) and request.user.has_perm(permission))
    agreement = (
        get_object_or_404(Agreement, pk=pk, partner=partner) if pk else Agreement(partner=partner)
    )
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_save(agreement=form.save(commit=False))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The agreement was saved."))
            return redirect(partner.get_absolute_url())
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "title": (_("Edit the agreement") if pk else _("Add an agreement")) + f" · {partner}",
            "cancel_url": partner.get_absolute_url(),
            "audit_object": agreement if pk else None,
        },
    )


@login_required
def document_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    agreement = get_object_or_404(
        Agreement.objects.select_related("partner"), pk=pk, partner__slug=slug
    )
    _require(
        perms.can_manage_partner(request.user, agreement.partner)
        and request.user.has_perm("partners.add_agreementdocument")
    )
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_document_add(
                agreement=agreement,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(agreement.partner.get_absolute_url())
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "multipart": True,
            "title": _("Upload a document for %(agreement)s") % {"agreement": agreement},
            "cancel_url": agreement.partner.get_absolute_url(),
        },
    )


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(
        AgreementDocument.objects.select_related("agreement__partner"), pk=pk
    )
    _require(perms.can_view_agreement_documents(request.user, document.agreement.partner))
    name = (document.file.name or "document").rsplit("/", 1)[-1]
    return private_download(document.file, filename=name, content_type=document.content_type)


# --- Partnership map -------------------------------------------------------------------------


@login_required
def partnership_map(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_directory(request.user))
    table = selectors.partnership_map()
    export = request.GET.get("export")
    if export in {"csv", "xlsx"}:
        return table_response(
            fmt=export,
            filename="partnership-map",
            headers=[_("UNESCO region"), *[label for _code, label in table.kinds], _("Total")],
            rows=([row["label"], *row["cells"], row["total"]] for row in table.rows()),
        )
    return render(request, "partners/map.html", {"table": table})


# --- Member State engagement ------------------------------------------------------------------


@login_required
def member_states(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_engagements(request.user))
    return render(
        request,
        "partners/member_states.html",
        {
            "goal": selectors.regional_group_goal(),
            "countries": selectors.member_state_overview(),
            "can_manage": perms.can_manage_engagements(request.user),
        },
    )


@login_required
def member_state(request: HttpRequest, iso2: str) -> HttpResponse:

    _require(perms.can_view_engagements(request.user))
    country = get_object_or_404(Country, iso2=iso2.upper())
    return render(
        request,
        "partners/member_state.html",
        {
            "detail": selectors.member_state_detail(country),
            "can_manage": perms.can_manage_engagements(request.user),
        },
    )


@login_required
def engagement_edit(request: HttpRequest, iso2: str | None = None) -> HttpResponse:
    _require(perms.can_manage_engagements(request.user))
    instance = None
    if iso2:
        instance = MemberStateEngagement.objects.filter(country__iso2=iso2.upper()).first()
    initial = {}
    if iso2 and instance is None:
        initial["country"] = get_object_or_404(Country, iso2=iso2.upper())
    form = EngagementForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record: Any = services.record_save(record=form.save(commit=False))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            form.save_m2m()
            messages.success(request, _("The engagement record was saved."))
            return redirect("partners:member_state", iso2=record.country.iso2)
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "title": _("Member State engagement"),
            "cancel_url": reverse("partners:member_states"),
            "intro": _(
                "A comprehensive partnership rests on a memorandum of understanding, signed or "
                "active, with the Member State's National Commission for UNESCO or a ministry."
            ),
            "audit_object": instance,
        },
    )


# --- Resources --------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def resources(request: HttpRequest) -> HttpResponse:
    """Secured, pledged and the gap for a year, by component and by donor."""
    _require(perms.can_view_financials(request.user))
    year = _year(request)
    summary = selectors.funding_summary(year=year)
    export = request.GET.get("export")
    if export in {"csv", "xlsx"} and request.GET.get("table") == "summary":
        return table_response(
            fmt=export,
            filename=f"funding-{year}",
            headers=[_("Year"), _("Line"), _("Amount (USD)")],
            rows=([year, label, amount] for label, amount in funding_summary_rows(summary)),
        )
    if export in {"csv", "xlsx"}:
        lines = selectors.budget_lines(year=year)
        return table_response(
            fmt=export,
            filename=f"resources-{year}",
            headers=[
                _("Year"),
                _("Biennium"),
                _("Budget component"),
                _("Status"),
                _("Donor"),
                _("Extrabudgetary project"),
                _("Amount (USD)"),
                _("Currency received"),
                _("Amount in that currency"),
                _("Exchange rate (USD per unit)"),
                _("Date pledged or received"),
                _("Description"),
            ],
            rows=(
                [
                    line.year,
                    line.biennium,
                    line.get_component_display(),
                    line.get_status_display(),
                    str(line.donor) if line.donor else "",
                    line.project.code if line.project else "",
                    line.amount_usd,
                    line.currency,
                    line.original_amount,
                    line.exchange_rate,
                    line.received_on.isoformat() if line.received_on else "",
                    line.description,
                ]
                for line in lines
            ),
        )
    secured_label, pledged_label = _("Secured"), _("Pledged")
    component_chart = stacked_bar_chart(
        chart_id="chart-components",
        title=_("Funds for %(year)s by budget component") % {"year": year},
        description=_("Secured and pledged US dollars for each of the four budget components."),
        rows=[
            (
                pair.label,
                [
                    ("secured", secured_label, pair.secured),
                    ("pledged", pledged_label, pair.pledged),
                ],
            )
            for pair in summary.by_component
        ],
    )
    donor_chart = stacked_bar_chart(
        chart_id="chart-donors",
        title=_("Funds for %(year)s by donor") % {"year": year},
        description=_("Secured and pledged US dollars from each donor partner."),
        rows=[
            (
                pair.label,
                [
                    ("secured", secured_label, pair.secured),
                    ("pledged", pledged_label, pair.pledged),
                ],
            )
            for pair in summary.by_donor
        ],
    )
    plan_rows: list[tuple[str, list[tuple[str, str, Decimal]]]] = []
    if summary.needed is not None:
        plan_rows = [
            (_("Needed"), [("value", _("Needed"), summary.needed)]),
            (
                _("Funds"),
                [
                    ("secured", secured_label, summary.secured),
                    ("pledged", pledged_label, summary.pledged),
                ],
            ),
        ]
        if summary.surplus:
            plan_rows.append((_("Surplus"), [("secured", _("Surplus"), summary.surplus)]))
        else:
            plan_rows.append(
                (_("Funding gap"), [("gap", _("Funding gap"), summary.gap or Decimal(0))])
            )
    plan_chart = (
        stacked_bar_chart(
            chart_id="chart-plan",
            title=_("How far the needs of %(year)s are funded") % {"year": year},
            description=_(
                "What the year needs (budget and workplan) beside the secured and pledged "
                "funds, and the gap (needed minus secured) or the surplus."
            ),
            rows=plan_rows,
        )
        if plan_rows
        else None
    )
    years = sorted({*selectors.funding_years(), year, timezone.localdate().year})
    return render(
        request,
        "partners/resources.html",
        {
            "summary": summary,
            "year": year,
            "years": years,
            "component_chart": component_chart,
            "donor_chart": donor_chart,
            "plan_chart": plan_chart,
            "legend": legend(
                [
                    ("value", _("Needed")),
                    ("secured", secured_label),
                    ("pledged", pledged_label),
                    ("gap", _("Funding gap")),
                ]
            ),
            "lines": selectors.budget_lines(year=year),
            "allocations": selectors.budget_allocations(year=year),
            "in_kind": selectors.in_kind_contributions(year=year),
            "components": BudgetComponent.choices,
            "can_edit_lines": perms.can_edit_financials(request.user, "budgetline"),
            "can_edit_budget": perms.can_edit_financials(request.user, "budgetallocation"),
            "can_edit_projects": perms.can_edit_financials(request.user, "extrabudgetaryproject"),
            "can_edit_in_kind": perms.can_edit_financials(request.user, "inkindcontribution"),
        },
    )


def funding_summary_rows(summary: selectors.FundingSummary) -> list[tuple[str, Decimal | None]]:
    """The summary's lines as the CSV/XLSX export gives them (the page's table, in order)."""
    rows: list[tuple[str, Decimal | None]] = [
        (_("Needed: staff"), summary.staff if summary.needed is not None else None),
        (_("Needed: operations"), summary.operations if summary.needed is not None else None),
        (_("Needed: programme"), summary.programme if summary.needed is not None else None),
        (_("Needed"), summary.needed),
        (_("Secured"), summary.secured),
        (_("Pledged"), summary.pledged),
        (_("Funding gap (needed minus secured)"), summary.gap),
        (_("Surplus (secured beyond needs)"), summary.surplus),
        (_("Gap if all pledges arrive"), summary.gap_after_pledges),
        (_("Surplus if all pledges arrive"), summary.surplus_after_pledges),
    ]
    for pair in summary.by_component:
        rows.append((_("Secured: %(component)s") % {"component": pair.label}, pair.secured))
        rows.append((_("Pledged: %(component)s") % {"component": pair.label}, pair.pledged))
    for pair in summary.by_donor:
        rows.append((_("Secured from %(donor)s") % {"donor": pair.label}, pair.secured))
        rows.append((_("Pledged by %(donor)s") % {"donor": pair.label}, pair.pledged))
    return rows


RESOURCE_FORMS: dict[str, tuple[type[models.Model], type[Any], str, Callable[[], str]]] = {
    "budget-line": (BudgetLine, BudgetLineForm, "budgetline", lambda: _("Budget line")),
    "allocation": (
        BudgetAllocation,
        BudgetAllocationForm,
        "budgetallocation",
        lambda: _("Budget allocation"),
    ),
    "project": (
        ExtrabudgetaryProject,
        ProjectForm,
        "extrabudgetaryproject",
        lambda: _("Extrabudgetary project"),
    ),
    "in-kind": (
        InKindContribution,
        InKindForm,
        "inkindcontribution",
        lambda: _("In-kind contribution"),
    ),
}


@login_required
def resource_edit(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in RESOURCE_FORMS:
        raise Http404
    model, form_class, model_name, label = RESOURCE_FORMS[kind]
    _require(perms.can_edit_financials(request.user, model_name))
    if pk is None:
        _require(request.user.has_perm(f"partners.add_{model_name}"))
    instance = get_object_or_404(model, pk=pk) if pk else None
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_save(record=form.save(commit=False))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            form.save_m2m()
            messages.success(request, _("Saved."))
            year = (
                getattr(record, "year", None)
                or getattr(record, "date", None)
                or getattr(record, "start_date", None)
            )
            year = year if isinstance(year, int) else getattr(year, "year", "")
            return redirect(f"{reverse('partners:resources')}?year={year}")
    return render(
        request,
        "partners/form.html",
        {
            "form": form,
            "title": label(),
            "cancel_url": reverse("partners:resources"),
            "audit_object": instance,
        },
    )
