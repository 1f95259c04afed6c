"""An approved workplan changes only through a revision approved in turn; progress is computed."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from iite.monitoring import actions, selectors, services
from iite.monitoring.indicators import MEASURES, Scope, compute
from iite.monitoring.models import Workplan, WorkplanItem, WorkplanRevision
from iite.programme.tests.factories import ActivityFactory, ParticipationFactory

from .factories import WorkplanFactory, WorkplanItemFactory
from .helpers import administrator, programme_officer

pytestmark = pytest.mark.django_db

d = datetime.date


def _approved_plan() -> tuple[Any, Any]:
    workplan = WorkplanFactory(
        year=2026, status="approved", approved_on=d(2025, 12, 5), approval_reference="GB-2025"
    )
    item = WorkplanItemFactory(
        workplan=workplan, title={"en": "Conference"}, target={"en": "1,000 people"}, order=0
    )
    return workplan, item


def _snapshot(item: WorkplanItem) -> tuple[str, str, Decimal]:
    item.refresh_from_db()
    return str(item.title), str(item.target), item.planned_cost_usd


def test_approved_workplan_refuses_the_forms_and_writes_nothing(client):
    """Editing an approved plan's items or title, or adding an item, by the forms is refused
    with the reason; nothing is written."""
    _workplan, item = _approved_plan()
    before = _snapshot(item)
    client.force_login(programme_officer())
    edit = {
        "title_en": "Changed",
        "original_language": "en",
        "target_en": "5 people",
        "planned_cost_usd": "1",
        "order": "0",
    }
    response = client.post(f"/en/results/manage/workplans/2026/items/{item.pk}/", edit, follow=True)
    assert "change it through a revision, which needs approval again" in response.content.decode()
    response = client.post("/en/results/manage/workplans/2026/items/new/", edit)
    assert response.status_code == 302
    response = client.post(
        "/en/results/manage/workplans/2026/edit/",
        {"year": "2026", "title_en": "Other", "original_language": "en"},
    )
    assert response.status_code == 302
    assert _snapshot(item) == before
    assert WorkplanItem.objects.count() == 1
    assert str(Workplan.objects.get().title) == "Workplan 2026"


def test_approved_workplan_refuses_the_api_and_writes_nothing(client):
    """PATCH of a planned field answers 409 and writes nothing, even with a narrative in the
    same request; the narrative alone is accepted."""
    _workplan, item = _approved_plan()
    before = _snapshot(item)
    client.force_login(programme_officer())
    url = f"/api/indicators/workplans/2026/items/{item.pk}"
    response = client.patch(
        url,
        {"planned_cost_usd": "5", "narrative": "Venue booked."},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "change it through a revision" in response.json()["detail"]
    item.refresh_from_db()
    assert _snapshot(item) == before and str(item.narrative) == ""
    response = client.patch(url, {"narrative": "Venue booked."}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["items"][0]["narrative"] == "Venue booked."
    assert _snapshot(item) == before


def test_services_refuse_direct_changes_to_an_approved_workplan():
    workplan, item = _approved_plan()
    item.target = {"en": "Other"}
    with pytest.raises(ValidationError):
        services.workplan_item_save(item=item)
    with pytest.raises(ValidationError):
        services.workplan_item_delete(item=item)
    workplan.title = {"en": "Renamed"}
    with pytest.raises(ValidationError):
        services.workplan_save(workplan=workplan)
    assert str(WorkplanItem.objects.get().target) == "1,000 people"


def test_status_cannot_be_set_back_to_draft(client):
    """The approved plan has no status form, and a posted 'draft' is refused; the status
    form of a draft offers no default and only the next status."""
    _workplan, _item = _approved_plan()
    client.force_login(administrator())
    page = client.get("/en/results/manage/workplans/2026/").content.decode()
    assert 'name="status"' not in page
    client.post(
        "/en/results/manage/workplans/2026/status/", {"status": "draft", "on": "2026-03-01"}
    )
    assert Workplan.objects.get().status == "approved"
    WorkplanFactory(year=2027)
    page = client.get("/en/results/manage/workplans/2027/").content.decode()
    assert '<option value="submitted">' in page and '<option value="draft"' not in page
    # Editing the title of a draft keeps its status, whatever is posted.
    submitted = WorkplanFactory(year=2028, status="submitted")
    client.post(
        "/en/results/manage/workplans/2028/edit/",
        {"year": "2028", "title_en": "Plan", "original_language": "en", "status": "draft"},
    )
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_revision_changes_the_plan_only_once_approved(client, django_capture_on_commit_callbacks):
    """An officer opens a revision, changes an item and adds one: the approved plan stays as
    it was through submission; an officer cannot approve; the administrator's approval
    makes the revision the plan, is in the history and is mailed to the proposer."""
    workplan, item = _approved_plan()
    before = _snapshot(item)
    officer = programme_officer()
    client.force_login(officer)
    response = client.post(
        "/en/results/manage/workplans/2026/revisions/new/", {"reason": "Budget cut in H2"}
    )
    assert response.status_code == 302
    revision = WorkplanRevision.objects.get()
    assert (revision.number, revision.status, revision.proposed_by) == (1, "draft", officer)
    base = "/en/results/manage/workplans/2026/revisions/1"
    changed = {
        "title_en": "Conference, online",
        "original_language": "en",
        "target_en": "600 people",
        "planned_cost_usd": "20000",
        "order": "0",
    }
    assert client.post(f"{base}/items/0/", changed).status_code == 302
    added = {**changed, "title_en": "Webinar", "target_en": "", "order": "1"}
    assert client.post(f"{base}/items/new/", added).status_code == 302
    assert _snapshot(item) == before and WorkplanItem.objects.count() == 1
    page = client.get(f"{base}/").content.decode()
    assert "changed" in page and "new" in page
    client.post(f"{base}/decide/", {"decision": "submit", "on": "2026-06-01"})
    assert WorkplanRevision.objects.get().status == "submitted"
    assert (
        client.post(f"{base}/decide/", {"decision": "approve", "on": "2026-06-20"}).status_code
        == 403
    )
    assert _snapshot(item) == before
    # A second revision cannot be opened while one is under way.
    with pytest.raises(ValidationError):
        services.workplan_revision_open(workplan=workplan, reason="Again", by=officer)

    client.force_login(administrator())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{base}/decide/",
            {"decision": "approve", "on": "2026-06-20", "reference": "GB-2026-3"},
        )
    assert response.status_code == 302
    revision.refresh_from_db()
    assert (revision.status, revision.decided_on, revision.decision_reference) == (
        "approved",
        d(2026, 6, 20),
        "GB-2026-3",
    )
    assert _snapshot(item) == ("Conference, online", "600 people", Decimal("20000"))
    assert [str(i.title) for i in Workplan.objects.get().items.order_by("order")] == [
        "Conference, online",
        "Webinar",
    ]
    assert Workplan.objects.get().status == "approved"
    entry = LogEntry.objects.get_for_object(workplan).filter(actor__isnull=False).first()
    assert entry is not None and entry.additional_data["event"] == "workplan_revision_approved"
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "Revision 1 of the 2026 workplan is approved" in mail.outbox[0].subject


def test_a_rejected_revision_leaves_the_plan_and_dropped_items_stay():
    """Rejecting keeps the approved plan; approving a revision that drops an item deletes it."""
    workplan, item = _approved_plan()
    other = WorkplanItemFactory(workplan=workplan, title={"en": "Brief"}, order=1)
    officer, admin = programme_officer(), administrator()
    revision = services.workplan_revision_open(workplan=workplan, reason="Drop", by=officer)
    services.workplan_revision_item_remove(revision=revision, index=1)
    services.workplan_revision_submit(revision=revision)
    services.workplan_revision_reject(revision=revision, by=admin)
    assert WorkplanItem.objects.count() == 2
    revision = services.workplan_revision_open(workplan=workplan, reason="Drop again", by=officer)
    assert revision.number == 2
    services.workplan_revision_item_remove(revision=revision, index=1)
    with pytest.raises(ValidationError):  # not yet submitted
        actions.WorkplanRevisionApprove(revision, admin, on=d(2026, 7, 1)).execute()
    services.workplan_revision_submit(revision=revision)
    with pytest.raises(PermissionDenied):
        actions.WorkplanRevisionApprove(revision, officer, on=d(2026, 7, 1)).execute()
    actions.WorkplanRevisionApprove(revision, admin, on=d(2026, 7, 1)).execute()
    assert list(WorkplanItem.objects.values_list("pk", flat=True)) == [item.pk]
    assert not WorkplanItem.objects.filter(pk=other.pk).exists()


def test_workplan_approval_is_an_action_with_history_and_mail(
    client, django_capture_on_commit_callbacks
):
    """Only an administrator approves a submitted plan; the history names the decision and
    whoever submitted the plan is told."""
    officer = programme_officer()
    WorkplanFactory(year=2026)
    client.force_login(officer)
    client.post(
        "/en/results/manage/workplans/2026/status/", {"status": "submitted", "on": "2026-01-10"}
    )
    workplan = Workplan.objects.get()
    assert (workplan.status, workplan.submitted_by) == ("submitted", officer)
    with pytest.raises(PermissionDenied):
        actions.WorkplanApprove(workplan, officer, on=d(2026, 2, 1)).execute()
    client.force_login(administrator())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/results/manage/workplans/2026/status/",
            {"status": "approved", "on": "2026-02-01", "reference": "GB-7"},
        )
    workplan.refresh_from_db()
    assert (workplan.status, workplan.approved_on, workplan.approval_reference) == (
        "approved",
        d(2026, 2, 1),
        "GB-7",
    )
    events = [
        e.additional_data.get("event")
        for e in LogEntry.objects.get_for_object(workplan)
        if e.additional_data
    ]
    assert "workplan_approved" in events
    assert [m.to for m in mail.outbox] == [[officer.email]]


# --- Computed progress ---------------------------------------------------------------------


def _progress(item: WorkplanItem, today: datetime.date) -> selectors.ItemProgress:
    values = compute(Scope(year=2026)).measures.get(item.measure) if item.measure else None
    return selectors.item_progress(item, values, today=today)


def test_six_thousand_certified_item_is_behind_with_its_figure():
    """'6000 certified' linked to an ongoing course that has certified 7: behind in July,
    with '7 of 6,000', not 'on track'."""
    course = ActivityFactory(
        kind="course",
        code="elib-ai",
        status="ongoing",
        start_date=d(2026, 2, 1),
        end_date=d(2026, 12, 31),
    )
    for _n in range(7):
        ParticipationFactory(activity=course, completed=True, certified=True, person_role="teacher")
    item = WorkplanItemFactory(
        workplan=WorkplanFactory(year=2026, status="approved"),
        activity=course,
        measure="platforms.certified",
        target_value=6000,
        target={"en": "6000 certified"},
    )
    assert "platforms.certified" in MEASURES
    progress = _progress(item, d(2026, 7, 15))
    assert (progress.state, progress.figure, progress.target) == ("behind", 7, 6000)
    assert progress.label == "Behind (7 of 6,000)"
    assert progress.activities == (("elib-ai", "ongoing"),)
    # The same item once the target is reached is done.
    item.target_value = 7
    assert _progress(item, d(2026, 7, 15)).state == "done"


def test_progress_from_linked_activities_without_an_indicator_target():
    """Planned ahead, ongoing once started, done when completed, behind when a planned
    activity has not started by its date or the year is over."""
    workplan = WorkplanFactory(year=2026, status="approved")
    future = WorkplanItemFactory(
        workplan=workplan,
        activity=ActivityFactory(status="planned", start_date=d(2026, 10, 1)),
    )
    running = WorkplanItemFactory(
        workplan=workplan,
        activity=ActivityFactory(
            status="ongoing", start_date=d(2026, 5, 1), end_date=d(2026, 9, 1)
        ),
    )
    finished = WorkplanItemFactory(workplan=workplan, activity=ActivityFactory(status="completed"))
    nothing = WorkplanItemFactory(workplan=workplan)
    july = d(2026, 7, 15)
    assert _progress(future, july).state == "planned"
    assert _progress(future, d(2026, 10, 20)).state == "behind"
    assert _progress(running, july).state == "ongoing"
    assert _progress(finished, july).state == "done"
    assert _progress(nothing, july).state == "planned"
    assert _progress(nothing, d(2027, 1, 5)).state == "behind"


def test_workplan_page_and_half_year_review_show_computed_progress_beside_narrative(client):
    """The plan's page shows each item's computed progress with its figure and the officer's
    narrative; the half-year review lists them beside its text."""
    from iite.monitoring.models import WorkplanReview

    course = ActivityFactory(
        kind="course", status="ongoing", start_date=d(2026, 2, 1), end_date=d(2026, 12, 31)
    )
    for _n in range(7):
        ParticipationFactory(activity=course, completed=True, certified=True, person_role="teacher")
    workplan = WorkplanFactory(year=2026, status="approved")
    WorkplanItemFactory(
        workplan=workplan,
        title={"en": "AI courses"},
        activity=course,
        measure="platforms.certified",
        target_value=6000,
        narrative={"en": "Courses published; certificates follow."},
    )
    WorkplanReview.objects.create(
        workplan=workplan,
        kind="half_year",
        achievements={"en": "Courses online."},
        reviewed_on=d(2026, 7, 10),
    )
    client.force_login(programme_officer())
    html = client.get("/en/results/manage/workplans/2026/").content.decode()
    assert "7 of 6,000" in html
    assert "Courses published; certificates follow." in html
    assert "AI courses: " in html and "Computed progress of the items" in html


def test_workplan_items_for_choice_are_those_of_the_period():
    """The event and course forms offer the items of the period's workplans, newest first."""
    from iite.strategy.tests.factories import PeriodFactory

    period = PeriodFactory()
    inside = WorkplanItemFactory(workplan=WorkplanFactory(year=period.start_year))
    WorkplanItemFactory(workplan=WorkplanFactory(year=period.end_year + 1))
    assert list(selectors.workplan_items_for_choice(period)) == [inside]
