from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

from .permissions import requires_mfa

# The session remembers, per user, that their TOTP exists, so the check costs one query
# per session rather than one per request. Removing the authenticator clears it
# (see signals.py).
SESSION_KEY = "iite_staff_totp_user"
# Set when the person activates TOTP in this very session: entering a valid code to
# activate it proves the second factor as much as entering one at sign-in does.
MFA_PASSED_SESSION_KEY = "iite_mfa_passed_user"

# Paths outside the language prefix a staff member may always reach.
_OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/health", "/favicon")


def _setup_prefixes() -> tuple[str, ...]:
    """Where a staff member without TOTP may go: setting it up, and signing out."""
    # reverse() follows the active language, which LocaleMiddleware set from the URL.
    return (
        reverse("mfa_index"),  # the whole MFA area: activate, recovery codes
        reverse("account_logout"),
        reverse("account_reauthenticate"),
        reverse("account_login"),
        *_OPEN_PREFIXES,
    )


def _pending_prefixes() -> tuple[str, ...]:
    """Where a session that has not passed its TOTP may go: the code, and signing out.

    Not the rest of the MFA area: a stolen password must not be enough to deactivate
    the authenticator or read the recovery codes.
    """
    return (reverse("mfa_reauthenticate"), reverse("account_logout"), *_OPEN_PREFIXES)


def staff_totp_active(request: HttpRequest) -> bool:
    """Whether the signed-in user has TOTP, remembered in the session once true."""
    user = request.user
    if request.session.get(SESSION_KEY) == user.pk:
        return True
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        request.session[SESSION_KEY] = user.pk
        return True
    return False


def session_passed_mfa(request: HttpRequest, user: Any) -> bool:
    """Whether THIS session proved the second factor, not merely that the user has one.

    allauth records each authentication step in the session ("password", then "mfa"
    after a TOTP or recovery code at sign-in or reauthentication); a session made by
    any door that skips the code (a password-only login) has no "mfa" record.
    """
    if request.session.get(MFA_PASSED_SESSION_KEY) == user.pk:
        return True
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def mark_mfa_passed(request: HttpRequest | None, user: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[MFA_PASSED_SESSION_KEY] = user.pk


def forget_staff_totp(request: HttpRequest | None) -> None:
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
        request.session.pop(MFA_PASSED_SESSION_KEY, None)


class StaffMfaMiddleware:
    """Staff sessions reach nothing but sign-in pages until they pass the second factor.

    The strategy's data (beneficiaries' profiles, registrations, financial figures) sits
    behind staff accounts, so a stolen password alone must not open them: a staff member
    without TOTP is sent to set it up, and a session that signed in without entering the
    code (whatever door it came through) is asked for the code first. Every page, the
    admin and the API are covered, because this runs for every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not requires_mfa(user):
            return self.get_response(request)
        if not request.path.startswith(_setup_prefixes()) and not staff_totp_active(request):
            return self._refuse(
                request,
                gettext(
                    "Staff accounts need two-factor authentication. Set up an authenticator "
                    "app to continue."
                ),
                reverse("mfa_activate_totp"),
            )
        if not request.path.startswith(_pending_prefixes()) and not session_passed_mfa(
            request, user
        ):
            if not staff_totp_active(request):
                return self.get_response(request)  # setting TOTP up, handled above
            query = urlencode({"next": request.get_full_path()})
            return self._refuse(
                request,
                gettext("Enter the code from your authenticator app to continue."),
                f"{reverse('mfa_reauthenticate')}?{query}",
            )
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, message: str, location: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect(location)
