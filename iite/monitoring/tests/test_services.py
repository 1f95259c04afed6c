"""Writes: workplan status flow, planned cost, risk reviews, reported values, loaders."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from iite.monitoring import services
from iite.monitoring.loaders import load_demo, load_risks
from iite.monitoring.models import MitigationAction, ReportedValue, Risk, RiskReview, Workplan
from iite.monitoring.selectors import workplan_planned_cost
from iite.programme.tests.factories import ActivityFactory
from iite.reference.tests.factories import CountryFactory

from .factories import ReportedValueFactory, RiskFactory, WorkplanFactory, WorkplanItemFactory

pytestmark = pytest.mark.django_db


def test_planned_cost_counts_submitted_and_approved_workplans_only():
    """The funding gap uses the year's workplan once it is submitted or approved."""
    draft = WorkplanFactory(year=2026)
    WorkplanItemFactory(workplan=draft, planned_cost_usd=Decimal("1000.50"))
    WorkplanItemFactory(workplan=draft, planned_cost_usd=Decimal("499.50"))
    WorkplanItemFactory(workplan=WorkplanFactory(year=2027, status="approved"), planned_cost_usd=7)
    assert workplan_planned_cost(year=2026) == Decimal("0")
    services.workplan_set_status(workplan=draft, status="submitted", on=datetime.date(2026, 1, 5))
    assert workplan_planned_cost(year=2026) == Decimal("1500.00")
    assert workplan_planned_cost(year=2027) == Decimal("7")
    assert workplan_planned_cost(year=2030) == Decimal("0")


def test_status_transitions():
    """Draft → submitted → approved; an approved workplan cannot go back."""
    workplan = WorkplanFactory()
    with pytest.raises(ValidationError):
        services.workplan_set_status(workplan=workplan, status="approved")
    services.workplan_set_status(
        workplan=workplan, status="submitted", on=datetime.date(2026, 1, 5)
    )
    services.workplan_set_status(
        workplan=workplan, status="approved", on=datetime.date(2026, 2, 1), reference="GB-1"
    )
    workplan = Workplan.objects.get()
    assert (workplan.status, workplan.submitted_on, workplan.approval_reference) == (
        "approved",
        datetime.date(2026, 1, 5),
        "GB-1",
    )
    with pytest.raises(ValidationError):
        services.workplan_set_status(workplan=workplan, status="draft")


def test_risk_review_history_and_latest_scores():
    """Reviews are kept; the newest review date sets the current scores."""
    risk = RiskFactory(likelihood=3, impact=3)
    services.risk_review_record(
        risk=risk, reviewed_on=datetime.date(2026, 7, 1), likelihood=5, impact=4
    )
    services.risk_review_record(
        risk=risk, reviewed_on=datetime.date(2026, 1, 1), likelihood=1, impact=1
    )
    risk.refresh_from_db()
    assert (risk.likelihood, risk.impact, risk.score, risk.level) == (5, 4, 20, "critical")
    assert RiskReview.objects.count() == 2
    with pytest.raises(ValidationError):
        services.risk_review_record(
            risk=risk, reviewed_on=datetime.date(2026, 8, 1), likelihood=6, impact=1
        )
    assert RiskReview.objects.count() == 2


def test_reported_value_rules():
    """Unknown sub-measures, countries outside Member States and missing evidence are refused."""
    kenya = CountryFactory(iso2="KE", iso3="KEN")
    with pytest.raises(ValidationError) as error:
        services.reported_value_save(
            value=ReportedValue(
                measure="nope",
                year=2026,
                value=1,
                description="x",
                evidence_url="https://e.org",
                reported_on=datetime.date(2026, 1, 1),
            ),
            author=None,
        )
    assert "measure" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.reported_value_save(
            value=ReportedValue(
                measure="webinars.people",
                country=kenya,
                year=2026,
                value=1,
                description="x",
                evidence_url="https://e.org",
                reported_on=datetime.date(2026, 1, 1),
            ),
            author=None,
        )
    assert "country" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.reported_value_save(
            value=ReportedValue(
                measure="webinars.people",
                year=2026,
                value=1,
                description="x",
                reported_on=datetime.date(2026, 1, 1),
            ),
            author=None,
        )
    assert "evidence_url" in error.value.message_dict
    assert not ReportedValue.objects.exists()


def test_load_risks_is_idempotent_and_keeps_staff_edits():
    """The three risks of VII.3 load once with their actions; a second load changes nothing."""
    assert load_risks() == "3 risks created"
    Risk.objects.filter(code="funding-sustainability").update(owner={"en": "Deputy Director"})
    assert load_risks() == "0 risks created"
    assert Risk.objects.count() == 3
    assert MitigationAction.objects.count() == 5
    assert str(Risk.objects.get(code="funding-sustainability").owner) == "Deputy Director"
    assert sorted(Risk.objects.values_list("category", flat=True)) == [
        "management",
        "programme",
        "sustainability",
    ]


def test_demo_loader_links_activities_and_is_idempotent():
    """The demo 2026 workplan links existing demo activities by code; a rerun adds nothing."""
    ActivityFactory(code="gsec-2026", kind="global_conference")
    CountryFactory(iso2="UZ", iso3="UZB", unesco_region="asia_pacific")
    load_risks()
    load_demo()
    load_demo()
    workplan = Workplan.objects.get(year=2026)
    assert workplan.status == "approved"
    assert workplan.items.count() == 12
    assert workplan.items.get(order=0).activity.code == "gsec-2026"
    assert workplan.reviews.get().kind == "half_year"
    assert RiskReview.objects.count() == 5
    assert ReportedValue.objects.count() == 2
    assert Risk.objects.get(code="funding-sustainability").impact == 4
    assert workplan_planned_cost(year=2026) == Decimal("300000")


def test_reported_value_keeps_author_when_saved(db):
    """The staff member who saves a reported value is recorded as its author."""
    from iite.accounts.tests.factories import UserFactory

    author = UserFactory()
    value = ReportedValueFactory.build()
    services.reported_value_save(value=value, author=author)
    assert ReportedValue.objects.get().author == author


def test_personal_data_export_lists_authored_records():
    """A staff member's export lists the reported values and reviews they authored."""
    from iite.accounts.tests.factories import UserFactory
    from iite.core.registry import personal_data_handlers

    author = UserFactory()
    ReportedValueFactory(author=author)
    handler = next(h for h in personal_data_handlers if h.name == "monitoring")
    exported = handler.exporter(author)
    assert exported["reported_values"] == [
        {"measure": "webinars.people", "year": 2026, "value": "25.00", "reported_on": "2026-07-02"}
    ]
    assert exported["risk_reviews"] == []
