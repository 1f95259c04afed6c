"""A stranger's verifier agrees: Digital Bazaar's @digitalbazaar/vc checks what we issue, offline.

node/verify-credential.mjs loads the contexts from their own npm packages (not our copies),
resolves our key only through the issuer profile we publish, and checks the signed status
list. Every shape of credential the platform makes must verify there, and a copy changed
after signing must not.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from iite.accounts.tests.factories import UserFactory
from iite.credentials import services
from iite.credentials.models import Achievement, Credential, CredentialBatch

from .factories import AchievementFactory
from .independent import credential_verdict, independent_verdict
from .test_reissue import _signed_as_before

pytestmark = pytest.mark.django_db


def _new_achievement(**values: Any) -> Any:
    return AchievementFactory(**values)


def _course(activity: Any, learner: Any) -> Credential:
    achievement = _new_achievement(kind=Achievement.Kind.COURSE, activity=activity)
    return services.credential_issue(achievement=achievement, recipient=learner, show_name=True)


def _micro_credential(activity: Any, learner: Any) -> Credential:
    return services.credential_issue(achievement=_new_achievement(), recipient=learner)


def _webinar(activity: Any, learner: Any) -> Credential:
    from iite.events.certificates import certificate_issue
    from iite.events.services import registration_create, registration_mark_attended
    from iite.events.tests.factories import make_event

    activity.period.is_current = True
    activity.period.save(update_fields=["is_current"])
    registration = registration_create(event=make_event(), user=learner)
    registration_mark_attended(registration=registration, minutes=80)
    certificate_issue(registration=registration)
    return Credential.objects.get(recipient=learner, achievement__kind=Achievement.Kind.CERTIFICATE)


def _batch(activity: Any, learner: Any) -> Credential:
    achievement = _new_achievement(validity_months=24)
    others = [UserFactory() for _ in range(2)]
    services.credential_issue_batch(achievement=achievement, recipients=[learner, *others])
    services.credential_batch_run.call(CredentialBatch.objects.get().pk)
    return Credential.objects.get(achievement=achievement, recipient=learner)


def _after_rotation(activity: Any, learner: Any) -> Credential:
    services.signing_key_rotate()
    return services.credential_issue(achievement=_new_achievement(), recipient=learner)


def _before_rotation(activity: Any, learner: Any) -> Credential:
    credential = services.credential_issue(achievement=_new_achievement(), recipient=learner)
    services.signing_key_rotate()
    return credential


SHAPES = {
    "course completion, name shown": _course,
    "micro-credential": _micro_credential,
    "webinar attendance certificate": _webinar,
    "batch, with an expiry date": _batch,
    "signed after a key rotation": _after_rotation,
    "signed before a key rotation": _before_rotation,
}


def _tampered(document: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    achievement = changed["credentialSubject"]["achievement"]
    achievement["name"] = achievement["name"] + " (with honours)"
    return changed


@pytest.mark.parametrize("shape", SHAPES)
def test_independent_verifier_accepts_each_shape_and_rejects_a_tampered_copy(
    shape, activity, learner, tmp_path
):
    """Each shape verifies (proof and status); the same with its achievement renamed does not."""
    credential = SHAPES[shape](activity, learner)
    verdict = credential_verdict(credential, tmp_path)
    assert verdict == {
        "verified": True,
        "proof": {"verified": True, "errors": []},
        "status": {"checked": True, "revoked": False, "errors": []},
    }
    tampered = independent_verdict(
        _tampered(credential.document), tmp_path, dict(credential.status_list.document)
    )
    assert tampered["verified"] is False
    assert tampered["proof"]["verified"] is False
    assert tampered["proof"]["errors"] == ["Invalid signature."]


def test_independent_verifier_sees_a_revocation(achievement, learner, tmp_path, django_user_model):
    """A revoked credential's proof still holds, and the signed status list says it is revoked."""
    from django.contrib.auth.models import Permission

    credential = services.credential_issue(achievement=achievement, recipient=learner)
    officer = UserFactory()
    officer.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    officer = django_user_model.objects.get(pk=officer.pk)
    services.credential_revoke(credential=credential, by=officer, reason="Issued in error.")
    verdict = credential_verdict(credential, tmp_path)
    assert verdict["verified"] is False
    assert verdict["proof"] == {"verified": True, "errors": []}
    assert verdict["status"] == {"checked": True, "revoked": True, "errors": []}
    tampered = independent_verdict(
        _tampered(credential.document), tmp_path, dict(credential.status_list.document)
    )
    assert tampered["proof"]["verified"] is False


def test_independent_verifier_rejects_a_tampered_status_list(achievement, learner, tmp_path):
    """A status list changed after signing (to hide a revocation, say) is not believed."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    status_list = copy.deepcopy(credential.status_list.document)
    status_list["validFrom"] = "2020-01-01T00:00:00Z"
    verdict = independent_verdict(dict(credential.document), tmp_path, status_list)
    assert verdict["verified"] is False
    assert verdict["proof"]["verified"] is True
    assert verdict["status"]["checked"] is False
    assert "The status list credential does not verify." in verdict["status"]["errors"]


def test_independent_verifier_rejected_the_early_context_proofs(achievement, learner, tmp_path):
    """What the platform signed under the early 3.0.3 copy fails elsewhere; re-issued, it passes."""
    from iite.credentials.reissue import credentials_reissue_outdated

    credential = _signed_as_before(
        services.credential_issue(achievement=achievement, recipient=learner)
    )
    before = credential_verdict(credential, tmp_path)
    assert before["proof"] == {"verified": False, "errors": ["Invalid signature."]}
    assert credentials_reissue_outdated() == 1
    assert credential_verdict(credential, tmp_path)["verified"] is True
