"""Fair ranking on a hand-computed example, and weighted totals."""

from iite.competitions.ranking import JudgeScore, standings, weighted_total

A, B, C, D, E, F = 1, 2, 3, 4, 5, 6
J1, J2, HARSH = 10, 20, 30

# True qualities A 80, E 75, C 70, B 60, F 55, D 50. J1 and J2 score them as they are;
# the harsh judge gives 15 points fewer, and never sees C or D.
SCORES = [
    (J1, A, 80), (J1, B, 60), (J1, C, 70), (J1, D, 50),
    (J2, C, 70), (J2, D, 50), (J2, E, 75), (J2, F, 55),
    (HARSH, A, 65), (HARSH, B, 45), (HARSH, E, 60), (HARSH, F, 40),
]  # fmt: skip


def test_harsh_judge_flips_two_places_that_normalisation_restores():
    """Raw means put C above E and D above F only because C and D missed the harsh judge.

    By hand: every judge's median absolute deviation is 10, as is the pool's (median 60),
    so a normalised score is 60 + (score - the judge's median): medians J1 65, J2 62.5,
    harsh 52.5. E: (60 + 12.5 + 60 + 7.5) / 2 = 70; C: (65 + 67.5) / 2 = 66.25.
    """
    result = {s.entry: s for s in standings([JudgeScore(*row) for row in SCORES], min_entries=4)}
    assert [result[e].raw for e in (A, B, C, D, E, F)] == [72.5, 52.5, 70.0, 50.0, 67.5, 47.5]
    assert [result[e].normalised for e in (A, B, C, D, E, F)] == [
        73.75, 53.75, 66.25, 46.25, 70.0, 50.0
    ]  # fmt: skip
    raw_order = sorted(result, key=lambda e: result[e].raw_rank)
    fair_order = sorted(result, key=lambda e: result[e].normalised_rank)
    assert raw_order == [A, C, E, B, D, F]
    assert fair_order == [A, E, C, B, F, D]
    assert (result[E].moved, result[C].moved) == (1, -1)
    assert result[A].disagreement == 7.5
    assert result[C].disagreement == 0.0


def test_judges_with_too_few_entries_keep_their_raw_scores():
    """Below the edition's threshold a judge's habit is unknown: the raw score is used."""
    result = standings([JudgeScore(*row) for row in SCORES], min_entries=5)
    assert all(s.raw == s.normalised for s in result)


def test_ties_share_the_better_place():
    result = standings(
        [JudgeScore(1, 1, 50), JudgeScore(1, 2, 50), JudgeScore(1, 3, 40)], min_entries=9
    )
    assert [s.raw_rank for s in sorted(result, key=lambda s: s.entry)] == [1, 1, 3]


def test_weighted_total_is_on_a_hundred_point_scale():
    """Originality 4/5 weight 2 and feasibility 2/5 weight 1: (2*0.8 + 1*0.4) / 3 * 100."""
    assert round(weighted_total([(4, 5, 2), (2, 5, 1)]), 6) == round(200 / 3, 6)
    assert weighted_total([]) == 0.0
