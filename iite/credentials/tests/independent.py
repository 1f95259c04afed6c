"""Running Digital Bazaar's verifier (node/verify-credential.mjs) on what the platform serves."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.conf import settings

from iite.credentials import documents, selectors
from iite.credentials.models import Credential

SCRIPT = Path(__file__).resolve().parent / "node" / "verify-credential.mjs"
NODE_MODULES = Path(settings.BASE_DIR) / "node_modules" / "@digitalbazaar" / "vc"


def node_available() -> str:
    """The node binary; fails (never skips) when node or the npm packages are missing."""
    node = shutil.which("node")
    assert node, "node is needed for the independent verifier (make install sets it up)"
    assert NODE_MODULES.exists(), "run `npm ci` (make install) for the verifier's packages"
    return node


def issuer_profile() -> dict[str, Any]:
    keys = selectors.published_keys()
    return documents.issuer_profile([(key.public_key_multibase, key.is_current) for key in keys])


def independent_verdict(
    document: dict[str, Any], tmp_path: Path, status_list: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The verifier's JSON verdict on `document`, with our published issuer profile and list."""
    node = node_available()
    credential_file = tmp_path / "credential.json"
    issuer_file = tmp_path / "issuer.json"
    credential_file.write_text(json.dumps(document), encoding="utf-8")
    issuer_file.write_text(json.dumps(issuer_profile()), encoding="utf-8")
    command = [node, str(SCRIPT), str(credential_file), "--issuer", str(issuer_file)]
    if status_list is not None:
        list_file = tmp_path / "status-list.json"
        list_file.write_text(json.dumps(status_list), encoding="utf-8")
        command += ["--status-list", str(list_file)]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=settings.BASE_DIR, check=False
    )
    assert completed.stdout, completed.stderr
    verdict: dict[str, Any] = json.loads(completed.stdout)
    assert completed.returncode == (0 if verdict["verified"] else 1), completed.stderr
    return verdict


def credential_verdict(credential: Credential, tmp_path: Path) -> dict[str, Any]:
    """The verdict on a credential as its public JSON serves it, with its current status list."""
    credential.refresh_from_db()
    credential.status_list.refresh_from_db()
    return independent_verdict(
        dict(credential.document), tmp_path, status_list=dict(credential.status_list.document)
    )
