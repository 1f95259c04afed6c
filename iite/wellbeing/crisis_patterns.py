"""The crisis detector's curated patterns, per language, on normalised text.

The patterns themselves are data, in `data/crisis_patterns.toml` (read once, when this
module is imported): content reviewers extend them there, and the evaluation set
(`evaluation/crisis.csv`) measures every change.

Text reaches these patterns lower-cased, with one kind of apostrophe, ё read as е,
letters repeated for emphasis cut to one and Arabic diacritics removed
(`crisis.normalise`). Weights: 1.0 is a crisis by itself; 0.3-0.5 needs another signal
(a second pattern, similarity to an example, distress words, the conversation so far).

The patterns name situations and feelings, never methods. Kazakh, Kyrgyz and Uzbek
(Latin and Cyrillic) patterns use word stems, so the endings of those languages match.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

DATA_PATH = Path(__file__).with_name("data") / "crisis_patterns.toml"

# The detector writes every alef as a bare alef (crisis.normalise); so do the patterns.
_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.translate(_ALEF))


Rule = tuple[str, float, re.Pattern[str]]


def _rules(entries: list[dict[str, Any]], key: str) -> list[Rule]:
    """(category or language, weight, compiled pattern) of each entry, in the file's order."""
    return [(entry[key], float(entry["weight"]), _compile(entry["pattern"])) for entry in entries]


_DATA = tomllib.loads(DATA_PATH.read_text(encoding="utf-8"))

# Situations and feelings of each crisis category, per language.
PATTERNS: dict[str, list[Rule]] = {
    language: _rules(entries, "category") for language, entries in _DATA["patterns"].items()
}

# Words of despair with no category of their own: they lift the strongest category (or,
# alone, self-harm) toward the threshold.
DISTRESS: list[Rule] = _rules(_DATA["distress"], "language")

# "Asking for a friend": the friend is often the person asking.
INDIRECT: list[Rule] = _rules(_DATA["indirect"], "language")

# Everyday idioms built from crisis words ("this exam is killing me", "my mum will kill
# me if I fail"): they take back the weight of a pattern they overlap, never the
# similarity layer's, and never more than a strong pattern's full weight.
BENIGN: list[Rule] = _rules(_DATA["benign"], "language")
