"""Automatic assignment: k judges per entry, never across a conflict, loads balanced."""

import random
from collections import Counter

from iite.competitions.matching import assignment_plan


def test_every_entry_gets_k_judges_with_balanced_load_and_no_conflict():
    """30 entries, 7 judges, k = 3 and a random tenth of the pairs conflicted."""
    rng = random.Random(7)
    entries, judges = list(range(30)), list(range(100, 107))
    conflicts = {(j, e) for j in judges for e in entries if rng.random() < 0.1}
    plan = assignment_plan(entries=entries, judges=judges, k=3, conflicts=conflicts)
    assert not plan.pairs & conflicts
    assert plan.short == {}
    per_entry = Counter(e for _j, e in plan.pairs)
    assert set(per_entry.values()) == {3}
    loads = Counter(j for j, _e in plan.pairs)
    assert max(loads.values()) - min(loads.values()) <= 1  # 90 reviews over 7 judges: 12 or 13


def test_existing_pairs_count_and_a_blocked_entry_is_reported_short():
    """Hand-made pairs stay and count towards load; an entry every judge conflicts with is short."""
    plan = assignment_plan(
        entries=[1, 2, 3],
        judges=[10, 20],
        k=2,
        conflicts={(10, 3), (20, 3)},
        existing={(10, 1)},
    )
    assert plan.pairs == {(20, 1), (10, 2), (20, 2)}
    assert plan.short == {3: 2}
