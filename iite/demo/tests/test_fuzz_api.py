"""Property-based fuzzing of the whole API: no generated request gets a server error.

schemathesis reads /api/openapi.json and, for every operation, sends requests built from
its schema (and beyond it) to the WSGI application in the test database, once signed out
and once as a reader with every staff list's permission. Any 5xx fails the test with the
request that caused it. The number of examples is bounded so the run stays short.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.contrib.auth.models import Permission
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from config.api import api
from iite.accounts.tests.factories import UserFactory
from iite.events.tests.factories import make_event
from iite.learning.tests.factories import make_course
from iite.programme.tests.factories import ParticipationFactory


class _Application:
    """The WSGI application, built at the first request, under the test settings."""

    handler: WSGIHandler | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if self.handler is None:
            self.handler = WSGIHandler()
        return self.handler(environ, start_response)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
schema.app = _Application()


@pytest.fixture(autouse=True)
def _one_connection_per_test() -> Any:
    """As Django's test client does: a request's end must not close the database connection
    that holds the test's transaction (PostgreSQL would then answer "connection is closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(db: None) -> str:
    """Data for the paths to find, and the session of someone who may read staff lists."""
    event = make_event()
    ParticipationFactory(activity=event.activity)
    make_course()
    user: Any = UserFactory()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_participation", "manage_registrations", "import_attendance"]
        )
    )
    client = Client()
    client.force_login(user)
    return str(client.cookies["sessionid"].value)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error(case: Any, session_cookie: str) -> None:
    """Signed out and signed in, every generated request answers below 500."""
    for cookies in ({}, {"sessionid": session_cookie}):
        response = case.call(cookies=cookies)
        case.validate_response(response, checks=[not_a_server_error])
