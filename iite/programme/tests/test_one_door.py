"""The programme owns every write of Activity, Participation and AggregateParticipation.

Other domains call `iite.programme.services`; this test reads their source and fails on
any write of those tables that goes around the door: a manager or queryset write, a
model instance built or saved, a many-to-many link changed, or raw SQL that inserts,
updates or deletes programme rows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

IITE = Path(__file__).resolve().parents[2]

MODELS = {"Activity", "Participation", "AggregateParticipation"}
# Reverse relations that reach programme rows from another model (user.participations...).
RELATED = {"participations", "aggregate_participations", "activities"}
# Names under which other domains hold a programme record (event.activity, activity...).
INSTANCES = {"activity", "participation", "aggregate_participation"}
QUERY_WRITES = {
    "create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "get_or_create",
    "update_or_create",
}
LINK_WRITES = {"add", "set", "remove", "clear"}
SQL_WRITE = re.compile(r"\b(INSERT INTO|UPDATE|DELETE FROM)\b")


def _terminal(node: ast.AST) -> str:
    """The last name of an expression: `event.activity` → "activity", `Activity` → "Activity"."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _chain(node: ast.AST) -> list[ast.AST]:
    """Every link of a call chain, outermost first: a.b(c).d → [a.b(c).d, a.b(c), a.b, a]."""
    links: list[ast.AST] = []
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        links.append(node)
        node = node.func if isinstance(node, ast.Call) else node.value
    links.append(node)
    return links


def _reaches_programme_rows(receiver: ast.AST) -> bool:
    for link in _chain(receiver):
        if not isinstance(link, ast.Attribute):
            continue
        if link.attr in {"objects", "_default_manager"} and _terminal(link.value) in MODELS:
            return True
        if link.attr in RELATED:
            return True
    return False


def _writes(method: str, receiver: ast.expr) -> bool:
    if method in QUERY_WRITES and _reaches_programme_rows(receiver):
        return True  # Participation.objects.filter(...).delete(), user.participations.update()
    if method in {"save", "delete"} and _terminal(receiver) in INSTANCES:
        return True  # event.activity.save()
    # activity.partners.set(...), event.activity.pillars.add(...)
    return (
        method in LINK_WRITES | QUERY_WRITES
        and isinstance(receiver, ast.Attribute)
        and _terminal(receiver.value) in INSTANCES
    )


def _text(node: ast.Constant | ast.JoinedStr) -> str:
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else ""
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"
        for part in node.values
        if isinstance(part, ast.Constant | ast.FormattedValue)
    )


def _names_programme_table(text: str) -> bool:
    return "programme_" in text or any(f"{model}._meta" in text for model in MODELS)


def offences(source: str) -> list[str]:
    """Each write of a programme table in `source`, as "line: code"."""
    tree = ast.parse(source)
    found: list[tuple[int, str]] = []
    sql_writes: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name | ast.Attribute) and _terminal(func) in MODELS:
                found.append((node.lineno, ast.unparse(node)))  # an instance built to be saved
            if not isinstance(func, ast.Attribute):
                continue
            if _writes(func.attr, func.value):
                found.append((node.lineno, ast.unparse(node)))
        elif isinstance(node, ast.Constant | ast.JoinedStr):
            text = _text(node)
            if SQL_WRITE.search(text):
                sql_writes.append(node)
                if _names_programme_table(text):
                    found.append((node.lineno, text))
    if sql_writes and any(
        f"{model}._meta.db_table" in source or f"{model}.objects.model._meta" in source
        for model in MODELS
    ):
        # The table's name held in a variable and written through SQL elsewhere in the module.
        found.extend(
            (node.lineno, "SQL write in a module naming a programme table") for node in sql_writes
        )
    return [f"{line}: {code}" for line, code in sorted(set(found))]


def _sources() -> list[Path]:
    paths = []
    for path in sorted(IITE.rglob("*.py")):
        parts = path.relative_to(IITE).parts
        if parts[0] == "programme" or "tests" in parts or "migrations" in parts:
            continue
        paths.append(path)
    return paths


def test_no_other_domain_writes_activities_or_participation():
    """Outside programme (its tests and migrations aside), no module, the demo data's
    loaders included, writes Activity, Participation or AggregateParticipation rows except
    through `iite.programme.services`."""
    sources = _sources()
    assert {p.relative_to(IITE).parts[0] for p in sources} >= {
        "events",
        "learning",
        "credentials",
        "accounts",
        "monitoring",
        "partners",
        "demo",
    }
    found = {
        str(path.relative_to(IITE)): offences(path.read_text(encoding="utf-8")) for path in sources
    }
    assert {path: lines for path, lines in found.items() if lines} == {}


@pytest.mark.parametrize(
    "source",
    [
        "Participation.objects.filter(activity_id=1, attended=False).delete()",
        "Activity.objects.create(code='x')",
        "Activity.objects.filter(pk=1).update(status='completed')",
        "AggregateParticipation.objects.bulk_create([])",
        "models.Participation.objects.get_or_create(person_key=k)",
        "user.participations.all().update(sex='')",
        "event.activity.save()",
        "activity.delete()",
        "activity.partners.set([])",
        "event.activity.pillars.add(pillar)",
        "Participation(activity_id=1, person_key=k)",
        "cursor.execute(f'UPDATE {Participation._meta.db_table} SET attended = %s', [True])",
        "cursor.execute('INSERT INTO programme_participation (id) VALUES (%s)', [1])",
        "table = Participation._meta.db_table\ncursor.execute(f'DELETE FROM {table}')",
    ],
)
def test_the_scan_finds_each_kind_of_side_door(source):
    """Each way around the door that the scan looks for is found in a one-line example."""
    assert offences(source), source


@pytest.mark.parametrize(
    "source",
    [
        "Participation.objects.filter(activity_id=1).count()",
        "Activity.objects.filter(code=code).exists()",
        "cursor.execute(f'SELECT COUNT(*) FROM {Participation._meta.db_table}')",
        "registration.save(update_fields=['status'])",
        "Registration.objects.filter(pk=1).update(attended=True)",
        "cursor.execute(f'UPDATE {Registration._meta.db_table} SET attended = %s')",
        "messages.success(request, 'Update saved')",
        "activity_for_delivery_save(activity=event.activity, values={'status': 'ongoing'})",
    ],
)
def test_the_scan_lets_reads_and_other_tables_through(source):
    """Reads of programme rows and writes of a domain's own tables are not offences."""
    assert offences(source) == []
