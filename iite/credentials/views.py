"""Public credential pages, the issuer profile, status lists, verification, staff revocation."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from iite.core.ratelimit import request_allowed

from . import batching, documents, permissions, selectors, services
from .badge import badge_svg
from .certificate import certificate_pdf
from .forms import RevokeForm, VerifyForm
from .models import Achievement, Credential, CredentialBatch
from .services import translated
from .verification import (
    MAX_BYTES,
    VERIFY_LIMIT,
    InputError,
    request_too_large,
    too_large,
    verify_document,
    verify_input,
)

LD_JSON = "application/ld+json"


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return ("application/ld+json" in accept or "application/json" in accept) and (
        "text/html" not in accept
    )


def _ld_response(data: dict[str, Any], filename: str | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type=f"{LD_JSON}; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    """The issuer's Profile with every published key (JSON-LD, or HTML for people)."""
    keys = selectors.published_keys()
    profile = documents.issuer_profile(
        [(key.public_key_multibase, key.retired_at is None) for key in keys]
    )
    if _wants_json(request) or request.GET.get("format") == "json":
        return _ld_response(profile)
    return render(request, "credentials/issuer.html", {"profile": profile, "keys": keys})


@require_GET
def achievement(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(Achievement, code=code)
    return render(request, "credentials/achievement.html", {"achievement": item})


@require_GET
@cache_control(max_age=300, public=True)
def status_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed BitstringStatusListCredential verifiers read."""
    item = selectors.status_list_by_pk(pk)
    if item is None or not item.document:
        raise Http404
    return _ld_response(item.document)


def _credential_or_404(uuid: UUID) -> Credential:
    credential = selectors.credential_by_uuid(uuid)
    if credential is None:
        raise Http404
    return credential


LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def linkedin_add_url(credential: Credential, public_url: str) -> str:
    """LinkedIn's "Add licence or certification" form, filled in with this credential."""
    name = str(translated(credential.achievement, "name").resolve(credential.language))
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": name,
        "organizationName": documents.ISSUER_NAME,
        "issueYear": credential.issued_at.year,
        "issueMonth": credential.issued_at.month,
        "certUrl": public_url,
        "certId": str(credential.uuid),
    }
    if credential.valid_until is not None:
        params["expirationYear"] = credential.valid_until.year
        params["expirationMonth"] = credential.valid_until.month
    return f"{LINKEDIN_ADD}?{urlencode(params)}"


@require_GET
def detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The shareable public page of a credential."""
    credential = _credential_or_404(uuid)
    if _wants_json(request):
        return _ld_response(credential.document)
    public_url = documents.stable_url("credentials:detail", [credential.uuid])
    return render(
        request,
        "credentials/detail.html",
        {
            "credential": credential,
            "result": verify_document(dict(credential.document)),
            "is_owner": permissions.can_change_display(request.user, credential),
            "can_revoke": permissions.can_revoke(request.user),
            "public_url": public_url,
            "linkedin_url": linkedin_add_url(credential, public_url),
            "badge_url": documents.stable_url("credentials:badge", [credential.achievement.code]),
        },
    )


@require_GET
def download_json(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = _credential_or_404(uuid)
    return _ld_response(credential.document, filename=f"credential-{credential.uuid}.json")


@require_GET
def download_pdf(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = _credential_or_404(uuid)
    own = permissions.can_change_display(request.user, credential)
    pdf = certificate_pdf(
        credential, holder_name=(getattr(request.user, "name", "") or "").strip() if own else ""
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{credential.uuid}.pdf"'
    return response


@login_required
@require_POST
def display_name(request: HttpRequest, uuid: UUID) -> HttpResponse:
    credential = _credential_or_404(uuid)
    services.credential_display_name_set(
        credential=credential, user=request.user, show=request.POST.get("show") == "1"
    )
    messages.success(request, _("Your choice is saved."))
    return redirect(credential)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "credentials/mine.html",
        {"credentials": selectors.credentials_for_user(request.user)},
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a credential by link, file or pasted JSON; each check is explained."""
    result = None
    error = None
    error_status = 400
    if request.method == "POST" and not request_allowed(request, VERIFY_LIMIT):
        return render(
            request,
            "credentials/verify.html",
            {
                "form": VerifyForm(),
                "result": None,
                "error": _("Too many verifications from your address; wait a minute."),
            },
            status=429,
        )
    if request.method == "POST" and request_too_large(request):
        return render(
            request,
            "credentials/verify.html",
            {"form": VerifyForm(), "result": None, "error": too_large().message},
            status=413,
        )
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    if request.method == "GET" and request.GET.get("credential"):
        form = VerifyForm({"reference": request.GET["credential"]})
    if form.is_bound:
        if form.is_valid():
            upload = form.cleaned_data.get("upload")
            try:
                data = None
                if upload is not None:
                    if upload.size > MAX_BYTES:
                        raise too_large()
                    data = upload.read(MAX_BYTES + 1)
                result = verify_input(
                    reference=form.cleaned_data.get("reference", ""),
                    text=form.cleaned_data.get("text", ""),
                    upload=data,
                )
            except InputError as exc:
                error = exc.message
                error_status = exc.status
        status = error_status if error else (400 if not form.is_valid() else 200)
    else:
        status = 200
    return render(
        request,
        "credentials/verify.html",
        {"form": form, "result": result, "error": error},
        status=status,
    )


# --- Staff ------------------------------------------------------------------------------------


def _require_manager(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not permissions.can_manage(request.user):
        raise PermissionDenied


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    search = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    page = Paginator(selectors.credentials_for_staff(search=search, state=state), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "search": search, "state": state}
    if request.headers.get("HX-Request"):
        return render(request, "credentials/_manage_results.html", context)
    return render(request, "credentials/manage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, uuid: UUID) -> HttpResponse:
    _require_manager(request)
    credential = get_object_or_404(
        Credential.objects.select_related("achievement", "recipient"), uuid=uuid
    )
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.credential_revoke(
                credential=credential, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The credential is revoked; verifiers now see it."))
            return redirect("credentials:manage")
    return render(request, "credentials/revoke.html", {"credential": credential, "form": form})


@require_GET
@cache_control(max_age=3600, public=True)
def badge(request: HttpRequest, code: str) -> HttpResponse:
    """The achievement's badge image (SVG), which credentials name as Achievement.image."""
    item = get_object_or_404(Achievement, code=code)
    response = HttpResponse(
        badge_svg(item, get_language()), content_type="image/svg+xml; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


# --- Batches ------------------------------------------------------------------------------


def _require_batch_issuer(request: HttpRequest) -> None:
    if not permissions.can_issue_batch(request.user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    """Staff choose a course or an event, see who qualifies, and issue to all of them."""
    _require_batch_issuer(request)
    sources = batching.batch_sources()
    key = request.POST.get("source") or request.GET.get("source", "")
    source = next((item for item in sources if item.key == key), None)
    if request.method == "POST":
        if source is None:
            messages.error(request, _("Choose a course or an event."))
            return redirect("credentials:batches")
        issued = batching.batch_issue(source=source, by=request.user)
        if issued is None:
            messages.info(request, _("Everyone who qualifies already holds this credential."))
            return redirect(f"{reverse('credentials:batches')}?{urlencode({'source': key})}")
        messages.success(
            request,
            _("Issuing to %(count)s people in the background.") % {"count": issued.total},
        )
        return redirect("credentials:batch", pk=issued.pk)
    return render(
        request,
        "credentials/batches.html",
        {
            "sources": sources,
            "source": source,
            "preview": batching.qualifying(source) if source else None,
            "recent": CredentialBatch.objects.select_related("achievement", "requested_by")[:20],
        },
    )


@login_required
@require_GET
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch's progress; htmx polls the fragment, and without JavaScript the page reloads."""
    _require_batch_issuer(request)
    item = get_object_or_404(CredentialBatch.objects.select_related("achievement"), pk=pk)
    context = {"batch": item, "in_progress": item.status in {"queued", "running"}}
    if request.headers.get("HX-Request"):
        return render(request, "credentials/_batch_progress.html", context)
    return render(request, "credentials/batch.html", context)


@login_required
@require_POST
def batch_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Resume a failed batch where it stopped; nobody is issued twice."""
    _require_batch_issuer(request)
    item = get_object_or_404(CredentialBatch, pk=pk)
    batching.credential_batch_resume(batch=item, by=request.user)
    messages.success(request, _("The batch resumes where it stopped."))
    return redirect("credentials:batch", pk=item.pk)
