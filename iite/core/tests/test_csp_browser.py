"""In the browser, no page breaks its own Content-Security-Policy.

Chromium reports each blocked script, style or attribute as a `securitypolicyviolation`
event and on the console; pages a visitor, a learner and staff open must report none.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    """A session with both factors passed, as the browser's cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from iite.accounts.middleware import MFA_PASSED_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[MFA_PASSED_SESSION_KEY] = user.pk
    session.save()
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def _violations(page: Any, path: str, console: list[str]) -> list[str]:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert response.headers["content-security-policy"] == settings.CONTENT_SECURITY_POLICY
    page.wait_for_load_state("load")
    reported = [*page.evaluate("window.__cspViolations"), *console]
    console.clear()  # the console listener outlives the page
    return reported


def test_pages_report_no_policy_violation(page, live_server):
    """Public pages, a learning platform with its accent colour, a learner's progress and
    staff pages load with every script and style allowed."""
    from iite.accounts.models import User
    from iite.accounts.tests.factories import UserFactory, give_totp
    from iite.learning.tests.factories import make_platform

    platform = make_platform(accent_colour="#b03a2e")
    UserFactory(email="root@iite.example.org", is_staff=True, is_superuser=True)
    root = User.objects.get(email="root@iite.example.org")
    give_totp(root)

    console: list[str] = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(_LISTEN)
    found = {}
    public = [
        reverse("core:home"),
        reverse("account_login"),
        reverse("events:catalogue"),
        reverse("learning:catalogue"),
        reverse("strategy:framework"),
        reverse("learning:platform", args=[platform.slug]),
    ]
    for path in public:
        if violations := _violations(page, path, console):
            found[path] = violations
    # The accent colour reaches the page through the script, not a style attribute.
    accent = page.evaluate(
        "getComputedStyle(document.querySelector('.platform-hero'))"
        ".getPropertyValue('--platform-accent')"
    )
    assert accent.strip() == "#b03a2e"

    _sign_in(page, live_server, root)
    for path in ["/en/admin/", reverse("learning:my"), reverse("monitoring:staff_dashboard")]:
        if violations := _violations(page, path, console):
            found[path] = violations
    assert found == {}
