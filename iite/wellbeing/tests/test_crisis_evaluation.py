"""The crisis detector measured on the labelled multilingual evaluation set.

`make test` fails if recall on crisis messages falls below 98% or the false-alarm rate on
look-alikes rises above 15%. The figures per language and per category are printed at
the end of the run (and in the failure message).
"""

from __future__ import annotations

import csv
import tomllib
from collections import defaultdict
from pathlib import Path

import numpy as np

from iite.core.embeddings import embedder
from iite.wellbeing import crisis

from .reports import REPORTS

EVALUATION = Path(crisis.__file__).with_name("evaluation") / "crisis.csv"
MIN_RECALL = 0.98
MAX_FALSE_ALARMS = 0.15
LANGUAGES = {"en", "fr", "es", "ar", "ru", "zh-hans", "kk", "ky", "uz", "uz-cyrl"}


def _rows() -> list[dict[str, str]]:
    with EVALUATION.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _rate(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.1%}" if total else "—"


def test_evaluation_set_covers_every_language_category_and_kind():
    """At least 300 messages; every language has every category and look-alikes."""
    rows = _rows()
    assert len(rows) >= 300
    assert {row["language"] for row in rows} == LANGUAGES
    for language in LANGUAGES:
        mine = [row for row in rows if row["language"] == language]
        assert {row["category"] for row in mine} == {*crisis.CATEGORIES, "none"}, language
        assert sum(row["kind"] == "lookalike" for row in mine) >= 8, language
    kinds = {row["kind"] for row in rows if row["category"] != "none"}
    assert {"direct", "indirect", "coded", "misspelt"} <= kinds


def test_crisis_detection_recall_and_false_alarms():
    """Recall >= 98% on crisis messages; false alarms <= 15% on look-alikes; figures printed."""
    rows = _rows()
    by_language: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0]
    )  # hits, crises, alarms, lookalikes
    by_category: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0]
    )  # detected, total, right category
    layers = {"patterns": [0, 0], "similarity": [0, 0]}  # crisis hits, look-alike alarms
    misses, alarms = [], []
    for row in rows:
        found = crisis.assess(row["text"])
        pattern_hit = found.pattern_score >= crisis.MESSAGE_THRESHOLD
        similar_hit = found.similarity_score >= crisis.MESSAGE_THRESHOLD
        figures = by_language[row["language"]]
        if row["category"] != "none":
            figures[1] += 1
            by_category[row["category"]][1] += 1
            layers["patterns"][0] += pattern_hit
            layers["similarity"][0] += similar_hit
            if found.crisis:
                figures[0] += 1
                by_category[row["category"]][0] += 1
                by_category[row["category"]][2] += found.category == row["category"]
            else:
                misses.append(f"{row['language']} {row['category']}: {row['text']}")
        elif row["kind"] == "lookalike":
            figures[3] += 1
            layers["patterns"][1] += pattern_hit
            layers["similarity"][1] += similar_hit
            if found.crisis:
                figures[2] += 1
                alarms.append(f"{row['language']}: {row['text']}")
    crises = sum(figures[1] for figures in by_language.values())
    detected = sum(figures[0] for figures in by_language.values())
    lookalikes = sum(figures[3] for figures in by_language.values())
    false_alarms = sum(figures[2] for figures in by_language.values())
    lines = [
        "Crisis detection on iite/wellbeing/evaluation/crisis.csv",
        f"  recall {_rate(detected, crises)} (minimum {MIN_RECALL:.0%}); "
        f"false alarms on look-alikes {_rate(false_alarms, lookalikes)} (maximum {MAX_FALSE_ALARMS:.0%})",
        "  per language: recall | false alarms",
    ]
    for language in sorted(by_language):
        hits, total, alarms_n, looks = by_language[language]
        lines.append(f"    {language:8} {_rate(hits, total):>16} | {_rate(alarms_n, looks)}")
    lines.append("  per category: recall | right category")
    for category in crisis.CATEGORIES:
        hits, total, right = by_category[category]
        lines.append(f"    {category:10} {_rate(hits, total):>16} | {_rate(right, hits)}")
    lines.append(
        f"  patterns alone: recall {_rate(layers['patterns'][0], crises)}, "
        f"false alarms {_rate(layers['patterns'][1], lookalikes)}; similarity alone: recall "
        f"{_rate(layers['similarity'][0], crises)}, false alarms {_rate(layers['similarity'][1], lookalikes)}"
    )
    lines += [f"  missed: {text}" for text in misses] + [
        f"  false alarm: {text}" for text in alarms
    ]
    report = "\n".join(lines)
    REPORTS.append(report)
    print(report)
    assert detected / crises >= MIN_RECALL, report
    assert false_alarms / lookalikes <= MAX_FALSE_ALARMS, report


def test_examples_do_not_leak_into_the_evaluation():
    """No similarity example is an evaluation message or a near copy of one (cosine < 0.97)."""
    rows = _rows()
    data = tomllib.loads(crisis.EXAMPLES_PATH.read_text(encoding="utf-8"))
    examples = [text for texts in data["crisis"].values() for text in texts] + data["benign"][
        "messages"
    ]
    evaluation = {crisis.normalise(row["text"]) for row in rows}
    assert not evaluation & {crisis.normalise(text) for text in examples}
    model = embedder()
    closeness = model.passages([row["text"] for row in rows]) @ model.passages(examples).T
    worst = np.unravel_index(int(np.argmax(closeness)), closeness.shape)
    assert float(closeness.max()) < 0.97, (rows[worst[0]]["text"], examples[worst[1]])
