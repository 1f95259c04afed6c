from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from iite.accounts.tests.factories import UserFactory
from iite.credentials import documents, services
from iite.credentials.models import Credential, CredentialBatch, StatusList
from iite.credentials.selectors import credentials_for_user
from iite.credentials.verification import verify_document
from iite.programme.models import Participation

pytestmark = pytest.mark.django_db


def _revoker():
    user = UserFactory(email="officer@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="revoke_credential"))
    return user


def test_issue_produces_an_open_badges_3_credential(achievement, learner):
    """The signed document is an OB 3.0 VC 2.0 with our issuer Profile, subject, status and proof."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    doc = credential.document
    assert doc["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["id"] == f"https://platform.iite.test/credentials/{credential.uuid}/"
    assert doc["issuer"] == {
        "id": "https://platform.iite.test/credentials/issuer/",
        "type": ["Profile"],
        "name": "UNESCO Institute for Information Technologies in Education",
        "url": "https://platform.iite.test/",
    }
    subject = doc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"].startswith("urn:uuid:")
    assert "name" not in subject
    assert subject["achievement"]["type"] == ["Achievement"]
    assert subject["achievement"]["criteria"] == {
        "narrative": "Complete every lesson and pass the quiz."
    }
    assert subject["achievement"]["achievementType"] == "MicroCredential"
    # The learner prefers Arabic and the achievement has an Arabic name.
    assert subject["achievement"]["name"] == "كفايات الذكاء الاصطناعي للمعلمين"
    assert "amina@example.org" not in str(doc)
    assert "Amina" not in str(doc)
    assert doc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert doc["credentialStatus"]["statusPurpose"] == "revocation"
    proof = doc["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["verificationMethod"] == (
        f"https://platform.iite.test/credentials/issuer/#{credential.signing_key.public_key_multibase}"
    )
    assert proof["proofValue"].startswith("z")
    assert "validUntil" not in doc
    assert verify_document(doc).valid


def test_issue_is_idempotent(achievement, learner):
    """Issuing the same achievement to the same person twice gives the one credential."""
    first = services.credential_issue(achievement=achievement, recipient=learner)
    second = services.credential_issue(achievement=achievement, recipient=learner)
    assert first.pk == second.pk
    assert Credential.objects.count() == 1
    assert list(credentials_for_user(learner)) == [first]


def test_name_is_included_only_when_the_learner_chooses(achievement, learner):
    """With show_name the learner's name is in the signed subject and on the page."""
    credential = services.credential_issue(
        achievement=achievement, recipient=learner, show_name=True
    )
    assert credential.document["credentialSubject"]["name"] == "Amina Diallo"
    assert credential.display_name == "Amina Diallo"
    assert verify_document(credential.document).valid


def test_expiring_achievement_sets_valid_until(achievement, learner):
    """An achievement valid for 24 months gives validUntil two years after validFrom."""
    achievement.validity_months = 24
    achievement.save()
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    assert credential.document["validUntil"][:4] == str(
        int(credential.document["validFrom"][:4]) + 2
    )
    assert credential.valid_until is not None


def test_issue_marks_participation_certified(achievement, learner, activity):
    """A credential for a course's achievement counts the learner as completed and certified."""
    achievement.activity = activity
    achievement.save()
    services.credential_issue(achievement=achievement, recipient=learner)
    record = Participation.objects.get(activity=activity, person_key=learner.person_key)
    assert (record.completed, record.certified, record.source) == (True, True, "enrolment")


def test_status_entries_are_distinct(achievement):
    """Every credential gets its own entry in the status list."""
    people = [UserFactory() for _ in range(5)]
    credentials = [services.credential_issue(achievement=achievement, recipient=p) for p in people]
    assert len({c.status_index for c in credentials}) == 5
    assert StatusList.objects.count() == 1


def test_revocation_needs_the_permission(achievement, learner):
    """Someone without credentials.revoke_credential cannot revoke."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    with pytest.raises(PermissionDenied):
        services.credential_revoke(credential=credential, by=learner, reason="no")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_revocation_needs_a_reason(achievement, learner):
    """An empty reason is refused and nothing changes."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    with pytest.raises(ValidationError):
        services.credential_revoke(credential=credential, by=_revoker(), reason="  ")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_revocation_is_published_and_fails_verification(achievement, learner):
    """After revocation the status list has the bit set and verification fails on status."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    officer = _revoker()
    services.credential_revoke(credential=credential, by=officer, reason="Issued in error")
    credential.refresh_from_db()
    assert credential.revoked_by == officer
    assert credential.revocation_reason == "Issued in error"
    status_list = credential.status_list
    bits = documents.bitstring_decode(status_list.document["credentialSubject"]["encodedList"])
    assert documents.bit_is_set(bits, credential.status_index)
    result = verify_document(credential.document)
    assert not result.valid
    failed = [check.code for check in result.checks if not check.passed]
    assert failed == ["status"]
    # The status list credential is itself signed by us.
    assert verify_document(status_list.document).valid
    with pytest.raises(ValidationError):
        services.credential_revoke(credential=credential, by=officer, reason="again")


def test_revocation_is_audited(achievement, learner):
    """The audit trail records who revoked and the reason."""
    from auditlog.models import LogEntry

    credential = services.credential_issue(achievement=achievement, recipient=learner)
    services.credential_revoke(credential=credential, by=_revoker(), reason="Fraud")
    entries = LogEntry.objects.get_for_object(credential)
    assert any("revocation_reason" in (entry.changes_dict or {}) for entry in entries)


def test_batch_issues_to_everyone_once_with_progress(
    achievement, learner, activity, django_capture_on_commit_callbacks
):
    """A batch issues to each recipient once (skipping those who have one) and reports progress."""
    achievement.activity = activity
    achievement.save()
    services.credential_issue(achievement=achievement, recipient=learner)
    people = [UserFactory() for _ in range(7)]
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.credential_issue_batch(
            achievement=achievement, recipients=[learner, *people]
        )
    batch.refresh_from_db()
    assert batch.status == CredentialBatch.Status.DONE
    assert (batch.total, batch.done, batch.issued) == (8, 8, 7)
    assert batch.progress_percent == 100
    assert Credential.objects.filter(achievement=achievement).count() == 8
    assert Participation.objects.filter(activity=activity, certified=True).count() == 8
    for credential in Credential.objects.all():
        assert verify_document(credential.document).valid


def test_personal_data_export_and_erase(achievement, learner):
    """Export gives the signed documents; erasure unlinks the learner but the credential still verifies."""
    credential = services.credential_issue(
        achievement=achievement, recipient=learner, show_name=True
    )
    exported = services.personal_data_export(learner)
    assert exported == [credential.document]
    services.personal_data_erase(learner)
    credential.refresh_from_db()
    assert credential.recipient is None
    assert credential.display_name == ""
    assert verify_document(credential.document).valid


def test_display_name_choice_is_the_learners(achievement, learner):
    """Only the learner can show or hide their name on the public page."""
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    with pytest.raises(PermissionDenied):
        services.credential_display_name_set(credential=credential, user=UserFactory(), show=True)
    services.credential_display_name_set(credential=credential, user=learner, show=True)
    assert credential.display_name == "Amina Diallo"
    services.credential_display_name_set(credential=credential, user=learner, show=False)
    assert credential.display_name == ""


def test_batch_canonical_template_equals_full_algorithm(achievement):
    """The batch's template canonical form is byte-identical to RDFC-1.0 on each document."""
    from django.utils import timezone

    from iite.credentials.integrity import canonicalize

    people = [UserFactory(preferred_language=lang) for lang in ("ar", "en", "ar", "fr")]
    now = timezone.now().replace(microsecond=0)
    signer = services._signer(now)
    slots = services._allocate_status_slots(len(people))
    templates: dict = {}
    url = documents.stable_url("credentials:achievement", [achievement.code])
    for person, slot in zip(people, slots, strict=True):
        credential = services._build_credential(
            achievement=achievement,
            recipient=person,
            show_name=False,
            slot=slot,
            signer=signer,
            now=now,
            achievement_url=url,
            templates=templates,
        )
        unsigned = {k: v for k, v in credential.document.items() if k != "proof"}
        assert templates  # the template path was taken
        template = next(iter(t for k, t in templates.items() if k[0] == credential.language))
        values = {
            services._CREDENTIAL_SENTINEL: str(credential.uuid),
            services._SUBJECT_SENTINEL: credential.subject_id.removeprefix("urn:uuid:"),
            services._INDEX_SENTINEL: str(credential.status_index),
        }
        assert template.usable
        assert template.render(values) == canonicalize(unsigned)
        assert verify_document(credential.document).valid
    assert {key[0] for key in templates} == {"ar", "en"}  # French falls back to English


def test_issue_can_leave_the_participation_to_the_caller(achievement, learner, activity):
    """A caller that records the participation itself (a course completion) gets the
    credential without a participation write from credentials."""
    achievement.activity = activity
    achievement.save()
    services.credential_issue(
        achievement=achievement, recipient=learner, record_participation=False
    )
    assert Credential.objects.filter(recipient=learner).count() == 1
    assert not Participation.objects.exists()


def test_a_course_achievement_is_created_with_a_free_code_and_changes_until_held(learner, activity):
    """The achievement a course awards takes the course's code (or the next free one), points
    at the course's activity, can be reworded until a credential is issued, then not."""
    from iite.credentials.models import Achievement

    Achievement.objects.create(
        code="ai-basics", name={"en": "Taken"}, description={"en": "x"}, criteria={"en": "x"}
    )
    texts = {
        "name": {"en": "AI basics"},
        "description": {"en": "What AI can do."},
        "criteria": {"en": "<p>Finish the course.</p>"},
        "original_language": "en",
    }
    achievement = services.achievement_for_course_save(code="ai-basics", activity=activity, **texts)
    assert (achievement.code, achievement.activity, dict(achievement.name)) == (
        "ai-basics-2",
        activity,
        {"en": "AI basics"},
    )
    reworded = services.achievement_for_course_save(
        achievement=achievement,
        code="ignored",
        activity=activity,
        **{**texts, "criteria": {"en": "<p>Pass the quiz.</p>"}},
    )
    assert reworded.code == "ai-basics-2"
    assert dict(Achievement.objects.get(pk=achievement.pk).criteria) == {
        "en": "<p>Pass the quiz.</p>"
    }
    services.credential_issue(achievement=achievement, recipient=learner)
    with pytest.raises(ValidationError) as raised:
        services.achievement_for_course_save(
            achievement=achievement, code="ai-basics", activity=activity, **texts
        )
    assert raised.value.messages == [
        "Credentials have been issued for this achievement; it can no longer change."
    ]
    assert dict(Achievement.objects.get(pk=achievement.pk).criteria) == {
        "en": "<p>Pass the quiz.</p>"
    }


def test_revocation_is_one_audited_action_and_tells_the_holder_in_their_language(
    achievement, learner, mailoutbox, django_capture_on_commit_callbacks
):
    """The revoke action leaves one entry naming it, its actor and reason, and the holder
    gets an e-mail in their language once the revocation has committed."""
    from auditlog.models import LogEntry

    learner.preferred_language = "fr"
    learner.save(update_fields=["preferred_language"])
    credential = services.credential_issue(achievement=achievement, recipient=learner)
    officer = _revoker()
    with django_capture_on_commit_callbacks(execute=True):
        services.credential_revoke(credential=credential, by=officer, reason="Fraud")
    actions = [
        entry
        for entry in LogEntry.objects.get_for_object(credential)
        if (entry.additional_data or {}).get("action") == "credentials.revoke"
    ]
    assert [(entry.actor, entry.additional_data["reason"]) for entry in actions] == [
        (officer, "Fraud")
    ]
    assert [message.to for message in mailoutbox] == [[learner.email]]
    assert "Fraud" in mailoutbox[0].body
    assert f"/fr/credentials/{credential.uuid}/" in mailoutbox[0].body


def test_a_refused_revocation_writes_no_audit_entry_and_sends_nothing(
    achievement, learner, mailoutbox, django_capture_on_commit_callbacks
):
    """Checks run before anything is written: no entry, no e-mail."""
    from auditlog.models import LogEntry

    credential = services.credential_issue(achievement=achievement, recipient=learner)
    before = LogEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.credential_revoke(credential=credential, by=learner, reason="no")
    assert LogEntry.objects.count() == before
    assert mailoutbox == []
