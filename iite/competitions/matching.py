"""Automatic assignment of judges to entries as a min-cost flow (networkx).

Each entry needs k reviews; each (entry, judge) pair without a conflict is an arc of
capacity one, so a conflicted pair cannot be chosen at all. A judge's reviews flow to
the sink through one arc per extra review whose cost grows with the load the judge
already has: the cheapest maximum flow spreads the reviews as evenly as the conflicts
allow. Pairs staff made by hand stay and count towards both the entry's k and the
judge's load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx


@dataclass(frozen=True, slots=True)
class Plan:
    pairs: frozenset[tuple[int, int]]  # (judge, entry) to add
    short: dict[int, int]  # entry -> reviews still missing (not enough free judges)


def assignment_plan(
    *,
    entries: Iterable[int],
    judges: Iterable[int],
    k: int,
    conflicts: Iterable[tuple[int, int]] = (),
    existing: Iterable[tuple[int, int]] = (),
) -> Plan:
    """The (judge, entry) pairs to add so every entry has k judges, none conflicted."""
    entries = sorted(set(entries))
    judges = sorted(set(judges))
    blocked = set(conflicts)
    have = set(existing)
    entry_load = Counter(entry for _judge, entry in have)
    judge_load = Counter(judge for judge, _entry in have)
    graph = nx.DiGraph()
    graph.add_node("source")
    graph.add_node("sink")
    wanted = 0
    for entry in entries:
        need = max(0, k - entry_load[entry])
        if not need:
            continue
        wanted += need
        graph.add_edge("source", ("e", entry), capacity=need, weight=0)
        for judge in judges:
            if (judge, entry) in blocked or (judge, entry) in have:
                continue
            graph.add_edge(("e", entry), ("j", judge), capacity=1, weight=0)
    for judge in judges:
        if not graph.has_node(("j", judge)):
            continue
        slots = graph.in_degree(("j", judge))
        for extra in range(1, slots + 1):
            # Convex costs: the n-th review of a judge costs more than the (n-1)-th.
            graph.add_edge(("j", judge), ("s", judge, extra), capacity=1, weight=0)
            graph.add_edge(
                ("s", judge, extra), "sink", capacity=1, weight=judge_load[judge] + extra
            )
    if not wanted:
        return Plan(pairs=frozenset(), short={})
    flow = nx.max_flow_min_cost(graph, "source", "sink")
    pairs = frozenset(
        (target[1], source[1])
        for source, targets in flow.items()
        if isinstance(source, tuple) and source[0] == "e"
        for target, amount in targets.items()
        if amount
    )
    given = Counter(entry for _judge, entry in pairs)
    short = {
        entry: k - entry_load[entry] - given[entry]
        for entry in entries
        if k - entry_load[entry] - given[entry] > 0
    }
    return Plan(pairs=pairs, short=short)
