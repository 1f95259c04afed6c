"""Every activity belongs to a programme unit: existing ones were placed, new ones must be."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from iite.programme.forms import ActivityForm
from iite.programme.models import Activity
from iite.programme.tests.factories import ADMIN_PERMS, staff

BEFORE = [("programme", "0002_unit_membership_import_batch_and_activity_permissions")]
AFTER = [("programme", "0004_activity_unit_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_places_existing_activities_in_units():
    """Activities without a unit go to their creator's unit, else their parent's, else the
    unit of activities sharing their pillar, else that of activities of their kind, else the
    period's first unit; then a unit is required."""
    old = _migrate(BEFORE)
    try:
        period = old.get_model("strategy", "StrategyPeriod").objects.create(
            code="2026-2029", start_year=2026, end_year=2029, is_current=True
        )
        unit_model = old.get_model("strategy", "ProgrammeUnit")
        units = {
            code: unit_model.objects.create(period=period, code=code, order=order, title={})
            for order, code in enumerate(("DPLM", "TPDN", "ICTHE"), start=1)
        }
        pillar = old.get_model("strategy", "ProgrammePillar").objects.create(
            period=period, code="P4", title={}
        )
        officer = old.get_model("accounts", "User").objects.create(email="o@example.org")
        old.get_model("programme", "UnitMembership").objects.create(
            user=officer, unit=units["TPDN"]
        )
        activity_model = old.get_model("programme", "Activity")
        day = datetime.date(2026, 3, 1)

        def activity(code, kind="webinar", **fields):
            return activity_model.objects.create(
                code=code, title={"en": code}, kind=kind, period=period,
                start_date=day, end_date=day, **fields,
            )  # fmt: skip

        activity("officers-webinar", created_by=officer)
        parent = activity("platform", unit=units["ICTHE"])
        activity("course", parent=parent)
        activity("health-forum", unit=units["ICTHE"]).pillars.add(pillar)
        activity("health-webinar").pillars.add(pillar)
        activity("forum", kind="regional_convention", unit=units["TPDN"])
        activity("another-forum", kind="regional_convention")
        activity("demo-report", kind="research_report")
        new = _migrate(AFTER)
        placed = dict(
            new.get_model("programme", "Activity").objects.values_list("code", "unit__code")
        )
        assert placed == {
            "officers-webinar": "TPDN",
            "platform": "ICTHE",
            "course": "ICTHE",
            "health-forum": "ICTHE",
            "health-webinar": "ICTHE",
            "forum": "TPDN",
            "another-forum": "TPDN",
            "demo-report": "DPLM",
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_an_activity_without_a_unit_cannot_be_saved(framework):
    """The database refuses it, the model's validation names the field, and so does the form,
    even for an administrator who may choose any unit."""
    day = datetime.date(2026, 3, 1)
    activity = Activity(
        code="nowhere", title={"en": "Nowhere"}, kind="webinar", period=framework,
        start_date=day, end_date=day,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "unit" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        activity.save()
    form = ActivityForm(
        {
            "code": "nowhere",
            "title_en": "Nowhere",
            "original_language": "en",
            "kind": "webinar",
            "period": framework.pk,
            "start_date": "2026-03-01",
            "end_date": "2026-03-01",
            "modality": "online",
            "status": "planned",
        },
        user=staff("admin@iite.example.org", *ADMIN_PERMS),
    )
    assert not form.is_valid()
    assert form.errors["unit"] == ["This field is required."]
    assert not Activity.objects.exists()
