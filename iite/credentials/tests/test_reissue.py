"""Credentials signed under the early OB 3.0.3 context are re-signed: same id, new proof."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from iite.credentials import documents, services
from iite.credentials.integrity import (
    CONTEXT_DIR,
    OB_V3,
    LocalDocumentLoader,
    add_proof,
    default_loader,
)
from iite.credentials.keys import current_signing_key
from iite.credentials.models import Credential
from iite.credentials.verification import verify_document

pytestmark = pytest.mark.django_db

README = CONTEXT_DIR / "README.md"


def test_the_context_is_the_file_its_url_serves_today():
    """The OB 3.0.3 context held is byte for byte the corrected file (sha256 in the README)."""
    data = (CONTEXT_DIR / "context-3.0.3.json").read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert digest == "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761"
    assert digest in README.read_text()
    scoped = json.loads(data)["@context"]["AchievementSubject"]["@context"]
    assert scoped["achievement"]["@id"].endswith("vocab.html#achievement")
    assert scoped["image"]["@id"].endswith("vocab.html#image")
    assert not (CONTEXT_DIR / "ob-context-3.0.3.json").exists()


def test_the_loader_serves_the_context_unchanged():
    """No context is adjusted in memory: the loader gives exactly the file's JSON."""
    served = default_loader(OB_V3)["document"]
    assert served == json.loads((CONTEXT_DIR / "context-3.0.3.json").read_text())
    assert served["@context"]["image"].get("@protected", True) is not False


def _early_context() -> dict:
    """The 3.0.3 context as first committed (196258d): `achievement` meant `#achievement-0`."""
    text = (CONTEXT_DIR / "context-3.0.3.json").read_text()
    return json.loads(
        re.sub(r"vocab\.html#achievement\"", 'vocab.html#achievement-0"', text, count=1)
    )


def _signed_as_before(credential: Credential) -> Credential:
    """The credential as the platform signed it until now (no badge image), as version 1."""
    key, private_key = current_signing_key()
    early = LocalDocumentLoader({**default_loader._paths, OB_V3: _early_context()})
    unsigned = copy.deepcopy({k: v for k, v in credential.document.items() if k != "proof"})
    del unsigned["credentialSubject"]["achievement"]["image"]
    credential.document = add_proof(
        unsigned,
        private_key=private_key,
        verification_method=documents.verification_method_id(key.public_key_multibase),
        created="2026-01-05T10:00:00Z",
        loader=early,
    )
    credential.document_version = 1
    credential.save(update_fields=["document", "document_version"])
    return credential


def test_new_credentials_are_made_in_the_current_version(achievement, learner):
    """A credential issued now records the current document version."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    credential.refresh_from_db()
    assert credential.document_version == documents.DOCUMENT_VERSION == 3


def test_reissue_replaces_the_old_proof_and_keeps_the_id(achievement, learner):
    """An old proof fails today; the command re-signs it (same id) and a second run does nothing."""
    credential = _signed_as_before(
        services.credential_issue(achievement=achievement, recipient=learner)
    )
    old = dict(credential.document)
    before = verify_document(old)
    assert not before.valid
    assert [c.code for c in before.checks if not c.passed] == ["signature"]

    out = StringIO()
    call_command("credentials_reissue", stdout=out)
    assert "1 credentials re-signed." in out.getvalue()

    credential.refresh_from_db()
    assert credential.document_version == 3
    assert credential.document["id"] == old["id"]
    unchanged = {
        k: v for k, v in credential.document.items() if k not in ("proof", "credentialSubject")
    }
    assert unchanged == {k: v for k, v in old.items() if k not in ("proof", "credentialSubject")}
    subject = credential.document["credentialSubject"]
    assert subject["id"] == old["credentialSubject"]["id"]
    assert subject["achievement"]["image"] == {
        "id": f"https://platform.iite.test/credentials/achievements/{achievement.code}/badge.svg",
        "type": "Image",
        "caption": old["credentialSubject"]["achievement"]["name"],
    }
    assert credential.document["proof"]["proofValue"] != old["proof"]["proofValue"]
    assert verify_document(dict(credential.document)).valid
    assert not verify_document(old).valid  # the old proof is not kept as valid

    again = StringIO()
    call_command("credentials_reissue", stdout=again)
    assert "0 credentials re-signed." in again.getvalue()


def test_setup_platform_reissues(achievement, learner):
    """setup_platform (make run) re-signs old credentials among its reference steps."""
    credential = _signed_as_before(
        services.credential_issue(achievement=achievement, recipient=learner)
    )
    from iite.core.registry import registry

    loaders = dict(registry.reference_loaders)
    assert loaders["credentials.reissue"]() == "1 re-signed"
    credential.refresh_from_db()
    assert credential.document_version == 3
    assert verify_document(dict(credential.document)).valid
