"""The public verifier's work is bounded and "valid" means every member of the JSON was signed."""

from __future__ import annotations

import copy
import json

import pytest

from iite.credentials import services
from iite.credentials.verification import (
    MAX_NODES,
    MAX_OBJECTS,
    VERIFY_LIMIT,
    InputError,
    parse_json,
    verify_document,
)

pytestmark = pytest.mark.django_db

API = "/api/credentials/verify"
PAGE = "/en/credentials/verify/"


@pytest.fixture
def issued(achievement, learner):
    return services.credential_issue(achievement=achievement, recipient=learner)


def _failed(document) -> list[str]:
    return [check.code for check in verify_document(document).checks if not check.passed]


def _bomb(issued, count: int) -> dict:
    """The reproduction: a credentialSubject list of many small objects, under 256 KB."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"] = [{"name": f"n{index}"} for index in range(count)]
    return document


def test_many_objects_are_refused_before_canonicalisation(client, issued, monkeypatch):
    """A list of thousands of small objects is a 422 with a message; JSON-LD never runs."""
    from iite.credentials import integrity

    def never(*args, **kwargs):
        raise AssertionError("canonicalisation must not start")

    monkeypatch.setattr(integrity.jsonld, "expand", never)
    monkeypatch.setattr(integrity.jsonld, "normalize", never)
    body = json.dumps(_bomb(issued, 3_000))
    assert len(body) < 256 * 1024
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == (
        f"The JSON has more than {MAX_OBJECTS} objects: too many for a credential."
    )


def test_many_values_are_refused():
    """A long flat list of numbers passes the object bound but not the value bound."""
    raw = json.dumps({"x": list(range(MAX_NODES + 1))}).encode()
    with pytest.raises(InputError) as caught:
        parse_json(raw)
    assert caught.value.status == 422
    assert "values: too many for a credential" in str(caught.value.message)


def test_deep_nesting_is_422():
    """JSON nested past the depth bound is refused as too costly, with its reason."""
    with pytest.raises(InputError) as caught:
        parse_json(b'{"x": ' + b"[" * 30 + b"]" * 30 + b"}")
    assert caught.value.status == 422
    assert "nested too deeply" in str(caught.value.message)


def test_a_real_credential_is_well_within_the_bounds(issued):
    """What we issue passes the cost check with room to spare."""
    parsed = parse_json(json.dumps(issued.document))
    assert parsed == issued.document


def test_api_too_large_is_413(client, db):
    """More than 256 KB is a 413 with a message, before the body is parsed."""
    body = b'{"x": "' + b"a" * 300_000 + b'"}'
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["detail"] == "The credential is too large (more than 256 KB)."


def test_page_too_complex_is_422(client, issued):
    """The verification page answers the same bound with a 422 and the message."""
    response = client.post(PAGE, {"text": json.dumps(_bomb(issued, 1_000))})
    assert response.status_code == 422
    assert "too many for a credential" in response.content.decode()


def test_api_is_rate_limited_per_address(client, db):
    """Past the per-minute budget, an address gets 429 with a message; another address does not."""
    for _ in range(VERIFY_LIMIT.hits):
        assert client.post(API, b"{}", content_type="application/json").status_code == 400
    refused = client.post(API, b"{}", content_type="application/json")
    assert refused.status_code == 429
    assert refused.json()["detail"] == "Too many verifications from your address; wait a minute."
    other = client.post(API, b"{}", content_type="application/json", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 400


def test_page_is_rate_limited(client, db):
    """The HTML verifier shares the budget: a 429 page with the message."""
    for _ in range(VERIFY_LIMIT.hits):
        client.post(PAGE, {"text": "{}"})
    refused = client.post(PAGE, {"text": "{}"})
    assert refused.status_code == 429
    assert "Too many verifications" in refused.content.decode()


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("credentialSubject", "@index", "Recipient: Mallory, grade A+"),
        ("credentialSubject", "_:grade", "A+"),
        ("top", "@graph", [{"name": "x"}]),
        ("top", "@unknown", "x"),
        ("achievement", "@index", "grade A+"),
        ("credentialSubject", "@nest", {"name": "x"}),
    ],
)
def test_keywords_canonicalisation_drops_are_refused(issued, where, key, value):
    """A keyword or blank-node key the canonical form drops makes the credential invalid."""
    document = copy.deepcopy(issued.document)
    target = {
        "top": document,
        "credentialSubject": document["credentialSubject"],
        "achievement": document["credentialSubject"]["achievement"],
    }[where]
    target[key] = value
    result = verify_document(document)
    assert not result.valid
    assert "integrity" in [check.code for check in result.checks if not check.passed]


def test_blank_node_id_is_refused(issued):
    """A blank-node id is relabelled by canonicalisation, so its text is not signed."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["achievement"]["id"] = "_:Mallory-grade-A-plus"
    assert "integrity" in _failed(document)


def test_empty_list_is_refused(issued):
    """An added empty list says nothing the signature covers: refused, not ignored."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["achievement"]["alignment"] = []
    assert "integrity" in _failed(document)


def test_api_index_reproduction_is_not_valid(client, issued):
    """Reproduction 8: "@index" inside credentialSubject no longer verifies as unchanged."""
    document = copy.deepcopy(issued.document)
    document["credentialSubject"]["@index"] = "Recipient: Mallory, grade A+"
    body = client.post(API, json.dumps(document), content_type="application/json").json()
    assert body["valid"] is False
    integrity = next(check for check in body["checks"] if check["check"] == "integrity")
    assert "credentialSubject.@index" in integrity["message"]
