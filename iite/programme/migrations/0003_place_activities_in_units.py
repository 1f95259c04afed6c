"""Place every activity that has no programme unit in one, before the unit becomes required.

Events and courses were created without a unit; the officer who made one got 403 on
its activity. Each is placed, in this order, in: a unit its creator belongs to (of the
activity's period); its parent's unit; the unit most of the placed activities sharing
one of its pillars belong to; the unit most activities of its kind belong to; the
period's first unit. A period without units gets one, "not yet placed", for staff to
re-place its activities from.
"""

from collections import Counter

from django.db import migrations


def place_activities(apps, schema_editor):
    Activity = apps.get_model("programme", "Activity")
    UnitMembership = apps.get_model("programme", "UnitMembership")
    ProgrammeUnit = apps.get_model("strategy", "ProgrammeUnit")
    unplaced = list(
        Activity.objects.filter(unit__isnull=True).order_by("parent_id", "pk").values_list(
            "pk", "period_id", "created_by_id", "parent_id", "kind"
        )
    )
    if not unplaced:
        return
    units_of_period: dict[int, list[int]] = {}
    for pk, period_id in ProgrammeUnit.objects.order_by("order", "code").values_list(
        "pk", "period_id"
    ):
        units_of_period.setdefault(period_id, []).append(pk)
    memberships: dict[int, list[int]] = {}
    for user_id, unit_id in UnitMembership.objects.order_by("unit__order").values_list(
        "user_id", "unit_id"
    ):
        memberships.setdefault(user_id, []).append(unit_id)
    placed = dict(
        Activity.objects.filter(unit__isnull=False).values_list("pk", "unit_id")
    )
    by_pillar: dict[int, Counter] = {}
    by_kind: dict[tuple[int, str], Counter] = {}
    pillar_links = Activity.pillars.through.objects.values_list("activity_id", "programmepillar_id")
    pillars_of: dict[int, set[int]] = {}
    for activity_id, pillar_id in pillar_links:
        pillars_of.setdefault(activity_id, set()).add(pillar_id)
        if activity_id in placed:
            by_pillar.setdefault(pillar_id, Counter())[placed[activity_id]] += 1
    for period_id, kind, unit_id in Activity.objects.filter(unit__isnull=False).values_list(
        "period_id", "kind", "unit_id"
    ):
        by_kind.setdefault((period_id, kind), Counter())[unit_id] += 1

    def choose(pk, period_id, created_by_id, parent_id, kind):
        of_period = units_of_period.get(period_id)
        if not of_period:
            unit = ProgrammeUnit.objects.create(
                period_id=period_id,
                code="UNPLACED",
                title={"en": "Activities not yet placed in a unit"},
                order=999,
            )
            of_period = units_of_period[period_id] = [unit.pk]
        for unit_id in memberships.get(created_by_id, []):
            if unit_id in of_period:
                return unit_id
        if parent_id in placed and placed[parent_id] in of_period:
            return placed[parent_id]
        votes = Counter()
        for pillar_id in pillars_of.get(pk, ()):
            votes.update(by_pillar.get(pillar_id, Counter()))
        for counter in (votes, by_kind.get((period_id, kind), Counter())):
            ranked = [u for u, n in counter.most_common() if n and u in of_period]
            if ranked:
                return ranked[0]
        return of_period[0]

    for pk, period_id, created_by_id, parent_id, kind in unplaced:
        unit_id = choose(pk, period_id, created_by_id, parent_id, kind)
        Activity.objects.filter(pk=pk).update(unit_id=unit_id)
        placed[pk] = unit_id


class Migration(migrations.Migration):
    dependencies = [
        ("programme", "0002_unit_membership_import_batch_and_activity_permissions"),
        ("strategy", "0002_initiative_activity_area_kind"),
    ]

    operations = [migrations.RunPython(place_activities, migrations.RunPython.noop)]
