from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from .permissions import requires_mfa

# The session remembers, per user, that their TOTP exists, so the check costs one query
# per session rather than one per request. Removing the authenticator clears it
# (see signals.py).
SESSION_KEY = "iite_staff_totp_user"

# Paths outside the language prefix a staff member may reach before setting up TOTP.
_OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/health", "/favicon")


def _allowed_prefixes() -> tuple[str, ...]:
    # reverse() follows the active language, which LocaleMiddleware set from the URL.
    return (
        reverse("mfa_index"),  # the whole MFA area: activate, recovery codes
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("account_login"),
        *_OPEN_PREFIXES,
    )


def staff_totp_active(request: HttpRequest) -> bool:
    """Whether the signed-in user has TOTP, remembered in the session once true."""
    user = request.user
    if request.session.get(SESSION_KEY) == user.pk:
        return True
    from allauth.mfa.models import Authenticator

    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        request.session[SESSION_KEY] = user.pk
        return True
    return False


def forget_staff_totp(request: HttpRequest | None) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)


class StaffMfaMiddleware:
    """Staff must set up TOTP before they use anything but the MFA and logout pages.

    The strategy's data (beneficiaries' profiles, unpublished results) sits behind staff
    accounts, so a stolen password alone must not open them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and requires_mfa(user)
            and not request.path.startswith(_allowed_prefixes())
            and not staff_totp_active(request)
        ):
            message = gettext(
                "Staff accounts need two-factor authentication. Set up an authenticator "
                "app to continue."
            )
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            from django.contrib import messages

            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
