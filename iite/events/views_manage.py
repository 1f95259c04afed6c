"""Staff pages under /events/manage/: events, registrations, attendance, certificates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iite.accounts.models import User
from iite.core.exports import Sheet, tables_response
from iite.core.records import records_changed_on_commit
from iite.programme import permissions as programme_permissions

from . import permissions as perms
from . import selectors, services
from .attendance import (
    attendee_count_as_person,
    attendee_dismiss,
    attendee_resolve,
)
from .certificates import certificates_issue
from .consultations import bar_chart, consultation_summary, response_rows
from .exports import registrant_rows
from .forms import (
    AttendanceUploadForm,
    CheckinForm,
    ConsultationQuestionForm,
    EventForm,
    RegistrationQuestionForm,
    ResolveForm,
    SessionForm,
    SpeakerForm,
)
from .import_jobs import attendance_job_resume, attendance_job_stalled, attendance_job_start
from .models import (
    AttendanceImportState,
    AttendanceJob,
    Attendee,
    AttendeeStatus,
    ConsultationQuestion,
    Event,
    EventSession,
    Registration,
    RegistrationQuestion,
    Speaker,
)


def staff_view(rule: Callable[[Any], bool]) -> Callable[..., Any]:
    """Signed in and allowed by `rule`; otherwise the 403 page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _event(slug: str) -> Event:
    return get_object_or_404(Event.objects.select_related("activity__unit"), slug=slug)


@staff_view(perms.can_access_manage)
def event_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "events/manage/list.html",
        {
            "events": selectors.manage_events(request.user),
            "can_create": perms.can_create_event(request.user),
        },
    )


@staff_view(perms.can_create_event)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        try:
            event = services.event_create(created_by=request.user, **values)  # type: ignore[arg-type]
        except ValidationError as exc:
            _form_errors(form, exc)
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The event is created as a draft."))
            return redirect("events:manage_event", slug=event.slug)
    return render(request, "events/manage/form.html", {"form": form, "title": _("New event")})


def _form_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@staff_view(perms.can_access_manage)
def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(
        request,
        "events/manage/event.html",
        {
            "event": event,
            "sessions": event.sessions.prefetch_related("speakers"),
            "speakers": event.speakers.all(),
            "questions": event.questions.all(),
            "consultation_questions": event.consultation_questions.all(),
            "counts": selectors.registration_counts(event),
            "session_form": SessionForm(event=event),
            "speaker_form": SpeakerForm(),
            "question_form": RegistrationQuestionForm(),
            "consultation_form": ConsultationQuestionForm(),
            "can_edit": perms.can_edit_event(request.user),
            "can_programme": perms.can_edit_programme(request.user),
            "can_publish": perms.can_publish_event(request.user),
            "can_registrations": perms.can_manage_registrations(request.user),
            "can_import": perms.can_import_attendance(request.user),
            "can_certify": perms.can_issue_certificates(request.user),
            "can_figures": perms.can_view_figures(request.user),
            "can_consultation": perms.can_view_consultation_results(request.user),
            "can_activity": programme_permissions.can_view_staff_area(request.user),
        },
    )


@staff_view(perms.can_edit_event)
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    content_only = not perms.can_edit_programme(request.user)
    form = EventForm(
        request.POST or None, instance=event, content_only=content_only, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        if not values.get("slug"):
            values.pop("slug", None)
        try:
            services.event_update(event=event, **values)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("events:manage_event", slug=event.slug)
    return render(
        request,
        "events/manage/form.html",
        {"form": form, "title": _("Edit event"), "event": event},
    )


@staff_view(perms.can_publish_event)
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    publish = request.POST.get("publish") == "1"
    services.event_publish(event=event, published=publish)
    messages.success(
        request, _("The event is published.") if publish else _("The event is back to draft.")
    )
    return redirect("events:manage_event", slug=event.slug)


def _child_add(
    request: HttpRequest,
    slug: str,
    form_class: type[Any],
    *,
    with_event_kwarg: bool = False,
) -> HttpResponse:
    event = _event(slug)
    kwargs: dict[str, Any] = {"event": event} if with_event_kwarg else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        item = form.save(commit=False)
        item.event = event
        try:
            item.full_clean()
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
            return redirect("events:manage_event", slug=event.slug)
        item.save()
        form.save_m2m()
        records_changed_on_commit(sender="events", kinds={"event"})
        messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("events:manage_event", slug=event.slug)


@staff_view(perms.can_edit_event)
@require_POST
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _child_add(request, slug, SessionForm, with_event_kwarg=True)


@staff_view(perms.can_edit_event)
@require_POST
def speaker_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _child_add(request, slug, SpeakerForm)


@staff_view(perms.can_edit_programme)
@require_POST
def question_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _child_add(request, slug, RegistrationQuestionForm)


@staff_view(perms.can_edit_programme)
@require_POST
def consultation_question_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _child_add(request, slug, ConsultationQuestionForm)


_CHILDREN: dict[str, tuple[type[Model], Callable[[Any], bool]]] = {
    "session": (EventSession, perms.can_edit_event),
    "speaker": (Speaker, perms.can_edit_event),
    "question": (RegistrationQuestion, perms.can_edit_programme),
    "consultation-question": (ConsultationQuestion, perms.can_edit_programme),
}


@login_required
@require_POST
def child_delete(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    if kind not in _CHILDREN:
        raise Http404
    model, rule = _CHILDREN[kind]
    if not rule(request.user):
        raise PermissionDenied
    event = _event(slug)
    get_object_or_404(model, pk=pk, event=event).delete()
    records_changed_on_commit(sender="events", kinds={"event"})
    messages.success(request, _("Deleted."))
    return redirect("events:manage_event", slug=event.slug)


@staff_view(perms.can_edit_event)
def session_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    session = get_object_or_404(EventSession, pk=pk, event=event)
    form = SessionForm(request.POST or None, instance=session, event=event)
    if request.method == "POST" and form.is_valid():
        services.session_save(session=form.save(commit=False))
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect("events:manage_event", slug=event.slug)
    return render(
        request,
        "events/manage/form.html",
        {"form": form, "title": _("Edit session"), "event": event},
    )


@staff_view(perms.can_edit_event)
def speaker_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    speaker = get_object_or_404(Speaker, pk=pk, event=event)
    form = SpeakerForm(request.POST or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        form.save()
        records_changed_on_commit(sender="events", kinds={"event"})
        messages.success(request, _("Saved."))
        return redirect("events:manage_event", slug=event.slug)
    return render(
        request,
        "events/manage/form.html",
        {"form": form, "title": _("Edit speaker"), "event": event},
    )


# --- Registrations -------------------------------------------------------------------------


@staff_view(perms.can_manage_registrations)
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=request.POST.get("registration"), event=event
        )
        action = request.POST.get("action")
        if action == "cancel":
            promoted = services.registration_cancel(registration=registration)
            messages.success(request, _("The registration is cancelled."))
            if promoted is not None:
                messages.info(
                    request,
                    _("%(email)s moved from the waiting list to confirmed.")
                    % {"email": promoted.user.email},
                )
        elif action in {"promote", "confirm"}:
            services.registration_promote(registration=registration)
            messages.success(request, _("The registration is confirmed."))
        elif action == "attended":
            services.registration_mark_attended(registration=registration)
            messages.success(request, _("Marked as attended."))
        return redirect("events:manage_registrations", slug=event.slug)
    return render(
        request,
        "events/manage/registrations.html",
        {
            "event": event,
            "registrations": selectors.registrations_for_staff(event),
            "counts": selectors.registration_counts(event),
        },
    )


@staff_view(perms.can_manage_registrations)
def registrations_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    event = _event(slug)
    header, rows = registrant_rows(event)
    name = f"registrations-{event.slug}"
    return tables_response(fmt=fmt, filename=name, sheets=[Sheet(name, header, rows)], stream=True)


# --- Attendance --------------------------------------------------------------------------------


@staff_view(perms.can_import_attendance)
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = AttendanceUploadForm(request.POST or None, request.FILES or None, event=event)
    results: list[tuple[str, Any]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        job = attendance_job_start(
            event=event,
            uploads=form.cleaned_data["reports"],
            session=form.cleaned_data.get("session"),
            user=request.user,  # type: ignore[arg-type]
            confirmed=form.cleaned_data["confirm"],
        )
        if not job.finished:  # a background worker imports them: follow it on its page
            return redirect(job)
        results = _job_results(job)
        if any(result["errors"] for _name, result in results):
            status = 400
        elif job.status == AttendanceJob.Status.DONE:
            messages.success(request, _("The reports are imported."))
            return redirect("events:manage_attendance", slug=event.slug)
    return render(
        request,
        "events/manage/attendance.html",
        {
            "event": event,
            "form": form,
            "results": results,
            "confirm_needed": any(result["mismatches"] for _name, result in results)
            or bool(form.is_bound and form.data.get("confirm")),
            "imports": selectors.attendance_imports(event),
            "unmatched": Attendee.objects.filter(
                event=event,
                status=AttendeeStatus.UNMATCHED,
                attendance_import__state=AttendanceImportState.DONE,
            )
            .select_related("attendance_import")
            .order_by("-minutes", "email")[:500],
            "resolve_form": ResolveForm(),
            "attended": selectors.attended_count(event),
        },
        status=status,
    )


def _job_results(job: AttendanceJob) -> list[tuple[str, Any]]:
    return [(outcome["name"], outcome) for outcome in job.results]


@staff_view(perms.can_import_attendance)
def attendance_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The import of reports uploaded together: its progress (the page reloads itself)
    and each file's outcome."""
    event = _event(slug)
    job = get_object_or_404(AttendanceJob, pk=pk, event=event, requested_by=request.user)
    return render(
        request,
        "events/manage/attendance_job.html",
        {
            "event": event,
            "job": job,
            "results": _job_results(job),
            "stalled": attendance_job_stalled(job),
        },
    )


@staff_view(perms.can_import_attendance)
@require_POST
def attendance_job_resume_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Take up an import whose worker stopped: it goes on where its reports stood."""
    event = _event(slug)
    job = get_object_or_404(AttendanceJob, pk=pk, event=event, requested_by=request.user)
    if attendance_job_stalled(job):
        attendance_job_resume(job=job)
        messages.success(request, _("The import goes on where it stopped."))
    return redirect(job)


@staff_view(perms.can_import_attendance)
@require_POST
def attendee_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event(slug)
    attendee = get_object_or_404(Attendee, pk=pk, event=event, status=AttendeeStatus.UNMATCHED)
    action = request.POST.get("action")
    if action == "dismiss":
        attendee_dismiss(attendee=attendee)
        messages.success(request, _("The attendee is dismissed."))
    elif action == "count":
        attendee_count_as_person(attendee=attendee)
        messages.success(request, _("The attendee counts as a person of their own."))
    else:
        form = ResolveForm(request.POST)
        user = None
        if form.is_valid():
            user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            messages.error(request, _("No platform user has that e-mail address."))
        else:
            attendee_resolve(attendee=attendee, user=user)
            messages.success(
                request, _("The attendee is matched to %(email)s.") % {"email": user.email}
            )
    return redirect("events:manage_attendance", slug=event.slug)


@staff_view(perms.can_import_attendance)
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    form = CheckinForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.registration_check_in(event=event, code=form.cleaned_data["code"])
        form = CheckinForm()
    return render(
        request, "events/manage/checkin.html", {"event": event, "form": form, "result": result}
    )


@staff_view(perms.can_import_attendance)
def checkin_scan(request: HttpRequest, token: str) -> HttpResponse:
    """What staff see after scanning a registrant's QR code: confirm, then checked in."""
    code = services.checkin_code_from_token(token)
    registration = (
        Registration.objects.select_related("event", "user").filter(checkin_code=code).first()
        if code
        else None
    )
    if registration is None:
        return render(request, "events/manage/checkin_scan.html", {"invalid": True}, status=404)
    result = None
    if request.method == "POST":
        result = services.registration_check_in(
            event=registration.event, code=registration.checkin_code
        )
    return render(
        request,
        "events/manage/checkin_scan.html",
        {"registration": registration, "event": registration.event, "result": result},
    )


@staff_view(perms.can_issue_certificates)
@require_POST
def certificates(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    result = certificates_issue(event=event, issued_by=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        _("%(issued)s certificates issued; %(already)s had one already.")
        % {"issued": result.issued, "already": result.already},
    )
    return redirect("events:manage_registrations", slug=event.slug)


@staff_view(perms.can_view_figures)
def figures(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    return render(
        request,
        "events/manage/figures.html",
        {"event": event, "figures": selectors.event_figures(event)},
    )


@staff_view(perms.can_view_consultation_results)
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    total, summaries = consultation_summary(event)
    charts = [
        (
            summary,
            bar_chart(
                summary.counts,
                f"q{summary.question.pk}",
                str(summary.question.text),
                _("Number of responses per answer, out of %(n)s responses.")
                % {"n": summary.responses},
            )
            if summary.counts
            else None,
        )
        for summary in summaries
    ]
    return render(
        request,
        "events/manage/consultation.html",
        {"event": event, "total": total, "charts": charts},
    )


@staff_view(perms.can_view_consultation_results)
def consultation_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponseBase:
    event = _event(slug)
    header, rows = response_rows(event)
    name = f"consultation-{event.slug}"
    return tables_response(fmt=fmt, filename=name, sheets=[Sheet(name, header, rows)], stream=True)
