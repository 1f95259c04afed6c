"""Match a message to the vetted answers: multilingual similarity plus keywords.

Each answer's example questions are embedded once (when it is saved) and stored as
float16 rows. A message is compared with every example question of the answers that
may be served today; an answer's score is its best question's cosine plus a small bonus
per keyword found in the message. Below MATCH_THRESHOLD, or when the second-best answer is
within MATCH_MARGIN of the best, the assistant does not guess: it asks one clarifying
question and offers the topics.

MATCH_THRESHOLD was calibrated on `evaluation/answers.csv` (top-1 and top-3 accuracy and
the rate of off-topic messages wrongly answered are printed by its test).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.db.models import Max, Q
from django.utils import timezone

from iite.core.embeddings import embedder, matrix_from_bytes, to_bytes

from .crisis import normalise
from .models import Answer, AnswerStatus

MATCH_THRESHOLD = 0.86
# Two answers almost as close as each other: ask rather than pick one.
MATCH_MARGIN = 0.01
KEYWORD_BONUS = 0.02
KEYWORD_BONUS_MAX = 0.04
# Answers in the person's language win a tie against answers in another language.
SAME_LANGUAGE_BONUS = 0.01


@dataclass(frozen=True)
class Match:
    answer: Answer | None
    score: float
    ranked: tuple[tuple[int, float], ...]  # (answer id, score), best first


def answer_embed(answer: Answer) -> None:
    """Store the vectors of the answer's example questions on it (not saved here)."""
    model = embedder()
    lines = answer.question_lines() or [answer.body[:300]]
    answer.embedding = b"".join(to_bytes(row) for row in model.passages(lines))
    answer.embedding_model = model.name


def servable_answers() -> list[Answer]:
    today = timezone.localdate()
    return list(
        Answer.objects.filter(status=AnswerStatus.APPROVED)
        .filter(Q(review_due__isnull=True) | Q(review_due__gte=today))
        .exclude(embedding=b"")
        .order_by("pk")
    )


_CACHE: dict[str, object] = {}


def _bank() -> tuple[list[Answer], np.ndarray, np.ndarray]:
    """The servable answers, their question matrix and each row's answer index.

    Kept in the process until an answer changes or a day passes (review dates).
    """
    stamp = (
        Answer.objects.aggregate(changed=Max("updated_at"))["changed"],
        Answer.objects.count(),
        timezone.localdate(),
        embedder().name,
    )
    if _CACHE.get("stamp") != stamp:
        answers = servable_answers()
        dim = embedder().dim
        rows: list[bytes] = []
        owners: list[int] = []
        for index, answer in enumerate(answers):
            data = bytes(answer.embedding)
            if answer.embedding_model != embedder().name or len(data) % (dim * 2):
                continue
            for start in range(0, len(data), dim * 2):
                rows.append(data[start : start + dim * 2])
                owners.append(index)
        _CACHE.update(
            stamp=stamp,
            answers=answers,
            matrix=matrix_from_bytes(rows, dim),
            owners=np.asarray(owners, dtype=np.int64),
        )
    return _CACHE["answers"], _CACHE["matrix"], _CACHE["owners"]  # type: ignore[return-value]


def answer_match(text: str, language: str) -> Match:
    """The best vetted answer for the message, or none when no answer is close enough."""
    answers, matrix, owners = _bank()
    if not answers:
        return Match(None, 0.0, ())
    scores = matrix @ embedder().query(text)
    best = np.full(len(answers), -1.0, dtype=np.float32)
    np.maximum.at(best, owners, scores)
    clean = normalise(text)
    for index, answer in enumerate(answers):
        bonus = sum(KEYWORD_BONUS for word in answer.keyword_list() if word and word in clean)
        best[index] += min(bonus, KEYWORD_BONUS_MAX)
        if answer.language == language:
            best[index] += SAME_LANGUAGE_BONUS
    # One entry per answer key, preferring the person's language, then English.
    by_key: dict[str, tuple[int, float]] = {}
    for index in np.argsort(-best):
        answer = answers[int(index)]
        score = float(best[index])
        if answer.key not in by_key:
            by_key[answer.key] = (int(index), score)
    ranked = sorted(by_key.values(), key=lambda pair: -pair[1])
    top_index, top_score = ranked[0]
    chosen = _in_language(answers, answers[top_index], language)
    runner_up = ranked[1][1] if len(ranked) > 1 else -1.0
    confident = top_score >= MATCH_THRESHOLD and top_score - runner_up >= MATCH_MARGIN
    result = chosen if confident else None
    return Match(
        result,
        round(top_score, 4),
        tuple((answers[index].pk, round(score, 4)) for index, score in ranked[:5]),
    )


def _in_language(answers: list[Answer], answer: Answer, language: str) -> Answer:
    """The same answer (same key) in the person's language, else English, else as matched."""
    versions = {
        candidate.language: candidate for candidate in answers if candidate.key == answer.key
    }
    return versions.get(language) or versions.get("en") or answer
