from __future__ import annotations

import json

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import AccountDeleteForm, ProfileForm
from .models import User
from .permissions import can_delete_own_account, requires_mfa
from .selectors import consents_for, user_data_export
from .services import account_delete, profile_update, time_zone_detected_save


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The person's own account page: the profile form, consents and data rights."""
    user = _user(request)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            changed = profile_update(user=user, data=form.cleaned_data)
            if changed:
                messages.success(request, _("Your profile has been saved."))
            else:
                messages.info(request, _("Nothing changed in your profile."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user))
    has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "consents": consents_for(user),
            "has_totp": has_totp,
            "mfa_required": requires_mfa(user),
            "can_delete": can_delete_own_account(user),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET"])
def data_export(request: HttpRequest) -> HttpResponse:
    """Download my data: one JSON file with everything held about the person."""
    user = _user(request)
    payload = json.dumps(
        user_data_export(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"iite-my-data-{timezone.now():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """Delete my account, confirmed with the password."""
    user = _user(request)
    allowed = can_delete_own_account(user)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and allowed and form.is_valid():
        account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("core:home")
    status = 200
    if request.method == "POST":
        status = 403 if not allowed else 400
    return render(
        request, "accounts/delete.html", {"form": form, "allowed": allowed}, status=status
    )


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login form is not a way in: it goes to the platform's sign-in.

    Django's admin login checks the password only; the platform's sign-in asks staff for
    their authenticator code and is rate limited. Whatever is posted here is ignored.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    return redirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@login_required
@require_POST
def time_zone_detected(request: HttpRequest) -> HttpResponse:
    """The browser reports its zone (static/js/platform.js); kept unless the person chose one."""
    time_zone_detected_save(user=_user(request), zone=request.POST.get("time_zone", ""))
    return HttpResponse(status=204)
