"""Every page sends a Content-Security-Policy it satisfies, and a Permissions-Policy.

The policy allows scripts and styles from the platform's own files only, so no page may
hold an inline script, a style element or a style (or on…) attribute: the policy would
block them in the browser. The rendered pages are checked, and every page template too.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from iite.accounts.models import User
from iite.accounts.tests.factories import UserFactory, give_totp
from iite.core.registry import registry

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "core:home",
    "account_login",
    "account_signup",
    "account_reset_password",
    *(
        item.url_name
        for item in registry.nav
        if item.section in ("main", "more") and item.audience != "user"
    ),
]
SIGNED_IN_PAGES = ["accounts:profile", "accounts:delete", "learning:my", "mfa_index"]
STAFF_PAGES = [
    "admin:index",
    *(item.url_name for item in registry.nav if item.section == "staff"),
]
# Templates rendered to PDF by WeasyPrint, never served to a browser: their <style> is
# read by the PDF renderer, to which the policy does not apply.
PDF_TEMPLATES = {
    "credentials/certificate.html",
    "events/certificate_pdf.html",
    "library/demo_pdf.html",
    "monitoring/report.html",
    "readiness/report_pdf.html",
}


class InlineFinder(HTMLParser):
    """Collects what the policy would block: inline scripts, style elements and attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        # A JSON or JSON-LD data block is not a script: the browser never runs it.
        data_block = names.get("type") in ("application/json", "application/ld+json")
        if tag == "script" and "src" not in names and not data_block:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        for name, _value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")


def inline_code(html: str) -> list[str]:
    finder = InlineFinder()
    finder.feed(html)
    return finder.found


def _assert_page_keeps_the_policy(client, url_name: str) -> None:
    response = client.get(reverse(url_name), follow=True)  # a page may lead to another
    assert response.status_code == 200, url_name
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert "camera=()" in response["Permissions-Policy"]
    assert inline_code(response.content.decode()) == [], url_name


def test_the_policy_allows_only_the_platform_s_own_scripts_and_styles():
    policy = dict(
        directive.split(" ", 1) for directive in settings.CONTENT_SECURITY_POLICY.split("; ")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe" not in settings.CONTENT_SECURITY_POLICY


def test_the_finder_finds_what_the_policy_blocks():
    """The check below can fail: each kind of inline code is found."""
    html = (
        '<script>alert(1)</script><script src="/static/x.js"></script><style>p{}</style>'
        '<p style="color: red" onclick="x()">text</p>'
        '<script type="application/json">{}</script>'
        '<script type="application/ld+json">{}</script>'
    )
    assert inline_code(html) == [
        "<script> without src",
        "<style>",
        "<p style=…>",
        "<p onclick=…>",
    ]


@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_public_pages_send_the_headers_and_hold_no_inline_code(client, url_name):
    _assert_page_keeps_the_policy(client, url_name)


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_a_person_s_pages_send_the_headers_and_hold_no_inline_code(client, url_name):
    client.force_login(UserFactory(email="amina@example.org"))
    _assert_page_keeps_the_policy(client, url_name)


@pytest.mark.parametrize("url_name", STAFF_PAGES)
def test_staff_pages_send_the_headers_and_hold_no_inline_code(client, url_name):
    UserFactory(email="root@iite.example.org", is_staff=True, is_superuser=True)
    root = User.objects.get(email="root@iite.example.org")
    give_totp(root)
    client.force_login(root)
    _assert_page_keeps_the_policy(client, url_name)


def test_the_api_and_errors_send_the_headers_too(client):
    for response in (client.get("/api/countries/"), client.get("/en/no-such-page/")):
        assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
        assert response["Permissions-Policy"]


def _page_templates() -> list[Path]:
    roots = [settings.BASE_DIR / "templates", *(settings.BASE_DIR / "iite").glob("*/templates")]
    return [
        path
        for root in roots
        for path in sorted(root.rglob("*.html"))
        if path.relative_to(root).as_posix() not in PDF_TEMPLATES
    ]


def test_no_page_template_holds_inline_script_or_style():
    """Every template a browser receives, not only the pages requested above."""
    templates = _page_templates()
    assert len(templates) > 100
    offenders = {
        str(path.relative_to(settings.BASE_DIR)): found
        for path in templates
        if (found := inline_code(path.read_text()))
    }
    assert offenders == {}
