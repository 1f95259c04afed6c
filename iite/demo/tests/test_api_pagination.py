"""Every paginated operation of the API pages in the database with a capped size.

The operations are found in the OpenAPI document, so an endpoint added later with a
`limit`/`offset` or `page` parameter is checked without touching this test.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iite.accounts.tests.factories import UserFactory
from iite.core.pagination import MAX_LIMIT
from iite.events.models import AttendanceImport, Attendee, AttendeeStatus
from iite.events.services import registration_create
from iite.events.tests.factories import make_event
from iite.learning.tests.factories import make_course
from iite.library.tests.factories import make_publication
from iite.observatory.tests.factories import published_tool
from iite.partners.tests.factories import PartnerFactory
from iite.programme.tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db

HUGE = 10**20  # past SQLite's 64-bit integers: the reproduction's "datatype mismatch"


@pytest.fixture
def data() -> dict[str, str]:
    """One row for each paginated list."""
    event = make_event()
    person: Any = UserFactory()
    registration_create(event=event, user=person)
    report = AttendanceImport.objects.create(
        event=event, source="zoom", file_name="z.csv", file_hash="h", session_minutes=60
    )
    Attendee.objects.create(
        attendance_import=report,
        event=event,
        email="a@example.org",
        minutes=30,
        status=AttendeeStatus.UNMATCHED,
    )
    ParticipationFactory(activity=event.activity)
    make_course()
    PartnerFactory(is_public=True)
    PartnerFactory(is_public=True, kind="network")
    published_tool()
    make_publication(status="published", files={"en": "Teachers and artificial intelligence"})
    return {"slug": event.slug, "code": event.activity.code}


def _reader(client) -> None:
    """Sign in someone who may read every staff list (permissions, not the staff flag)."""
    user: Any = UserFactory()
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=[
                "view_participation",
                "manage_registrations",
                "import_attendance",
                "view_partner",
            ]
        )
    )
    client.force_login(user)


def _paginated_operations(schema: dict[str, Any]) -> list[tuple[str, set[str]]]:
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
        if {"limit", "offset"} <= names or "page" in names:
            found.append((path, names))
    return found


def _operations(client) -> list[tuple[str, set[str]]]:
    operations = _paginated_operations(client.get("/api/openapi.json").json())
    assert {path for path, _names in operations} >= {
        "/api/activities/",
        "/api/activities/{code}/participations",
        "/api/events/",
        "/api/events/{slug}/registrations",
        "/api/events/{slug}/attendance",
        "/api/learning/courses",
        "/api/partners/",
        "/api/partners/networks",
        "/api/partners/registry",
    }
    return operations


def _limits(queries: list[dict[str, str]]) -> list[int]:
    return [int(n) for query in queries for n in re.findall(r"\bLIMIT (\d+)", query["sql"])]


def test_every_paginated_operation_caps_its_page_in_the_database(client, data):
    """A huge limit or page size is capped: each page is one LIMIT ≤ MAX_LIMIT query, never all rows."""
    _reader(client)
    for path, names in _operations(client):
        url = path.format(**data)
        size = {"limit": HUGE} if "limit" in names else {"page": 1, "page_size": HUGE}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, size)
        assert response.status_code == 200, (url, response.content[:300])
        body = response.json()
        assert 1 <= len(body["items"]) <= MAX_LIMIT, url
        assert body["count"] >= len(body["items"])
        limits = _limits(captured.captured_queries)
        assert limits and max(limits) <= MAX_LIMIT, (url, limits)


@pytest.mark.parametrize(
    "beyond",
    [{"offset": HUGE}, {"offset": 10_000}, {"page": HUGE}, {"page": 10_000}],
    ids=["offset-huge", "offset-past", "page-huge", "page-past"],
)
def test_pages_beyond_the_data_are_empty_not_errors(client, data, beyond):
    """An offset or page past the end answers an empty page with the count, never a 500."""
    _reader(client)
    for path, names in _operations(client):
        if next(iter(beyond)) not in names:
            continue
        response = client.get(path.format(**data), beyond)
        assert response.status_code == 200, (path, response.content[:300])
        assert response.json()["items"] == []
        assert response.json()["count"] >= 1


@pytest.mark.parametrize(
    "url",
    [
        "/api/activities/?page=99999999999999999999",
        "/api/learning/courses?page=99999999999999999999",
    ],
)
def test_reproduction_page_overflow_on_public_lists(client, data, url):
    """Reproduction 6: the public lists answer an empty page for a page number past 2^64."""
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["items"] == []


def test_attendance_pages_many_rows_without_loading_them(
    client, data, django_assert_max_num_queries
):
    """Reproduction 5: 150 attendees, ?limit=99999999999999999999 gives 100 rows and count 150."""
    report = AttendanceImport.objects.get()
    Attendee.objects.bulk_create(
        Attendee(
            attendance_import=report,
            event=report.event,
            email=f"p{n}@example.org",
            minutes=n,
            status=AttendeeStatus.UNMATCHED,
        )
        for n in range(149)
    )
    _reader(client)
    url = f"/api/events/{data['slug']}/attendance?limit=99999999999999999999"
    with django_assert_max_num_queries(12):
        body = client.get(url).json()
    assert body["count"] == 150
    assert len(body["items"]) == MAX_LIMIT
    second = client.get(f"/api/events/{data['slug']}/attendance?limit=100&offset=100").json()
    assert len(second["items"]) == 50
    emails = {row["email"] for row in body["items"]} | {row["email"] for row in second["items"]}
    assert len(emails) == 150
