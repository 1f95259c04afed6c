"""Events and courses placed in the programme: counted once, and on the workplan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from iite.events.services import event_create
from iite.monitoring.indicators import Scope, compute
from iite.monitoring.selectors import workplan_items_open
from iite.programme.models import Activity
from iite.programme.placement import workplan_item_choices
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory

from .factories import WorkplanFactory, WorkplanItemFactory

pytestmark = pytest.mark.django_db

HELD = datetime.datetime(2026, 3, 1, 10, tzinfo=datetime.UTC)


def test_an_event_attached_to_its_planned_activity_counts_once():
    """The webinar page made for an activity the programme recorded adds no second activity:
    the indicator counts one webinar, and its people once."""
    planned = ActivityFactory(code="ai-webinar", kind="webinar", start_date=HELD.date())
    ParticipationFactory(activity=planned)
    assert compute(Scope(year=2026)).measures["webinars.held"].value == 1
    event = event_create(
        title={"en": "AI webinar"},
        kind="webinar",
        starts_at=HELD,
        ends_at=HELD + datetime.timedelta(hours=1),
        status="published",
        activity=planned,
    )
    assert event.activity_id == planned.pk
    assert Activity.objects.count() == 1
    measures = compute(Scope(year=2026)).measures
    assert measures["webinars.held"].value == 1
    assert measures["webinars.people"].value == 1


def test_an_event_is_placed_on_an_open_workplan_item():
    """The form's workplan items are this year's items without an activity; choosing one
    links the event's activity to it, and the item is no longer offered."""
    year = datetime.date.today().year
    plan = WorkplanFactory(year=year)
    item = WorkplanItemFactory(workplan=plan, title={"en": "Webinar series on AI"})
    WorkplanItemFactory(workplan=plan, activity=ActivityFactory())
    assert workplan_items_open() == [(item.pk, "Webinar series on AI")]
    assert workplan_item_choices() == workplan_items_open()
    event = event_create(
        title={"en": "AI webinar"},
        kind="webinar",
        starts_at=HELD,
        ends_at=HELD + datetime.timedelta(hours=1),
        unit=ActivityFactory().unit,
        workplan_item=item.pk,
    )
    item.refresh_from_db()
    assert item.activity_id == event.activity_id
    assert workplan_items_open() == []


def test_an_item_carried_out_by_another_activity_is_refused():
    """Linking an item another activity carries out is refused, and nothing is written."""
    item = WorkplanItemFactory(activity=ActivityFactory(code="other"))
    with pytest.raises(ValidationError, match="not open for another activity"):
        event_create(
            title={"en": "AI webinar"},
            kind="webinar",
            starts_at=HELD,
            ends_at=HELD + datetime.timedelta(hours=1),
            unit=item.activity.unit,
            workplan_item=item.pk,
        )
    assert Activity.objects.count() == 1
