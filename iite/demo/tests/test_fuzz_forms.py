"""Every form of the site, posted with hostile values, answers below 500.

The pages are found by crawling from the home page and every URL without parameters,
signed out and then as someone holding every permission (without the staff flag, so the
pages answer without two-factor). Each form found is posted once per hostile value
(every text field gets the value; every choice gets the value or a real option), to its
own action. A bounded crawl and a bounded list of values keep the run short.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from iite.accounts.tests.factories import UserFactory
from iite.events.tests.factories import make_event
from iite.learning.tests.factories import make_course
from iite.programme.tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db

MAX_PAGES = 120
HOSTILE = [
    "",
    "\x1b[2J\x00\x07",
    "99999999999999999999",
    "-1",
    "1e309",
    "nan",
    "2026-13-40",
    "<script>alert(1)</script>'\"; DROP TABLE x;--",
    "٣٤\u202e\u2028" + "é" * 5000,
]
# Pages whose forms end the session or erase the account: posting them ends the crawl.
SKIP = ("logout", "delete", "erase", "sign-out", "/admin/")


class _Forms(HTMLParser):
    """Links and POST forms (action, fields with one real option per choice) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "text": [], "choices": {}, "files": []}
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                self._form["choices"].setdefault(a["name"], a.get("value", "on"))
            elif kind == "file":
                self._form["files"].append(a["name"])
            elif kind == "hidden":
                self._form["choices"].setdefault(a["name"], a.get("value", ""))
            elif kind not in {"submit", "button", "image", "reset"}:
                self._form["text"].append(a["name"])
        elif tag == "textarea":
            self._form["text"].append(a["name"])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self._form["choices"].setdefault(self._select, a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _plain_urls() -> list[str]:
    """Every URL pattern without parameters, in English."""
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
                found.append("/" + (prefix + route).lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return [url.replace("/^", "/") for url in found if "api/" not in url]


def _crawl(client: Client) -> list[tuple[str, dict[str, Any]]]:
    queue = ["/en/", *_plain_urls()]
    seen: set[str] = set()
    forms: list[tuple[str, dict[str, Any]]] = []
    while queue and len(seen) < MAX_PAGES:
        url = urlsplit(queue.pop(0)).path
        if url in seen or any(word in url for word in SKIP) or not url.startswith("/en/"):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode(errors="replace"))
        queue.extend(urljoin(url, link) for link in parser.links if not link.startswith("#"))
        forms.extend((url, form) for form in parser.forms)
    return forms


def _post_hostile(client: Client, page: str, form: dict[str, Any]) -> None:
    action = urlsplit(urljoin(page, form["action"] or page)).path
    if any(word in action for word in SKIP):
        return
    for value in HOSTILE:
        data: dict[str, Any] = dict(form["choices"])
        data.update(dict.fromkeys(form["text"], value))
        for name in list(form["choices"])[::2]:  # every other choice gets the value too
            data[name] = value
        response = client.post(action, data)
        assert response.status_code < 500, (action, value[:40], response.content[:500])


def _reader() -> Any:
    user: Any = UserFactory()
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def data() -> None:
    event = make_event()
    ParticipationFactory(activity=event.activity)
    make_course()


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed-out", "every-permission"])
def test_every_form_survives_hostile_values(data, signed_in):
    """No form answers a 5xx to empty, huge, control-character, overflowing or markup values."""
    client = Client()
    if signed_in:
        client.force_login(_reader())
    forms = _crawl(client)
    # Signed out: sign in, sign up, password reset, verification; signed in: the studio,
    # the management pages, the profile... (139 when this test was written).
    assert len(forms) >= (60 if signed_in else 4)
    for page, form in forms:
        _post_hostile(client, page, form)
