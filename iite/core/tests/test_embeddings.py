"""The embedding interface: the bundled model ranks across languages, offline."""

import numpy as np
import pytest

from iite.core import embeddings

DOCUMENTS = [
    "Ethics of artificial intelligence in education: guidance for policy makers",
    "Managing stress and burnout among school teachers",
    "Licensing open educational resources under Creative Commons",
]


@pytest.fixture(scope="module")
def model():
    return embeddings.embedder()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("أخلاقيات الذكاء الاصطناعي في التعليم", 0),
        ("этика искусственного интеллекта", 0),
        ("人工智能伦理", 0),
        ("стресс и выгорание учителей", 1),
        ("ressources éducatives libres et licences", 2),
        ("recursos educativos abiertos", 2),
    ],
)
def test_a_query_in_one_language_finds_the_document_written_in_another(model, query, expected):
    matrix = model.passages(DOCUMENTS)
    assert matrix.shape == (3, model.dim)
    ranked = embeddings.top_k(matrix, model.query(query), k=3)
    assert ranked[0][0] == expected
    assert ranked[0][1] > ranked[1][1] >= ranked[2][1]


def test_vectors_are_unit_length_and_survive_storage(model):
    vector = model.query("teacher training")
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
    stored = embeddings.from_bytes(embeddings.to_bytes(vector), dim=model.dim)
    assert float(stored @ vector) > 0.999
    with pytest.raises(ValueError, match="expected 384"):
        embeddings.from_bytes(b"\x00\x00" * 3, dim=model.dim)


def test_stored_rows_stack_into_one_matrix(model):
    rows = [embeddings.to_bytes(v) for v in model.passages(DOCUMENTS[:2])]
    assert embeddings.matrix_from_bytes(rows, model.dim).shape == (2, model.dim)
    assert embeddings.matrix_from_bytes([], model.dim).shape == (0, model.dim)
    assert embeddings.top_k(np.zeros((0, model.dim)), model.query("x"), k=3) == []


def test_empty_and_overlong_texts_are_embedded_within_bounds(model):
    assert model.passages([]).shape == (0, model.dim)
    long = model.query("education " * 5000)
    blank = model.query("   ")
    assert long.shape == blank.shape == (model.dim,)
