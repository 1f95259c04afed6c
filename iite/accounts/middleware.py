from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


class StaffMfaMiddleware:
    """Staff must set up TOTP before they use anything but the MFA and logout pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            from allauth.mfa.models import Authenticator

            allowed = (
                reverse("mfa_activate_totp"),
                reverse("mfa_index"),
                reverse("account_logout"),
                reverse("mfa_view_recovery_codes"),
                reverse("mfa_download_recovery_codes"),
                "/static/",
                "/i18n/",
                "/health",
            )
            if (
                not request.path.startswith(allowed)
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
