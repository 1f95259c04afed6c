"""Existing texts survive the migrations: typed progress as the narrative, plain targets,
owners and responsibles as translatable texts in the platform's default language."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("monitoring", "0001_reported_values_workplans_risks")]
AFTER = [("monitoring", "0002_workplan_revisions_and_computed_progress")]
TRANSLATABLE = [("monitoring", "0003_targets_owners_and_responsibles_in_six_languages")]


@pytest.fixture(autouse=True)
def _latest_schema_after():
    """Each test leaves the database at the latest migrations, as the other tests expect."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


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


@pytest.mark.django_db(transaction=True)
def test_plain_targets_owners_and_responsibles_become_translatable_and_back():
    """A target, an owner and a responsible typed as plain text are kept under the default
    language (an open revision's proposed target too); going back restores the text."""
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    old = executor.loader.project_state(AFTER).apps
    workplan = old.get_model("monitoring", "Workplan").objects.create(year=2026, title={})
    item = old.get_model("monitoring", "WorkplanItem").objects.create(
        workplan=workplan, title={"ru": "Курс"}, original_language="ru", target="1,000 people"
    )
    empty = old.get_model("monitoring", "WorkplanItem").objects.create(
        workplan=workplan, title={"en": "Brief"}, target=""
    )
    revision = old.get_model("monitoring", "WorkplanRevision").objects.create(
        workplan=workplan,
        number=1,
        reason="Budget",
        proposed=[{"id": item.pk, "title": {"ru": "Курс"}, "target": "600 people"}],
    )
    risk = old.get_model("monitoring", "Risk").objects.create(
        code="r",
        title={"en": "Risk"},
        category="programme",
        likelihood=2,
        impact=2,
        owner="Director",
    )
    action = old.get_model("monitoring", "MitigationAction").objects.create(
        risk=risk, description={"en": "Act"}, responsible="Unit Chiefs"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(TRANSLATABLE)
    new = executor.loader.project_state(TRANSLATABLE).apps
    items = new.get_model("monitoring", "WorkplanItem").objects
    assert items.get(pk=item.pk).target == {"en": "1,000 people"}
    assert items.get(pk=empty.pk).target == {}
    proposed = new.get_model("monitoring", "WorkplanRevision").objects.get(pk=revision.pk).proposed
    assert proposed[0]["target"] == {"en": "600 people"}
    assert new.get_model("monitoring", "Risk").objects.get(pk=risk.pk).owner == {"en": "Director"}
    actions = new.get_model("monitoring", "MitigationAction").objects
    assert actions.get(pk=action.pk).responsible == {"en": "Unit Chiefs"}
    new.get_model("monitoring", "Risk").objects.filter(pk=risk.pk).update(
        owner={"ar": "المدير", "en": "Director"}
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    back = executor.loader.project_state(AFTER).apps
    assert back.get_model("monitoring", "WorkplanItem").objects.get(pk=item.pk).target == (
        "1,000 people"
    )
    assert back.get_model("monitoring", "Risk").objects.get(pk=risk.pk).owner == "Director"
    assert (
        back.get_model("monitoring", "MitigationAction").objects.get(pk=action.pk).responsible
        == "Unit Chiefs"
    )
    revision_back = back.get_model("monitoring", "WorkplanRevision").objects.get(pk=revision.pk)
    assert revision_back.proposed[0]["target"] == "600 people"
