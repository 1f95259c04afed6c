"""The cached figures and results page follow every committed write, and nothing else.

Each write path the indicators read sends `records_changed` once it commits; the
receiver moves the indicators' cache namespace on. Tests run inside a transaction that
never commits, so they run the deferred callbacks with
`django_capture_on_commit_callbacks(execute=True)`, as a real commit would.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iite.accounts.services import profile_update
from iite.accounts.tests.factories import UserFactory
from iite.core.records import records_changed
from iite.events.services import event_create
from iite.monitoring import services as monitoring_services
from iite.monitoring.indicators import Scope, compute, compute_cached
from iite.partners.services import partner_save
from iite.partners.tests.factories import PartnerFactory
from iite.programme.importer import import_activities_file
from iite.programme.models import ActivityKind
from iite.programme.services import participation_record
from iite.programme.tests.factories import ActivityFactory
from iite.reference.tests.factories import CountryFactory
from iite.strategy.loader import strategy_load_reference
from iite.strategy.models import ProgrammeUnit

from .factories import ReportedValueFactory

pytestmark = pytest.mark.django_db

Y2026 = Scope(year=2026)


@pytest.fixture
def sent():
    """Every `records_changed` sent during the test, as (sender, kinds)."""
    calls: list[tuple[Any, frozenset[str]]] = []

    def receiver(sender: Any, kinds: frozenset[str], **_: Any) -> None:
        calls.append((sender, kinds))

    records_changed.connect(receiver, dispatch_uid="test-records-changed")
    yield calls
    records_changed.disconnect(dispatch_uid="test-records-changed")


def _figures(response: Any) -> dict[str, Any]:
    """The value of every measure on a results page that was rendered for this request."""
    assert response.status_code == 200
    assert response.context is not None, "served from the cache, not rendered"
    return {row.code: row.value for block in response.context["blocks"] for row in block.measures}


def test_a_country_changed_in_the_profile_shows_in_the_cached_figures_at_once(
    django_capture_on_commit_callbacks,
):
    """The reproduced defect: after a participant's country changes through their profile,
    `compute_cached()` says what `compute()` says as soon as the change commits, not the
    old country for up to five minutes."""
    kenya = CountryFactory(iso2="KE", iso3="KEN", unesco_region="africa")
    egypt = CountryFactory(iso2="EG", iso3="EGY", unesco_region="arab_states")
    person = UserFactory(country=kenya)
    with django_capture_on_commit_callbacks(execute=True):
        participation_record(activity=ActivityFactory(kind="webinar"), person=person, attended=True)
    before = compute_cached(Y2026)
    assert before.measures["webinars.people"].dims["country"] == {"KE": 1}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert profile_update(user=person, data={"country": egypt}) == ["country"]
    assert callbacks, "the participation records' update announced nothing"

    cached = compute_cached(Y2026)
    assert cached == compute(Y2026)
    assert cached.measures["webinars.people"].dims["country"] == {"EG": 1}


def test_a_write_rolled_back_sends_nothing_and_leaves_the_cache_as_it_was(
    sent, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """Work that rolls back never announces a change: nothing is sent and the cached
    figures, still right, are served from the cache."""
    webinar = ActivityFactory(kind="webinar")
    person = UserFactory()
    cached = compute_cached(Y2026)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="abandon"),
        transaction.atomic(),
    ):
        participation_record(activity=webinar, person=person, attended=True)
        raise RuntimeError("abandon the transaction")
    assert callbacks == []
    assert sent == []
    with django_assert_num_queries(0):
        assert compute_cached(Y2026) == cached
    assert cached == compute(Y2026)


@pytest.mark.parametrize(
    ("write", "sender", "kinds"),
    [
        pytest.param(
            lambda: partner_save(partner=PartnerFactory.build(slug="new-partner")),
            "partners",
            {"partner"},
            id="partner",
        ),
        pytest.param(
            lambda: monitoring_services.reported_value_save(
                value=ReportedValueFactory.build(), author=None
            ),
            "monitoring",
            {"reported_value"},
            id="reported-value",
        ),
    ],
)
def test_partner_and_reported_value_writes_send_records_changed_on_commit(
    sent, django_capture_on_commit_callbacks, write, sender, kinds
):
    """The partner registry and monitoring's reported values announce their writes once
    they commit, and the cached figures are rebuilt from them."""
    compute_cached(Y2026)
    with django_capture_on_commit_callbacks(execute=True):
        write()
        assert sent == []  # not before the commit
    assert sent == [(sender, frozenset(kinds))]
    with CaptureQueriesContext(connection) as rebuilt:
        assert compute_cached(Y2026) == compute(Y2026)
    assert rebuilt.captured_queries


def test_an_import_shows_on_the_public_results_page_once_committed(
    client, django_capture_on_commit_callbacks
):
    """A staff import of activities with participation counts is on the public results
    page as soon as its transaction commits; before that, visitors get the cached page."""
    strategy_load_reference()
    first = _figures(client.get("/en/results/?year=2026"))
    csv = (
        "code,title,kind,start_date,status,participants_total,participants_female,"
        "participants_male,participants_not_stated,unit\n"
        "imported-webinar-2026,Imported webinar,webinar,2026-04-02,completed,40,25,15,0,TPDN\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = import_activities_file(
            name="activities.csv", handle=io.BytesIO(csv.encode()), user=None
        )
        assert report.ok, report.errors
        assert client.get("/en/results/?year=2026").context is None  # not committed yet
    after = _figures(client.get("/en/results/?year=2026"))
    assert after["webinars.held"] == first["webinars.held"] + 1
    assert after["webinars.people"] == first["webinars.people"] + 40
    assert after["webinars.women"] == first["webinars.women"] + 25


def test_an_event_registration_shows_on_the_public_results_page_once_committed(
    client, django_capture_on_commit_callbacks
):
    """A person who registers through the event page counts as soon as the registration
    commits, where the strategy counts registrations: participants in a competition."""
    strategy_load_reference()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        event = event_create(
            title={"en": "AI hackathon"},
            kind=ActivityKind.COMPETITION,
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(days=1),
            status="published",
            unit=ProgrammeUnit.objects.filter(period__is_current=True).first(),
        )
    year = f"/en/results/?year={event.activity.start_date.year}"
    first = _figures(client.get(year))
    assert first["competitions.held"] == 1

    registrant = Client()
    registrant.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        response = registrant.post(f"/en/events/{event.slug}/register/")
        assert response.status_code == 302
        assert client.get(year).context is None  # not committed yet
    after = _figures(client.get(year))
    assert after["competitions.participants"] == first["competitions.participants"] + 1
    assert after["competitions.held"] == 1


def test_the_receiver_ignores_changes_the_indicators_do_not_count(django_assert_num_queries):
    """A change to a course's catalogue entry alone keeps the figures in the cache; an
    activity change drops them. Called with no arguments, the receiver drops them at once."""
    compute_cached(Y2026)
    records_changed.send(sender="learning", kinds=frozenset({"course"}))
    with django_assert_num_queries(0):
        compute_cached(Y2026)
    records_changed.send(sender="programme", kinds=frozenset({"activity"}))
    with CaptureQueriesContext(connection) as rebuilt:
        compute_cached(Y2026)
    assert rebuilt.captured_queries
    monitoring_services.indicators_invalidate()
    with CaptureQueriesContext(connection) as rebuilt:
        compute_cached(Y2026)
    assert rebuilt.captured_queries
