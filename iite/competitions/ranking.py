"""Fair ranking: raw weighted scores beside scores normalised per judge.

A harsh judge gives every entry they see fewer points; when judges see different
entries, the raw mean rewards the entries that met the lenient ones. Each judge's
scores are standardised by their own median and median absolute deviation (robust to
one wild score), then put back on the pool's scale (the median and spread of every
score of the round), so a normalised score reads like a raw one. A judge who scored
fewer than the edition's threshold keeps their raw scores: too few to know their
habit. The jury sees both rankings and the judges' disagreement on each entry.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The MAD of a normal distribution times this is its standard deviation.
MAD_TO_SD = 1.4826


@dataclass(frozen=True, slots=True)
class JudgeScore:
    judge: int
    entry: int
    score: float  # the weighted total, 0..100


@dataclass(frozen=True, slots=True)
class Standing:
    entry: int
    raw: float
    normalised: float
    disagreement: float  # the standard deviation of the judges' raw scores
    judges: int
    raw_rank: int
    normalised_rank: int

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost by normalising."""
        return self.raw_rank - self.normalised_rank


def weighted_total(values: Iterable[tuple[float, int, int]]) -> float:
    """A judge's total for one entry, 0..100, from (score, highest score, weight) per criterion."""
    items = list(values)
    weights = sum(weight for _value, _top, weight in items)
    if not weights:
        return 0.0
    return 100 * sum(weight * value / top for value, top, weight in items) / weights


def _spread(values: Sequence[float]) -> float:
    """A robust standard deviation: the scaled MAD, else the mean absolute deviation."""
    centre = statistics.median(values)
    deviations = [abs(value - centre) for value in values]
    mad = statistics.median(deviations) * MAD_TO_SD
    if mad > 0:
        return mad
    return statistics.fmean(deviations)


def _ranks(values: dict[int, float], order: dict[int, int]) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4), best first; ties share the better place."""
    ordered = sorted(values, key=lambda entry: (-round(values[entry], 9), order[entry]))
    ranks: dict[int, int] = {}
    for position, entry in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        if previous is not None and round(values[previous], 9) == round(values[entry], 9):
            ranks[entry] = ranks[previous]
        else:
            ranks[entry] = position
    return ranks


def standings(scores: Iterable[JudgeScore], *, min_entries: int) -> list[Standing]:
    """Every scored entry's raw and normalised score, disagreement and both ranks.

    Sorted by normalised rank, then by entry id.
    """
    scores = list(scores)
    if not scores:
        return []
    by_judge: dict[int, list[JudgeScore]] = defaultdict(list)
    by_entry: dict[int, list[JudgeScore]] = defaultdict(list)
    for item in scores:
        by_judge[item.judge].append(item)
        by_entry[item.entry].append(item)
    pool = [item.score for item in scores]
    pool_centre = statistics.median(pool)
    pool_spread = _spread(pool) if len(pool) > 1 else 0.0
    adjusted: dict[tuple[int, int], float] = {}
    for judge, items in by_judge.items():
        values = [item.score for item in items]
        spread = _spread(values) if len(values) >= min_entries else 0.0
        centre = statistics.median(values)
        for item in items:
            if spread > 0 and pool_spread > 0:
                value = pool_centre + pool_spread * (item.score - centre) / spread
            else:
                value = item.score
            adjusted[(judge, item.entry)] = value
    raw = {entry: statistics.fmean(i.score for i in items) for entry, items in by_entry.items()}
    normalised = {
        entry: statistics.fmean(adjusted[(i.judge, entry)] for i in items)
        for entry, items in by_entry.items()
    }
    order = {entry: entry for entry in by_entry}
    raw_ranks = _ranks(raw, order)
    normalised_ranks = _ranks(normalised, order)
    result = [
        Standing(
            entry=entry,
            raw=raw[entry],
            normalised=normalised[entry],
            disagreement=statistics.pstdev([i.score for i in items]) if len(items) > 1 else 0.0,
            judges=len(items),
            raw_rank=raw_ranks[entry],
            normalised_rank=normalised_ranks[entry],
        )
        for entry, items in by_entry.items()
    ]
    return sorted(result, key=lambda s: (s.normalised_rank, s.entry))
