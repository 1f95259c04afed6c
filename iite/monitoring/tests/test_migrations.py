"""The typed progress of existing items survives as their narrative."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0001_reported_values_workplans_risks")]
AFTER = [("monitoring", "0002_workplan_revisions_and_computed_progress")]


@pytest.mark.django_db(transaction=True)
def test_typed_progress_becomes_narrative_text():
    """'On track' typed by hand is kept as narrative text; the default 'not started'
    carried nothing and gives no narrative."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    workplan = old.get_model("monitoring", "Workplan").objects.create(year=2026, title={})
    items = old.get_model("monitoring", "WorkplanItem").objects
    typed = items.create(
        workplan=workplan, title={"ru": "Курс"}, original_language="ru", progress="on_track"
    )
    untouched = items.create(workplan=workplan, title={"en": "Brief"}, progress="not_started")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("monitoring", "WorkplanItem")
    assert new.objects.get(pk=typed.pk).narrative == {
        "ru": "Progress entered by hand before it was computed: On track."
    }
    assert new.objects.get(pk=untouched.pk).narrative == {}
