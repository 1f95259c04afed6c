"""Public pages: the catalogue, event pages, registration, calendars, certificates."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from iite.core.caching import cache_get_or_set
from iite.core.i18n import active_language
from iite.reference.models import PriorityRegion
from iite.strategy.models import TargetGroup
from iite.strategy.selectors import current_period_items

from . import calendars, selectors, services
from .caching import CATALOGUE_NAMESPACE
from .certificates import certificate_pdf, qr_svg
from .consultations import ConsultationError, consultation_submit, has_submitted
from .forms import KIND_CHOICES, ConsultationForm, RegistrationForm, ZoneForm
from .models import Certificate, Event, EventStatus, RegistrationStatus, Theme
from .permissions import can_access_manage, can_cancel_registration

PAGE_SIZE = 12
FRAGMENT_SECONDS = 60


def _zone_context(request: HttpRequest) -> dict[str, Any]:
    zone = selectors.visitor_zone(request)
    return {"zone": zone, "zone_form": ZoneForm(initial={"tz": zone.name})}


def _filter_choices() -> dict[str, Any]:
    def build() -> dict[str, Any]:
        return {
            "themes": [(t.slug, str(t.name)) for t in Theme.objects.all()],
            "regions": [(r.code, str(r.name)) for r in PriorityRegion.objects.all()],
            "target_groups": [
                (g.code, str(g.title)) for g in current_period_items(TargetGroup).order_by("order")
            ],
        }

    return cache_get_or_set(
        CATALOGUE_NAMESPACE, "choices", active_language(), build=build, timeout=300
    )


def _results_fragment(request: HttpRequest, filters: selectors.CatalogueFilters, zone: str) -> str:
    """The rendered results list; the same for every visitor, so cached per language,
    zone, query and page until an event changes (or a minute passes)."""
    page_number = request.GET.get("page", "1")
    if not page_number.isdigit():
        page_number = "1"

    def build() -> str:
        paginator = Paginator(selectors.catalogue(filters), PAGE_SIZE)
        page = paginator.get_page(page_number)
        # Pagination links from the parsed filters, not the raw query string: the cached
        # fragment must not carry whatever other parameters the first visitor sent.
        query = QueryDict(mutable=True)
        for name, value in filters.as_params().items():
            query[name] = value
        if zone != "UTC":
            query["tz"] = zone
        return render_to_string(
            "events/_results.html",
            {
                "page": page,
                "events": page.object_list,
                "filters": filters,
                "query": query.urlencode(),
                "zone_name": zone,
                "kinds": dict(KIND_CHOICES),
            },
        )

    html = cache_get_or_set(
        CATALOGUE_NAMESPACE,
        "results",
        active_language(),
        zone,
        filters.cache_key(),
        page_number,
        build=build,
        timeout=FRAGMENT_SECONDS,
    )
    return str(html)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    filters = selectors.catalogue_filters(request.GET)
    zone_context = _zone_context(request)
    results = _results_fragment(request, filters, zone_context["zone"].name)
    if request.headers.get("HX-Request"):
        return HttpResponse(results)
    return render(
        request,
        "events/catalogue.html",
        {
            "filters": filters,
            "results": results,
            "kinds": KIND_CHOICES,
            "languages": settings.LANGUAGES,
            "modalities": [
                ("online", _("Online")),
                ("onsite", _("Onsite")),
                ("hybrid", _("Hybrid")),
            ],
            **_filter_choices(),
            **zone_context,
        },
    )


def _event_or_404(slug: str, request: HttpRequest) -> Event:
    event = selectors.event_for_page(slug)
    if event is None:
        raise Http404
    if event.status != EventStatus.PUBLISHED and not can_access_manage(request.user):
        raise Http404
    return event


def _article_context(request: HttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    zone_context = _zone_context(request)
    registration = selectors.registration_of(event, request.user)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    checkin_qr = ""
    if confirmed and registration is not None:
        url = request.build_absolute_uri(
            reverse("events:manage_checkin_scan", args=[services.checkin_token(registration)])
        )
        checkin_qr = qr_svg(url, scale=4)
    now = timezone.now()
    open_form = registration is None or registration.status == RegistrationStatus.CANCELLED
    context = {
        "event": event,
        "registration": registration,
        "confirmed": confirmed,
        "checkin_qr": checkin_qr,
        "form": RegistrationForm(event=event) if open_form else None,
        "days": selectors.sessions_by_day(event, zone_context["zone"].name),
        "is_past": event.ends_at < now,
        "can_register": event.registration_open and event.ends_at >= now,
        "counts": selectors.registration_counts(event)
        if event.capacity and request.user.is_authenticated
        else None,
        "kind_label": dict(KIND_CHOICES).get(event.activity.kind, ""),
        "has_consultation": event.consultation_open,
        "episodes": selectors.public_events()
        .filter(series=event)
        .select_related("activity")
        .order_by("starts_at")
        if event.activity.kind == "webinar_series"
        else [],
        **zone_context,
    }
    context.update(extra)
    return context


class EventPage(NamedTuple):
    """What the event page needs beside its cached article: the sections other domains
    add under it (`{% page_sections "events.event" %}`) read the event's activity."""

    title: str
    description: str
    article: str
    activity_id: int


def _render_detail(request: HttpRequest, page: EventPage, status: int = 200) -> HttpResponse:
    return render(
        request,
        "events/detail.html",
        {
            "page_title": page.title,
            "page_description": page.description,
            "article": mark_safe(page.article),
            "event_page": page,
        },
        status=status,
    )


def _article(request: HttpRequest, event: Event, **extra: Any) -> EventPage:
    html = render_to_string(
        "events/_event_article.html", _article_context(request, event, **extra), request=request
    )
    return EventPage(
        str(event.title), str(event.summary) or str(event.title), html, event.activity_id
    )


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The event page. For anonymous visitors the page body is the same for everyone
    (no form, no token, no personal data), so it is cached per language, zone and
    event until any event changes."""
    if not request.user.is_authenticated:
        zone = selectors.visitor_zone(request).name
        page = cache_get_or_set(
            CATALOGUE_NAMESPACE,
            "event-page",
            active_language(),
            zone,
            slug,
            build=lambda: _article(request, _event_or_404(slug, request)),
            timeout=FRAGMENT_SECONDS,
        )
        return _render_detail(request, page)
    event = _event_or_404(slug, request)
    return _render_detail(request, _article(request, event))


@login_required
@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug, request)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        return _render_detail(request, _article(request, event, form=form), status=400)
    try:
        registration = services.registration_create(
            event=event,
            user=request.user,  # type: ignore[arg-type]
            answers=form.answers(),
        )
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return redirect(event.get_absolute_url())
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation is on its way by e-mail."))
    else:
        messages.info(
            request,
            _(
                "The event is full: you are on the waiting list. "
                "We will e-mail you if a place frees up."
            ),
        )
    return redirect(event.get_absolute_url())


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug, request)
    registration = selectors.registration_of(event, request.user)
    if registration is None or not can_cancel_registration(request.user, registration):
        raise Http404
    services.registration_cancel(registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event.get_absolute_url())


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/my_registrations.html",
        {"registrations": selectors.my_registrations(request.user), **_zone_context(request)},
    )


@require_GET
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug, request)
    registration = selectors.registration_of(event, request.user)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    response = HttpResponse(
        calendars.event_ics(event, for_registrant=confirmed),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    if confirmed:
        # The joining link is for registrants only: never kept by a shared cache.
        response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def feed_ics(request: HttpRequest) -> HttpResponse:
    """All public upcoming events; ?language=ru keeps those delivered in Russian."""
    filters = selectors.catalogue_filters(request.GET)
    filters.when = "upcoming"
    events = selectors.catalogue(filters)[:500]
    response = HttpResponse(
        calendars.feed_ics(events, filters.language or None),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "public, max-age=900"
    return response


@require_GET
def certificate_verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = (
        Certificate.objects.select_related("registration__event", "registration__user")
        .filter(code=code.strip().upper())
        .first()
    )
    if certificate is None:
        return render(request, "events/certificate_verify.html", {"code": code}, status=404)
    url = request.build_absolute_uri(certificate.get_absolute_url())
    return render(
        request,
        "events/certificate_verify.html",
        {
            "certificate": certificate,
            "event": certificate.registration.event,
            "qr": qr_svg(url, scale=3),
            "is_holder": request.user.is_authenticated
            and certificate.registration.user_id == request.user.pk,
        },
    )


@login_required
@require_GET
def certificate_download(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(
        Certificate.objects.select_related("registration__event", "registration__user"),
        code=code,
    )
    if certificate.registration.user_id != request.user.pk and not can_access_manage(request.user):
        return HttpResponseForbidden(_("Only the holder can download this certificate."))
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


@login_required
def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(slug, request)
    if not event.consultation_open:
        raise Http404
    done = has_submitted(event, request.user)  # type: ignore[arg-type]
    form = ConsultationForm(request.POST or None, event=event)
    if request.method == "POST" and not done and form.is_valid():
        try:
            consultation_submit(
                event=event,
                user=request.user,  # type: ignore[arg-type]
                answers=form.answers(),
                language=active_language(),
            )
        except ConsultationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: your answers are recorded."))
        return redirect("events:consultation", slug=event.slug)
    return render(
        request,
        "events/consultation.html",
        {"event": event, "form": form, "done": done},
        status=400 if request.method == "POST" and not done else 200,
    )
