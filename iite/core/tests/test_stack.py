"""The production topology on loopback (`make stack`): two app servers sharing sessions
and cache through Redis, PostgreSQL, the worker, and nginx that retries on the other
app server when one dies. Slow (it starts every service), so marked `stack`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[3]
STACK = [sys.executable, str(ROOT / "deploy" / "stack.py")]


@pytest.fixture(scope="module")
def stack():
    subprocess.run([*STACK, "start"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    yield
    subprocess.run([*STACK, "stop"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def _in_stack(code: str) -> str:
    """Run Python with Django set up as the stack's app servers run it; its output."""
    sys.path.insert(0, str(ROOT / "deploy"))
    import stack as launcher  # the launcher's own environment, not a copy of it

    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**launcher.environment(), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def _cache_status(url: str, cookie: str = "") -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        return response.headers.get("X-Cache", "")


def _get(url: str, cookie: str = "") -> tuple[int, str]:
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_stack_shares_sessions_caches_anonymous_pages_and_survives_an_app_server(stack):
    """One test, in this order (the last step kills an app server):

    1. sessions live in Redis: the same cookie opens the person's page on both servers;
    2. nginx serves the second anonymous request for a page from its cache, and sends a
       request with a session cookie to an app server every time;
    3. with one app server killed, every page through nginx still answers 200.
    """
    key = _in_stack(
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.cache import SessionStore\n"
        "user, _ = get_user_model().objects.get_or_create(email='stack-test@example.org')\n"
        "session = SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(session.session_key)"
    )
    for port in (8001, 8002):
        status, page = _get(f"http://127.0.0.1:{port}/en/me/", cookie=f"sessionid={key}")
        assert status == 200, port
        assert "stack-test@example.org" in page, port

    url = "http://127.0.0.1:8080/en/learning/"
    assert _cache_status(url) == "MISS"
    assert _cache_status(url) == "HIT"
    assert _cache_status(url, cookie=f"sessionid={key}") == "BYPASS"

    pid = int((ROOT / "var" / "stack" / "web-8001.pid").read_text())
    os.killpg(pid, signal.SIGKILL)
    statuses = [_get("http://127.0.0.1:8080/en/events/")[0] for _ in range(40)]
    assert statuses == [200] * 40
