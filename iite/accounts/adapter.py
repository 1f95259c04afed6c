from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from django.http import HttpRequest
from django.utils import translation

from iite.core.sites import site_from_settings

from .models import User
from .selectors import user_language


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins are counted per account AND address.

        Per address alone, one attacker behind a school's or an office's shared address
        would lock every colleague out; per account alone, anyone could lock any account.
        """
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}|{ratelimit.get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """Refuse a login attempt with 429 once the failed-login budget is spent.

        allauth would show a form error with status 200; a 429 tells scripts and proxies
        plainly that the address is being throttled (ACCOUNT_RATE_LIMITS["login_failed"]).
        """
        cache_key = self._get_login_attempts_cache_key(request, **credentials)
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed", key=cache_key
        )
        if not self._login_failed_rl_usage:
            raise ImmediateHttpResponse(ratelimit.respond_429(request))

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every account e-mail names the platform from settings and speaks the reader's language.

        The recipient's preferred language wins over the page's (a password reset asked for
        from the English page reaches an Arabic reader in Arabic); a new address with no
        account yet gets the language of the page it was given on.
        """
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).only("preferred_language").first()
        language = user_language(user, translation.get_language()) if user else None
        context = {**context, "current_site": site_from_settings()}
        with translation.override(language or translation.get_language()):
            super().send_mail(template_prefix, email, context)
