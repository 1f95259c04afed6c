"""The production topology on loopback (`make stack`): two app servers sharing sessions
and cache through Redis, PostgreSQL, the worker, and nginx that retries on the other
app server when one dies; and what each failure does to it (Redis down, PostgreSQL
restarting, the worker killed mid-batch, an app server killed under load). Slow (it
starts every service), so marked `stack`: one ordered test, the stack started once."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

pytestmark = pytest.mark.stack

ROOT = Path(__file__).resolve().parents[3]
STACK = [sys.executable, str(ROOT / "deploy" / "stack.py")]


@pytest.fixture(scope="module")
def stack():
    subprocess.run([*STACK, "start"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    yield
    subprocess.run([*STACK, "stop"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


sys.path.insert(0, str(ROOT / "deploy"))
import stack as launcher  # noqa: E402 - the launcher's own environment and services

NGINX = "http://127.0.0.1:8080"
PSQL = ["psql", "-h", "127.0.0.1", "-U", "iite", "-d", "iite"]
# Filled only with values the test made itself.
HOLDERS = (
    "SELECT count(*) || ' ' || count(DISTINCT c.recipient_id) FROM credentials_credential c "
    "JOIN credentials_achievement a ON a.id = c.achievement_id WHERE a.code = '{code}'"
)
ISSUED = "SELECT issued FROM credentials_credentialbatch WHERE id = {batch}"
TASK = (
    "SELECT status || ' ' || jsonb_array_length(worker_ids) FROM django_tasks_database_dbtaskresult "
    "WHERE task_path LIKE '%.credential_batch_run' AND args_kwargs->'args'->>0 = '{batch}'"
)
PROGRESS = "SELECT status || ' ' || done FROM credentials_credentialbatch WHERE id = {batch}"
# The session of the stack's database waiting for a lock (the worker's, in the test below).
WAITING = (
    "SELECT coalesce(string_agg(pid::text, ' '), '') FROM pg_stat_activity "
    "WHERE wait_event_type = 'Lock' AND datname = 'iite' AND pid <> pg_backend_pid()"
)
APP = "http://127.0.0.1:{}"


def _in_stack(code: str) -> str:
    """Run Python with Django set up as the stack's app servers run it; its output."""
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
    """Status and page; a request nobody answered is status 0 (a lost request)."""
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _sql(query: str) -> str:
    """One value from the stack's PostgreSQL, without starting Django."""
    done = subprocess.run(
        [*PSQL, "-p", str(launcher.PG_PORT), "-tAc", query],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def _sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the form, as a browser does; the session cookie it was given."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/en/accounts/login/", timeout=15) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token, "no CSRF token on the sign-in form"
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback
        f"{base}/en/accounts/login/", data=data, headers={"Referer": f"{base}/en/accounts/login/"}
    )
    with opener.open(request, timeout=15) as response:
        assert response.status == 200
    session = next((c.value for c in jar if c.name == "sessionid"), "")
    assert session, "signing in set no session cookie"
    return f"sessionid={session}"


def _wait_gone(pid: int) -> None:
    """Until the killed process has ended (a signal is delivered, not awaited)."""
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} still runs")


def _log(name: str) -> str:
    return (ROOT / "var" / "stack" / f"{name}.log").read_text(errors="replace")


def _person(email: str, password: str) -> str:
    """A person who can sign in (verified address), and a session of theirs; its key."""
    return _in_stack(
        "from allauth.account.models import EmailAddress\n"
        "from django.conf import settings\n"
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, "
        "HASH_SESSION_KEY\n"
        "from importlib import import_module\n"
        f"user, _ = get_user_model().objects.get_or_create(email={email!r})\n"
        f"user.set_password({password!r})\n"
        "user.save()\n"
        "EmailAddress.objects.update_or_create(user=user, email=user.email, "
        "defaults={'verified': True, 'primary': True})\n"
        "session = import_module(settings.SESSION_ENGINE).SessionStore()\n"
        "session[SESSION_KEY] = str(user.pk)\n"
        "session[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "session[HASH_SESSION_KEY] = user.get_session_auth_hash()\n"
        "session.create()\n"
        "print(session.session_key)"
    )


def _redis_down_degrades_to_the_database(email: str, password: str, cookie: str) -> None:
    """Redis stopped: pages answer, an existing session holds, signing in works on one
    server and holds on the other; Redis back, both sessions still hold."""
    launcher.redis_stop()
    try:
        for port in launcher.APP_PORTS:
            for path in ("/en/", "/en/events/", "/en/learning/"):
                assert _get(APP.format(port) + path)[0] == 200, (port, path)
            status, page = _get(APP.format(port) + "/en/me/", cookie=cookie)
            assert (status, email in page) == (200, True), port
        signed_in = _sign_in(APP.format(8002), email, password)
        status, page = _get(APP.format(8001) + "/en/me/", cookie=signed_in)
        assert (status, email in page) == (200, True)
        status, page = _get(NGINX + "/en/me/", cookie=signed_in)
        assert (status, email in page) == (200, True)
        # The operator sees it in the app servers' log.
        assert "Redis unreachable" in _log("web-8001") + _log("web-8002")
    finally:
        launcher.redis_start()
    for session in (cookie, signed_in):
        for port in launcher.APP_PORTS:
            status, page = _get(APP.format(port) + "/en/me/", cookie=session)
            assert (status, email in page) == (200, True), (port, session)


def _worker_killed_mid_batch_finishes_exactly_once() -> None:
    """The worker killed during a credential batch (after its first chunk committed):
    restarted, it takes the batch up again; everyone holds exactly one credential.

    The kill lands in the second chunk however fast the machine: the test holds a lock
    on the last recipient's row, so the worker commits the first chunk and waits in the
    second (committing a credential's reference to its holder checks that row). It is
    killed there, with its connection, as when its machine dies: the second chunk's
    commit never completes."""
    tag = f"stack-{uuid.uuid4().hex[:10]}"
    people = 1200  # two chunks: the first committed, the worker killed in the second
    _in_stack(
        "from django.contrib.auth import get_user_model\n"
        f"get_user_model().objects.bulk_create([get_user_model()(email=f'{tag}-{{i}}@example.org') "
        f"for i in range({people})])\n"
        "print('made')"
    )
    holding = psycopg.connect(
        host="127.0.0.1", port=launcher.PG_PORT, user="iite", dbname="iite", autocommit=False
    )
    try:
        holding.execute(
            "SELECT id FROM accounts_user WHERE email LIKE %s ORDER BY id DESC LIMIT 1 FOR UPDATE",
            [f"{tag}-%"],
        )
        batch = _in_stack(
            "from django.contrib.auth import get_user_model\n"
            "from iite.credentials.models import Achievement\n"
            "from iite.credentials.services import credential_issue_batch\n"
            f"achievement = Achievement.objects.create(code={tag!r}, kind='Course', "
            "name={'en': 'Stack batch'}, description={'en': 'Stack batch'}, "
            "criteria={'en': 'Stack batch'})\n"
            f"recipients = get_user_model().objects.filter(email__startswith={tag + '-'!r})\n"
            "print(credential_issue_batch(achievement=achievement, recipients=recipients).pk)"
        )
        progress = PROGRESS.format(batch=batch)
        # Generous bounds: on a busy machine a chunk of 1,000 takes a minute to sign.
        for _ in range(1200):
            waiting = _sql(WAITING)
            if _sql(progress) == "running 1000" and waiting.isdigit():
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the batch did not reach its second chunk: {_sql(progress)}")
        worker = int((ROOT / "var" / "stack" / "worker.pid").read_text())
        os.killpg(worker, signal.SIGKILL)
        _wait_gone(worker)
        assert _sql(f"SELECT pg_terminate_backend({waiting})") == "t"
    finally:
        holding.rollback()
        holding.close()
    assert _sql(progress) == "running 1000", f"killed too late: {_sql(progress)}"

    # The worker restarted as systemd would (its own process, not this test's child).
    subprocess.run([*STACK, "worker"], cwd=ROOT, check=True)
    for _ in range(1500):
        if _sql(progress).split()[0] == "done":
            break
        time.sleep(0.2)
    holders = _sql(HOLDERS.format(code=tag))
    assert _sql(progress) == f"done {people}"
    assert holders == f"{people} {people}"
    assert _sql(ISSUED.format(batch=batch)) == str(people)
    # The task the worker was killed in was queued again by the same worker, once.
    assert _sql(TASK.format(batch=batch)) == "SUCCESSFUL 2"


def _postgres_restart_answers_503_never_500(email: str, cookie: str) -> None:
    """PostgreSQL stopped for a few seconds under requests, then started: every answer is
    a page (200) or the 503 page, never a 500 or a lost request; then the site is back."""
    statuses: list[int] = []
    wrong: list[str] = []  # each answer that was neither, with its address and page
    stop = threading.Event()

    def browse(url: str, session: str) -> None:
        while not stop.is_set():
            status, page = _get(url, cookie=session)
            if status == 503 and "/api/" not in url:
                assert "Briefly unavailable" in page
            statuses.append(status)
            if status not in (200, 503):
                wrong.append(f"{status} {url}: {page[:300]}")

    targets = [
        (NGINX + "/en/me/", cookie),
        (APP.format(8001) + "/en/me/", cookie),
        (APP.format(8002) + "/en/events/", ""),
        (APP.format(8001) + "/api/events/", ""),
    ]
    threads = [threading.Thread(target=browse, args=target) for target in targets]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        launcher.postgres_stop()
        time.sleep(3)  # an outage the requests above run into
    finally:
        launcher.postgres_start()
        stop.set()
        for thread in threads:
            thread.join()
    # With what the app servers logged of it: Django's server errors, gunicorn's own.
    errors = [
        line
        for port in launcher.APP_PORTS
        for line in _log(f"web-{port}").splitlines()
        if '"status_code": 500' in line or "Error handling request" in line
    ]
    assert not wrong, "\n".join([*wrong[:5], *errors[-5:]])
    assert 503 in statuses, "no request met the outage"
    for _ in range(100):
        if _get(NGINX + "/en/me/", cookie=cookie)[0] == 200:
            break
        time.sleep(0.2)
    for url, session in targets:
        assert _get(url, cookie=session)[0] == 200, url
    assert email in _get(NGINX + "/en/me/", cookie=cookie)[1]


def _app_server_killed_under_load_loses_no_request(cookie: str) -> None:
    """16 visitors at once, signed in (never served from nginx's cache), while one app
    server is killed outright (SIGKILL, as a crashed machine): nginx sends every request
    it could not hand to the killed server to the other one, so none is refused, lost or
    answered with an error. A response the killed server had already begun to send cannot
    be replayed: nginx has passed its status line on, as with any crash, so such a
    response arrives cut short. At most the requests in flight on that server at the
    kill (its 2 workers of 4 threads) can be cut, and only at the kill."""
    urls = ["/en/events/", "/en/learning/", "/en/me/", "/en/"]
    answered: list[int] = []
    cut: list[int] = []  # the number of answers before the kill, for each cut response
    killed = threading.Event()
    answered_at_kill: list[int] = []

    def visitor(number: int) -> None:
        for request in range(40):
            try:
                answered.append(_get(NGINX + urls[(number + request) % len(urls)], cookie)[0])
            except http.client.IncompleteRead:
                cut.append(len(answered))
            if len(answered) >= 100 and not killed.is_set():
                killed.set()
                answered_at_kill.append(len(answered))
                os.killpg(
                    int((ROOT / "var" / "stack" / "web-8001.pid").read_text()), signal.SIGKILL
                )

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(visitor, range(16)))
    assert killed.is_set()
    errors = [status for status in answered if status != 200]
    assert (len(answered) + len(cut), errors) == (16 * 40, [])
    assert len(cut) <= 2 * 4, cut
    # Only requests running when the server died: within 16 (one per visitor) of the kill.
    assert all(abs(at - answered_at_kill[0]) <= 16 for at in cut), (cut, answered_at_kill)


def test_the_stack_shares_sessions_caches_pages_and_survives_failures(stack):
    """One test, in this order (each step leaves the stack running for the next):

    1. sessions live in Redis: the same cookie opens the person's page on both servers;
    2. nginx serves the second anonymous request for a page from its cache, and sends a
       request with a session cookie to an app server every time;
    3. Redis down degrades to the database: pages, sessions and signing in still work;
    4. the worker killed mid-batch finishes the batch when it returns, exactly once;
    5. PostgreSQL restarting gives 503 pages, never a 500, and the site comes back;
    6. with one app server killed under load, no request is lost.
    """
    email, password = "stack-test@example.org", uuid.uuid4().hex
    key = _person(email, password)
    cookie = f"sessionid={key}"
    for port in launcher.APP_PORTS:
        status, page = _get(APP.format(port) + "/en/me/", cookie=cookie)
        assert status == 200, port
        assert email in page, port

    url = NGINX + "/en/learning/"
    assert _cache_status(url) == "MISS"
    assert _cache_status(url) == "HIT"
    assert _cache_status(url, cookie=cookie) == "BYPASS"

    _redis_down_degrades_to_the_database(email, password, cookie)
    _worker_killed_mid_batch_finishes_exactly_once()
    _postgres_restart_answers_503_never_500(email, cookie)
    _app_server_killed_under_load_loses_no_request(cookie)
