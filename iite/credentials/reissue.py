"""Re-signing credentials already issued, when what they are signed in changes.

A credential's proof covers its canonical form, which depends on the JSON-LD contexts it
names. The platform first signed with an early copy of the Open Badges 3.0.3 context that
1EdTech has since corrected in place at the same URL, so verifiers elsewhere, loading the
file that URL serves today, found those proofs invalid. Re-issuing keeps the credential's
id, subject, dates and status entry (a link already shared still leads to it) and replaces
its proof with one made under the current contexts; the old proof is not kept anywhere,
and it no longer verifies here either, because our verifier loads the same contexts.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from . import documents
from .integrity import add_proof
from .keys import current_signing_key
from .models import Credential
from .services import status_lists_republish

CHUNK = 500


def credential_reissue(*, credential: Credential) -> Credential:
    """Re-sign one credential in the current document version: same id, a new proof."""
    key, private_key = current_signing_key()
    now = timezone.now()
    unsigned = documents.credential_document_upgrade(dict(credential.document))
    credential.document = add_proof(
        unsigned,
        private_key=private_key,
        verification_method=documents.verification_method_id(key.public_key_multibase),
        created=documents.iso(now),
    )
    credential.signing_key = key
    credential.document_version = documents.DOCUMENT_VERSION
    credential.save(update_fields=["document", "signing_key", "document_version"])
    return credential


def credentials_reissue_outdated() -> int:
    """Re-sign every credential signed in an older document version; returns how many.

    A second run finds none and changes nothing. Status lists are re-signed too when any
    credential was, so that everything published carries a proof made the same way.
    """
    count = 0
    while True:
        with transaction.atomic():
            chunk = list(
                Credential.objects.select_for_update()
                .filter(document_version__lt=documents.DOCUMENT_VERSION)
                .order_by("pk")[:CHUNK]
            )
            for credential in chunk:
                credential_reissue(credential=credential)
        count += len(chunk)
        if len(chunk) < CHUNK:
            break
    if count:
        status_lists_republish()
    return count


def reference_loader() -> str:
    """setup_platform's step: credentials signed before the current version are re-signed."""
    return f"{credentials_reissue_outdated()} re-signed"
