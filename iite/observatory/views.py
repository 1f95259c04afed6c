"""The observatory's public pages: catalogue, tool pages, comparison, protocol, feed, export,
and the form where anyone signed in proposes a tool."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from iite.core.exports import Sheet, tables_response
from iite.core.forms import errors_to_form

from . import replies, selectors, services
from .charts import disparity_chart, principles_chart
from .disparity import disparities
from .forms import CatalogueFilterForm, ProviderReplyForm, ToolProposeForm
from .models import (
    Assessment,
    EducationLevel,
    Purpose,
    Tool,
    ToolUser,
)
from .principles import PRINCIPLES, Principle

PAGE_SIZE = 20
LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def _labels(values: list[str], choices: Any) -> list[str]:
    known = dict(choices.choices)
    return [str(known[value]) for value in values if value in known]


def language_name(code: str) -> str:
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _language_choices(codes: list[str]) -> list[tuple[str, str]]:
    return sorted(((code, language_name(code)) for code in codes), key=lambda item: item[1])


def catalogue(request: HttpRequest) -> HttpResponse:
    """Published tools with filters (purpose, level, language, principle rating) and search;
    htmx swaps in the results alone."""
    form = CatalogueFilterForm(
        request.GET, languages=_language_choices(selectors.language_facets())
    )
    filters = form.filters()
    try:
        page_number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page_number = 1
    page = Paginator(selectors.catalogue_tools(filters), PAGE_SIZE).get_page(page_number)
    tools = selectors.with_ratings(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "tools": tools,
        "query": params.urlencode(),
        "principles": [(code, Principle(code).label) for code in PRINCIPLES],
    }
    if request.headers.get("HX-Request"):
        return render(request, "observatory/_results.html", context)
    return render(request, "observatory/catalogue.html", context)


def _tool_context(tool: Tool, assessment: Assessment | None = None) -> dict[str, Any]:
    page = selectors.tool_page(tool, assessment)
    rows = [
        (row.label, row.rating.rating if row.rating else None, row.level.label if row.level else "")
        for row in page.ratings
    ]
    audits = []
    for audit in page.audits:
        groups = disparities(audit.results, audit.reference_group)
        audits.append(
            {
                "audit": audit,
                "groups": groups,
                "chart": disparity_chart(
                    chart_id=f"audit-{audit.pk}",
                    title=_("Rate of favourable outcomes by group: %(title)s")
                    % {"title": audit.title},
                    rows=groups,
                ),
            }
        )
    return {
        "tool": tool,
        "page": page,
        "assessment": page.assessment,
        "is_current": page.assessment.pk == page.history[0].pk,
        "chart": principles_chart(
            chart_id="principles",
            title=_("%(tool)s, version %(version)s: the ten principles at a glance")
            % {"tool": tool.name, "version": page.assessment.version},
            rows=rows,
        ),
        "purposes": _labels(tool.purposes, Purpose),
        "levels": _labels(tool.levels, EducationLevel),
        "users": _labels(tool.users, ToolUser),
        "languages": [(code, language_name(code)) for code in tool.languages],
        "audits": audits,
        "figures": list(tool.environment.all()),
        "mentions": list(tool.mentions.all()),
        "publications": selectors.tool_publications(tool),
    }


def tool_page(request: HttpRequest, slug: str) -> HttpResponse:
    tool = selectors.tool_public(slug)
    if tool is None:
        raise Http404
    return render(request, "observatory/tool.html", _tool_context(tool))


def assessment_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An earlier (or the current) published assessment of a tool: the history stays visible."""
    tool = selectors.tool_public(slug)
    assessment = selectors.assessment_published(tool, pk) if tool else None
    if tool is None or assessment is None:
        raise Http404
    return render(request, "observatory/tool.html", _tool_context(tool, assessment))


def compare(request: HttpRequest) -> HttpResponse:
    """Up to four tools side by side: what they are for and their ten ratings."""
    asked = request.GET.getlist("tools")
    tools = selectors.compared_tools(asked)
    rows = [
        (Principle(code).label, [tool.ratings[index] for tool in tools])  # type: ignore[attr-defined]
        for index, code in enumerate(PRINCIPLES)
    ]
    facts = [
        (_("Provider"), [str(tool.provider_label) for tool in tools]),
        (_("Purposes"), [", ".join(_labels(tool.purposes, Purpose)) for tool in tools]),
        (
            _("Education levels"),
            [", ".join(_labels(tool.levels, EducationLevel)) for tool in tools],
        ),
        (
            _("Languages supported"),
            [", ".join(language_name(code) for code in tool.languages) for tool in tools],
        ),
        (_("Pricing and access"), [tool.get_pricing_display() for tool in tools]),
        (_("Trains on user data"), [tool.get_trains_on_user_data_display() for tool in tools]),
        (_("Where data is stored"), [tool.data_location for tool in tools]),
    ]
    choices = list(selectors.tools_public().order_by("name").values_list("slug", "name"))
    selected = [tool.slug for tool in tools]
    return render(
        request,
        "observatory/compare.html",
        {
            "tools": tools,
            "rows": rows,
            "facts": facts,
            "choices": choices,
            "too_many": len(set(asked)) > selectors.MAX_COMPARED,
            "slots": [
                (number, selected[number - 1] if number <= len(selected) else "")
                for number in range(1, selectors.MAX_COMPARED + 1)
            ],
        },
    )


def protocol_page(request: HttpRequest, version: str | None = None) -> HttpResponse:
    protocol = selectors.protocol_public(version)
    if protocol is None:
        raise Http404
    questions: dict[str, list[Any]] = {}
    for question in protocol.questions.all():
        questions.setdefault(question.principle, []).append(question)
    return render(
        request,
        "observatory/protocol.html",
        {
            "protocol": protocol,
            "principles": [
                (code, Principle(code).label, questions.get(code, [])) for code in PRINCIPLES
            ],
            "versions": selectors.Protocol.objects.order_by("-published_on"),
        },
    )


class AssessmentFeed(Feed):  # type: ignore[type-arg]
    """An Atom feed of new and updated assessments."""

    feed_type = Atom1Feed
    title = gettext_lazy("AI in Education Observatory: assessments")
    subtitle = gettext_lazy("New and updated assessments of AI tools for teaching and learning.")

    def link(self) -> str:
        return reverse("observatory:catalogue")

    def items(self) -> Any:
        return selectors.feed_assessments()

    def item_title(self, item: Assessment) -> str:
        return _("%(tool)s, version %(version)s") % {
            "tool": item.tool.name,
            "version": item.version,
        }

    def item_description(self, item: Assessment) -> str:
        changes = list(item.changes.all())
        parts = [str(item.summary)] + [change.text for change in changes[:1]]
        return " — ".join(part for part in parts if part)

    def item_link(self, item: Assessment) -> str:
        return reverse("observatory:assessment", args=[item.tool.slug, item.pk])

    def item_pubdate(self, item: Assessment) -> Any:
        return item.published_at

    def item_updateddate(self, item: Assessment) -> Any:
        return item.published_at


def _export_rows(base: str) -> tuple[list[str], list[list[Any]]]:
    tools = selectors.with_ratings(selectors.tools_public().order_by("name"))
    current = {
        assessment.pk: assessment
        for assessment in Assessment.objects.filter(
            pk__in=[tool.current_id for tool in tools]  # type: ignore[attr-defined]
        ).select_related("protocol")
    }
    headers = [
        "slug",
        "name",
        "provider",
        "summary",
        "purposes",
        "levels",
        "users",
        "languages",
        "pricing",
        "data_location",
        "data_retention",
        "minimum_age",
        "trains_on_user_data",
        "website",
        "version_assessed",
        "protocol_version",
        "published_at",
        *[f"rating_{code}" for code in PRINCIPLES],
        *[f"confidence_{code}" for code in PRINCIPLES],
        "url",
    ]
    rows = []
    for tool in tools:
        assessment = current[tool.current_id]  # type: ignore[attr-defined]
        ratings = tool.ratings  # type: ignore[attr-defined]
        rows.append(
            [
                tool.slug,
                tool.name,
                str(tool.provider_label),
                str(tool.summary),
                " ".join(tool.purposes),
                " ".join(tool.levels),
                " ".join(tool.users),
                " ".join(tool.languages),
                tool.pricing,
                tool.data_location,
                tool.data_retention,
                tool.minimum_age,
                tool.trains_on_user_data,
                tool.website,
                assessment.version,
                assessment.protocol.version,
                assessment.published_at.isoformat() if assessment.published_at else "",
                *[rating.rating if rating else None for rating in ratings],
                *[rating.confidence if rating else "" for rating in ratings],
                base + tool.get_absolute_url(),
            ]
        )
    return headers, rows


def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The whole catalogue under CC BY 4.0, as CSV or JSON (ratings of the current versions)."""
    headers, rows = _export_rows(request.build_absolute_uri("/").rstrip("/"))
    if fmt == "json":
        payload = {
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "source": request.build_absolute_uri(reverse("observatory:catalogue")),
            "principles": {code: str(Principle(code).label) for code in PRINCIPLES},
            "tools": [dict(zip(headers, row, strict=True)) for row in rows],
        }
        response = HttpResponse(
            json.dumps(payload, ensure_ascii=False, indent=1),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="ai-tools-observatory.json"'
        return response
    if fmt != "csv":
        raise Http404
    response = tables_response(
        fmt="csv", filename="ai-tools-observatory", sheets=[Sheet("tools", headers, rows)]
    )
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@login_required
def propose(request: HttpRequest) -> HttpResponse:
    """Anyone signed in proposes a tool for assessment; staff triage it."""
    form = ToolProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = translation.get_language() or "en"
        language = language if language in settings.LANGUAGE_CODES else "en"
        try:
            services.tool_propose(
                by=request.user,  # type: ignore[arg-type]
                note=data["note"],
                name=data["name"],
                provider_name=data["provider_name"],
                summary={language: data["summary"]},
                original_language=language,
                purposes=data["purposes"],
                levels=data["levels"],
                users=data["users"],
                languages=data["languages"],
                pricing=data["pricing"],
                website=data["website"],
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: the tool is proposed. The observatory's team will triage it."),
            )
            return redirect("observatory:catalogue")
    return render(request, "observatory/propose.html", {"form": form})


@never_cache
def provider_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The provider's right of reply: the reconciled ratings, and a form for the reply
    (or to change it) while the right is open. Reached by the signed link of the e-mail
    sent to the provider's focal points; no account needed."""
    assessment = replies.reply_assessment(token)
    if assessment is None:
        raise Http404
    is_open = replies.reply_open(assessment)
    bound = request.method == "POST" and is_open
    form = ProviderReplyForm(
        request.POST if bound else None, initial={"text": assessment.provider_reply}
    )
    if bound and form.is_valid():
        action = services.ProviderReply(
            by=None, assessment=assessment, text=form.cleaned_data["text"]
        )
        try:
            action.execute()
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Your reply is recorded. It will be published beside the assessment.")
            )
            return redirect(request.path)
    response = render(
        request,
        "observatory/provider_reply.html",
        {
            "assessment": assessment,
            "ratings": selectors.reconciled_ratings(assessment),
            "form": form,
            "is_open": is_open,
        },
        status=400 if bound else 200,
    )
    # The link is the provider's key: not indexed; the site's referrer policy
    # (same-origin) already keeps it from the sites the page links to.
    response["X-Robots-Tag"] = "noindex"
    return response
