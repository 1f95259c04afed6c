"""When Redis or the database fails: the database cache answers, a 503 page, tasks taken up."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
import redis
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from redis.exceptions import ConnectionError as RedisConnectionError

from iite.accounts.tests.factories import UserFactory
from iite.core import resilience
from iite.core.management.commands import task_worker
from iite.core.management.commands.task_worker import tasks_take_up
from iite.core.ratelimit import Limit, ratelimit_hit
from iite.core.resilience import FallbackRedisCache

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).resolve().parents[3] / "config" / "settings.py"


@pytest.fixture
def redis_away(monkeypatch):
    """A FallbackRedisCache whose Redis refuses connections, falling back to `default`."""
    monkeypatch.setattr(resilience, "_retry_at", {})
    monkeypatch.setattr(resilience, "_missed_writes", set())
    # Nothing listens on port 1: the connection is refused at once.
    return FallbackRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"FALLBACK": "default", "RETRY_AFTER": 60}}
    )


def test_redis_unreachable_the_database_cache_answers(redis_away):
    """Writes and reads go to the database cache, counters keep counting (rate limits)."""
    redis_away.set("page", "built once")
    assert redis_away.get("page") == "built once"
    assert cache.get("page") == "built once"  # the database cache is the fallback
    assert redis_away.add("login-attempts", 1) is True
    assert redis_away.add("login-attempts", 1) is False
    assert redis_away.incr("login-attempts") == 2
    assert redis_away.get_many(["page", "missing"]) == {"page": "built once"}
    redis_away.delete("page")
    assert redis_away.get("page") is None
    assert set(resilience._retry_at) == {"redis://127.0.0.1:1/0"}
    assert resilience._missed_writes == {"redis://127.0.0.1:1/0"}


def test_redis_is_left_alone_for_a_while_after_an_error(redis_away, monkeypatch):
    """After one refused connection, this process asks the database cache directly."""
    calls = []
    real_get = RedisCache.get

    def counting_get(self, *args, **kwargs):
        calls.append(args[0])
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counting_get)
    for _ in range(5):
        assert redis_away.get("anything", "default") == "default"
    assert calls == ["anything"]


def test_redis_back_after_missed_writes_both_caches_are_emptied(redis_away, monkeypatch):
    """A bump or a sign-out Redis missed would leave it stale: the first reach empties it."""
    redis_away.set("events:catalogue:version", 7)
    assert cache.get("events:catalogue:version") == 7
    emptied = []
    monkeypatch.setattr(
        redis.Redis, "flushdb", lambda self, asynchronous=False, **kw: emptied.append(asynchronous)
    )
    monkeypatch.setattr(RedisCache, "get", lambda self, key, default=None, version=None: "fresh")
    monkeypatch.setattr(resilience, "_retry_at", {redis_away.location: 0.0})

    assert redis_away.get("events:catalogue:version") == "fresh"
    assert emptied == [True]  # FLUSHDB ASYNC: freed in the background by Redis
    assert cache.get("events:catalogue:version") is None  # the fallback emptied too
    assert resilience._missed_writes == set()
    assert resilience._retry_at == {}
    redis_away.get("other")
    assert emptied == [True]  # once, not on every call


def test_redis_failing_again_after_it_came_back_falls_back_again(redis_away, monkeypatch):
    """The fallback is per outage: a later error switches to the database cache again."""

    def refuse(self, *args, **kwargs):
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(RedisCache, "set", refuse)
    redis_away.set("key", "value")
    assert cache.get("key") == "value"


@pytest.fixture
def unreachable_database(monkeypatch):
    """Every page's database access fails as it does while PostgreSQL restarts."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: the database system is starting up")

    return refuse


def test_a_page_that_cannot_reach_the_database_is_a_503_in_the_visitors_language(
    monkeypatch, unreachable_database
):
    """The visitor sees a page in the language of the URL with Retry-After, never a 500."""
    monkeypatch.setattr("iite.core.views.render", unreachable_database)
    response = Client(raise_request_exception=False).get("/ar/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<meta http-equiv="refresh" content="10">' in html


def test_a_database_error_met_in_middleware_is_a_503_too(monkeypatch, unreachable_database):
    """The session is read before the view: its connection error is a 503, not a 500."""
    monkeypatch.setattr(
        "django.contrib.sessions.backends.db.SessionStore.load", unreachable_database
    )
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/en/me/")
    assert response.status_code == 503
    assert "Briefly unavailable" in response.content.decode()
    assert response["Retry-After"] == "10"


def test_the_api_answers_a_json_503(monkeypatch):
    """An API client gets JSON it can parse, with Retry-After."""

    def dropped(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", dropped)
    response = Client(raise_request_exception=False).get("/api/events/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response.json() == {
        "detail": "The service is briefly unavailable. Please try again shortly."
    }


def test_other_errors_stay_500(monkeypatch):
    """Only a database connection error is a 503; a bug is still a server error."""

    def bug():
        raise ZeroDivisionError

    monkeypatch.setattr(
        "iite.core.views.home_sections", [SimpleNamespace(template="core/home.html", data=bug)]
    )
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == 500


def test_an_error_raised_because_of_a_database_error_is_a_503(monkeypatch):
    """Code that met the database's error and raised its own (a value it could not read)
    still shows the visitor the 503 page, not a server error."""

    def unreadable():
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as error:
            raise LookupError("the sections could not be read") from error

    monkeypatch.setattr(
        "iite.core.views.home_sections",
        [SimpleNamespace(template="core/home.html", data=unreadable)],
    )
    response = Client(raise_request_exception=False).get("/fr/")
    assert response.status_code == 503
    assert '<html lang="fr" dir="ltr">' in response.content.decode()


def _swallowed_database_error_then_a_bug():
    """What a page does whose query failed and whose code went on without the rows: the
    connection's error was caught, and the bug it leads to is raised outside the handler."""
    rows = None
    try:
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError("terminating connection")
    except OperationalError:
        pass
    return rows["sections"]  # type: ignore[index]


@pytest.mark.parametrize(("answers", "status"), [(False, 503), (True, 500)])
def test_a_server_error_while_the_database_does_not_answer_is_a_503(monkeypatch, answers, status):
    """A server error whose cause was hidden is a 503 when the database does not answer
    (one `SELECT 1` tells); while it answers, the error is a bug and stays a 500."""
    monkeypatch.setattr(
        "iite.core.views.home_sections",
        [SimpleNamespace(template="core/home.html", data=_swallowed_database_error_then_a_bug)],
    )
    monkeypatch.setattr(type(connections["default"]), "is_usable", lambda self: answers)
    response = Client(raise_request_exception=False).get("/en/")
    assert response.status_code == status


@pytest.mark.parametrize(("answers", "status"), [(False, 503), (True, 400)])
def test_a_session_that_could_not_be_saved_while_the_database_is_away_is_a_503(
    monkeypatch, settings, answers, status
):
    """Django answers a session it could not save with "session interrupted" (a 400): while
    the database does not answer, the visitor gets the 503 page instead; while it answers
    (the session was deleted meanwhile), the 400 stays."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    settings.SESSION_SAVE_EVERY_REQUEST = True

    def lost(self, *args, **kwargs):
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError("terminating connection")

    monkeypatch.setattr(Session, "save", lost)
    monkeypatch.setattr(type(connections["default"]), "is_usable", lambda self: answers)
    response = client.get("/en/")
    assert response.status_code == status


def _running(worker_ids: list[str]) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now(),
        args_kwargs={"args": [1], "kwargs": {}},
        task_path="iite.credentials.services.credential_batch_run",
        worker_ids=worker_ids,
        backend_name="default",
        run_after=timezone.now(),
    )


def test_the_worker_takes_up_the_tasks_it_left_running(settings):
    """Only this worker's orphans go back in the queue; one that keeps killing it fails."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mine = _running(["host-a"])
    elsewhere = _running(["host-a", "host-b"])
    hopeless = _running(["host-a", "host-a", "host-a"])

    assert tasks_take_up(worker_id="host-a", backend_name="default") == (1, 1)
    mine.refresh_from_db()
    elsewhere.refresh_from_db()
    hopeless.refresh_from_db()
    assert (mine.status, mine.started_at) == (TaskResultStatus.READY, None)
    assert elsewhere.status == TaskResultStatus.RUNNING
    assert hopeless.status == TaskResultStatus.FAILED
    assert "The worker stopped 3 times during this task" in hopeless.traceback


def test_the_worker_waits_for_the_database_instead_of_exiting(monkeypatch, settings):
    """A database restart under the worker: it waits, takes its task up again, runs on."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    attempts: list[str] = []

    def take_up(**kwargs):
        attempts.append(kwargs["worker_id"])
        if len(attempts) == 1:
            raise OperationalError("the database system is shutting down")
        return (0, 0)

    ran: list[str] = []
    closed: list[bool] = []
    monkeypatch.setattr(task_worker, "tasks_take_up", take_up)
    monkeypatch.setattr(task_worker, "DATABASE_WAIT_SECONDS", 0)
    # The real worker loop installs signal handlers in this process, and closing every
    # connection would end the test's own transaction: both stand in for themselves here.
    monkeypatch.setattr(
        task_worker.db_worker.Command, "handle", lambda self, *a, **o: ran.append(o["worker_id"])
    )
    monkeypatch.setattr(
        task_worker.connections, "close_all", lambda: closed.append(True), raising=True
    )
    call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w")
    assert attempts == ["w", "w"]
    assert ran == ["w"] and closed == [True]


def test_rate_limits_keep_counting_while_redis_is_down(settings, monkeypatch):
    """With the production cache settings and Redis unreachable, a limit still refuses the
    hit past its budget: the counts move to the database, they do not fail open."""
    monkeypatch.setattr(resilience, "_retry_at", {})
    monkeypatch.setattr(resilience, "_missed_writes", set())
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setenv("SECRET_KEY", "x")
    settings.CACHES = runpy.run_path(str(SETTINGS))["CACHES"]
    call_command("createcachetable", verbosity=0)
    limit = Limit("sign-in", hits=3, window=60)
    assert [ratelimit_hit(limit, "203.0.113.9") for _ in range(4)] == [True, True, True, False]
    assert resilience._missed_writes == {"redis://127.0.0.1:1/0"}


def test_a_value_set_without_a_timeout_keeps_the_default_one(redis_away, monkeypatch):
    """As with Django's own caches: no timeout means the configured default, not forever."""
    stored = []
    monkeypatch.setattr(RedisCache, "set", lambda self, *args, **kwargs: stored.append(args))
    monkeypatch.setattr(resilience, "_retry_at", {})
    monkeypatch.setattr(resilience, "_missed_writes", set())
    redis_away.set("page", "html")
    assert stored == [("page", "html", DEFAULT_TIMEOUT)]
