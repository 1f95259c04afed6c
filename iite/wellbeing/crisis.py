"""Crisis detection: runs on every message before any answer is chosen.

Three signals, combined and tuned for recall (a false alarm costs a kind message and a
list of helplines; a miss can cost a life):

1. Curated patterns per language (`crisis_patterns.py`): the words young people use,
   slang, common misspellings, both Uzbek scripts, and indirect phrasing ("asking for a
   friend"). Every language's patterns run on every message, whatever language the
   person chose: people switch languages and mistype the choice.
2. Semantic similarity (`iite.core.embeddings`) to the example messages of
   `crisis_examples.toml`, weighed against similarity to harmless look-alikes. The
   examples are kept apart from the evaluation set (`evaluation/crisis.csv`): a test
   fails if one is a copy or near copy of the other.
3. Risk accumulated over the conversation: a message that alone stays under the
   threshold still tips the conversation into crisis when it follows others.

Nothing here generates or stores text; `assess` returns numbers and a category.
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from iite.core.embeddings import embedder

from .crisis_patterns import BENIGN, DISTRESS, INDIRECT, PATTERNS

CATEGORIES = ("self_harm", "abuse", "violence", "bullying", "eating", "danger")

# A message at or above this score is a crisis by itself.
MESSAGE_THRESHOLD = 0.6
# The conversation's risk: each message adds its score to the earlier risk, which fades
# by RISK_DECAY per message; at this level the conversation is a crisis.
CONVERSATION_THRESHOLD = 0.8
RISK_DECAY = 0.6

# Similarity: how close a message must be to a crisis example, and by how much closer
# than to any harmless look-alike, to count (cosines of multilingual-e5-small, which
# sit between about 0.7 and 1.0 for any two sentences).
# A close match adds a partial weight (it needs another signal); a very close one that
# no look-alike rivals is enough alone.
SIMILARITY_NEAR = (0.87, 0.015, 0.35)  # (floor, margin, weight)
SIMILARITY_CLOSE = (0.89, 0.03, 0.6)

EXAMPLES_PATH = Path(__file__).with_name("crisis_examples.toml")


@dataclass(frozen=True)
class Assessment:
    """What the detector found in one message, in the light of the conversation so far."""

    crisis: bool
    category: str | None
    score: float  # this message alone
    risk: float  # the conversation's accumulated risk, this message included
    reasons: tuple[str, ...] = field(default=())
    # The two layers' best scores alone, for the evaluation's figures.
    pattern_score: float = 0.0
    similarity_score: float = 0.0


_APOSTROPHES = str.maketrans(
    {"ʻ": "'", "ʼ": "'", "’": "'", "‘": "'", "`": "'", "´": "'", "أ": "ا", "إ": "ا", "آ": "ا"}
)
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_REPEATS = re.compile(r"(\w)\1{2,}")
_SPACES = re.compile(r"\s+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "@": "a", "$": "s"})
_LEET_WORD = re.compile(r"\b\w*[a-z]\w*\b")


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, one alef, no Arabic diacritics or tatweel, ё as е,
    letters repeated for emphasis cut to one ("noooo" -> "no"), digits inside Latin
    words read as letters ("k1ll" -> "kill")."""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    text = _ARABIC_MARKS.sub("", text).replace("ё", "е")
    text = _REPEATS.sub(r"\1", text)
    text = _LEET_WORD.sub(lambda match: match.group(0).translate(_LEET), text)
    return _SPACES.sub(" ", text).strip()


def _pattern_scores(text: str) -> tuple[dict[str, float], list[str]]:
    scores = dict.fromkeys(CATEGORIES, 0.0)
    reasons: list[str] = []
    for language, rules in PATTERNS.items():
        for category, weight, pattern in rules:
            if pattern.search(text):
                scores[category] += weight
                reasons.append(f"pattern:{language}:{category}")
    lift = 0.0
    for language, weight, pattern in DISTRESS:
        if pattern.search(text):
            lift = max(lift, weight)
            reasons.append(f"distress:{language}")
    for language, weight, pattern in INDIRECT:
        if pattern.search(text):
            lift += weight
            reasons.append(f"indirect:{language}")
            break
    damp = 0.0
    for language, weight, pattern in BENIGN:
        if pattern.search(text):
            damp = max(damp, weight)
            reasons.append(f"benign:{language}")
    if lift:
        best = max(scores, key=lambda name: scores[name])
        # Distress with no category yet is read as a risk to the person themselves.
        scores[best if scores[best] > 0 else "self_harm"] += lift
    if damp:
        for category in scores:
            scores[category] = max(0.0, scores[category] - damp)
    return scores, reasons


@dataclass(frozen=True)
class _Examples:
    labels: tuple[str, ...]
    crisis: np.ndarray
    benign: np.ndarray


@functools.cache
def _examples(model_name: str) -> _Examples:
    data = tomllib.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
    labels: list[str] = []
    texts: list[str] = []
    for category in CATEGORIES:
        for text in data["crisis"][category]:
            labels.append(category)
            texts.append(text)
    model = embedder()
    return _Examples(
        labels=tuple(labels),
        crisis=model.passages(texts),
        benign=model.passages(list(data["benign"]["messages"])),
    )


def _similarity_scores(text: str) -> tuple[dict[str, float], list[str]]:
    model = embedder()
    examples = _examples(model.name)
    query = model.query(text)
    crisis = examples.crisis @ query
    nearest_benign = float((examples.benign @ query).max())
    scores = dict.fromkeys(CATEGORIES, 0.0)
    reasons = []
    for category in CATEGORIES:
        rows = [i for i, label in enumerate(examples.labels) if label == category]
        best = float(crisis[rows].max())
        for floor, margin, weight in (SIMILARITY_CLOSE, SIMILARITY_NEAR):
            if best >= floor and best - nearest_benign >= margin:
                scores[category] = weight
                reasons.append(f"similar:{category}:{best:.3f}")
                break
    return scores, reasons


def assess(
    text: str, *, previous_risk: float = 0.0, previous_category: str | None = None
) -> Assessment:
    """Score one message and the conversation it ends; patterns, similarity and history."""
    clean = normalise(text)
    patterns, reasons = _pattern_scores(clean)
    similar, similar_reasons = _similarity_scores(text)
    reasons += similar_reasons
    combined = {name: patterns[name] + similar[name] for name in CATEGORIES}
    category = max(CATEGORIES, key=lambda name: combined[name])
    score = min(combined[category], 1.5)
    risk = previous_risk * RISK_DECAY + score
    crisis = score >= MESSAGE_THRESHOLD or risk >= CONVERSATION_THRESHOLD
    # A message with no signal of its own keeps the conversation's category.
    category_found = category if score > 0 else previous_category
    if crisis and not category_found:
        category_found = "self_harm"
    return Assessment(
        crisis=crisis,
        category=category_found if crisis else None,
        score=round(score, 3),
        risk=round(risk, 3),
        reasons=tuple(reasons),
        pattern_score=round(max(patterns.values()), 3),
        similarity_score=round(max(similar.values()), 3),
    )
