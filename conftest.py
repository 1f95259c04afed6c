"""Fixtures every domain's tests share.

Browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright against
pytest-django's live server; they never download a browser.

pytest-randomly shuffles the order of every run (the seed is in the header; repeat a run
with `-p randomly --randomly-seed=N`). pytest-django then moves the transactional tests,
the browser tests among them, after the others, keeping the shuffled order inside each
group: each browser test builds its own data and the database is flushed after it, so
they share the one live server in any order.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session", autouse=True)
def _static_from_sources() -> Iterator[None]:
    """Tests serve static files from the source folders: no collectstatic, never stale.

    Production's hashed, compressed storage is exercised by `make test`'s collectstatic
    step and by `make run`; here WhiteNoise finds each file where it is written.
    """
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        STORAGES=storages, WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True
    ):
        yield


@pytest.fixture(scope="session", autouse=True)
def _cache_in_memory() -> Iterator[None]:
    """Tests keep the cache in memory; the platform keeps it in the database.

    The query-count tests measure a domain's own queries and that a cached page needs
    none; the database cache would add its own. One test process has nothing to share
    the cache with; the tests of what must be shared (login rate limits, used TOTP
    codes) run against the database cache explicitly (iite/accounts/tests).
    """
    from django.test.utils import override_settings

    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts and ends in the default language.

    LocaleMiddleware activates the language of the URL a test requests (/zh-hans/) in the
    test's own thread and never deactivates it, so without this the next test would read
    Chinese messages.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _locmem_email(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _pages_not_kept(settings: Any) -> None:
    """A test's writes never commit (its transaction is rolled back), so the pages an app
    process keeps until a commit would outlive them. The keeping has its own tests, with
    real commits (iite/core/tests/test_public_pages_kept.py), which switch it back on."""
    settings.PUBLIC_PAGES_KEPT = False


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache: pages cached by one test never leak into another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_both_factors(monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(user)` stands for a person fully signed in: password and code.

    Staff sessions must have passed the second factor (StaffMfaMiddleware); the tests of
    the domains sign staff in with force_login to test their own pages. A password-only
    session is what `client.login(email=..., password=...)` makes, and what the accounts
    tests use to prove such a session reaches nothing.
    """
    from django.test.client import ClientMixin

    from iite.accounts.middleware import MFA_PASSED_SESSION_KEY

    original = ClientMixin.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        session = self.session
        session[MFA_PASSED_SESSION_KEY] = user.pk
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made
    # by the test itself (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright: Any) -> Iterator[Any]:
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class _ServerErrors(logging.Handler):
    """Keeps every server error (5xx) Django logs while a test runs."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            self.errors.append(f"{status or 'error'}: {record.getMessage()}")


@pytest.fixture(autouse=True)
def _no_server_errors_in_browser_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """A browser test fails on any server error logged during it.

    The browser shows a 500 page like any other, so a test that only looks at the page
    could pass over it; Django logs each one on "django.request".
    """
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    handler = _ServerErrors()
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if handler.errors:
        pytest.fail("Server errors during the test:\n" + "\n".join(handler.errors))


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser context per test; the base URL is the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_serious_violations(page: Any) -> list[dict[str, Any]]:
    """Violations axe-core rates serious or critical on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in {"serious", "critical"}
    ]


@pytest.fixture
def axe() -> Any:
    return axe_serious_violations


@pytest.fixture
def records_heard() -> Iterator[list[frozenset[str]]]:
    """The `kinds` of every `records_changed` signal sent while the test runs."""
    from iite.core.records import records_changed

    heard: list[frozenset[str]] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs["kinds"])

    records_changed.connect(listener)
    yield heard
    records_changed.disconnect(listener)


@pytest.fixture
def participation_bulk_calls(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Spy on `participation_record_many` as a module imported it.

    `participation_bulk_calls("iite.events.attendance")` returns a list that receives the
    entries of each call (the call itself still writes).
    """
    import importlib

    from iite.programme.services import participation_record_many

    def spy_on(module: str) -> list[list[Any]]:
        calls: list[list[Any]] = []

        def spy(*, entries: Any, **options: Any) -> Any:
            entries = list(entries)
            calls.append(entries)
            return participation_record_many(entries=entries, **options)

        monkeypatch.setattr(importlib.import_module(module), "participation_record_many", spy)
        return calls

    return spy_on
