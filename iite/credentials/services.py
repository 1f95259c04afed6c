"""Every write of the credentials domain: issuing, revoking, publishing status lists."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskResultStatus, task

from iite.accounts.mail import mail_person
from iite.core.actions import Action
from iite.core.i18n import TranslatedText
from iite.programme.models import ParticipationSource
from iite.programme.services import ParticipationEntry, participation_record_many

from . import documents, notifications
from .integrity import (
    CanonicalTemplate,
    add_proof,
    add_proof_from_canonical,
    canonicalize,
    default_loader,
    proof_config,
    proof_config_hash,
)
from .keys import current_signing_key, signing_key_create
from .models import Achievement, Credential, CredentialBatch, SigningKey, StatusList
from .permissions import can_revoke

# An odd multiplier makes index = (n * M + C) mod 2^k a bijection, so status entries are
# spread over the list instead of revealing the order in which credentials were issued.
_INDEX_MULTIPLIER = 40_503
_INDEX_OFFSET = 12_345


def translated(instance: Any, field: str) -> TranslatedText:
    """A translatable field as TranslatedText (with the record's own language as fallback)."""
    value = getattr(instance, field)
    if isinstance(value, TranslatedText):
        return value
    return TranslatedText(value if isinstance(value, dict) else {}, instance.original_language)


def _language_for(achievement: Achievement, recipient: Any) -> str:
    preferred = (getattr(recipient, "preferred_language", "") or "").lower()
    if preferred.startswith("zh"):
        preferred = "zh-hans"
    name = translated(achievement, "name")
    if preferred in settings.LANGUAGE_CODES and name.get(preferred):
        return preferred
    return achievement.original_language


def _months_later(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _allocate_status_slots(count: int) -> list[tuple[StatusList, int]]:
    """Reserve `count` entries in revocation status lists (locks the list being filled)."""
    slots: list[tuple[StatusList, int]] = []
    while len(slots) < count:
        status_list = (
            StatusList.objects.select_for_update()
            .filter(purpose="revocation")
            .order_by("-id")
            .first()
        )
        if status_list is None or status_list.next_index >= status_list.size:
            status_list = StatusList.objects.create(purpose="revocation")
            status_list_publish(status_list=status_list)
        take = min(count - len(slots), status_list.size - status_list.next_index)
        for n in range(status_list.next_index, status_list.next_index + take):
            slots.append((status_list, (n * _INDEX_MULTIPLIER + _INDEX_OFFSET) % status_list.size))
        status_list.next_index += take
        status_list.save(update_fields=["next_index", "updated_at"])
    return slots


@dataclass(frozen=True)
class _Signer:
    key: SigningKey
    private_key: Ed25519PrivateKey
    created: str
    config_hash: bytes

    @property
    def verification_method(self) -> str:
        return documents.verification_method_id(self.key.public_key_multibase)


def _signer(now: datetime) -> _Signer:
    key, private_key = current_signing_key()
    created = documents.iso(now)
    config = proof_config(
        context=list(documents.CREDENTIAL_CONTEXT),
        verification_method=documents.verification_method_id(key.public_key_multibase),
        created=created,
    )
    return _Signer(key, private_key, created, proof_config_hash(config, default_loader))


# Placeholders for the identifiers that differ between credentials of one batch.
_CREDENTIAL_SENTINEL = "00000000-0000-4000-8000-0000000c1ed0"
_SUBJECT_SENTINEL = "00000000-0000-4000-8000-00000005b1ec"
_INDEX_SENTINEL = "987654321"


def _build_credential(
    *,
    achievement: Achievement,
    recipient: Any,
    show_name: bool,
    slot: tuple[StatusList, int],
    signer: _Signer,
    now: datetime,
    achievement_url: str,
    templates: dict[tuple[str, int, str], CanonicalTemplate] | None = None,
) -> Credential:
    """An unsaved Credential with its signed document.

    With `templates` (a batch), the canonical form comes from a CanonicalTemplate of the
    batch's document shape, checked once against the full algorithm.
    """
    language = _language_for(achievement, recipient)
    credential_uuid = uuid.uuid4()
    subject_uuid = uuid.uuid4()
    subject_id = f"urn:uuid:{subject_uuid}"
    display_name = (recipient.name or "").strip() if show_name else ""
    valid_until = (
        _months_later(now, achievement.validity_months) if achievement.validity_months else None
    )
    status_list, index = slot
    status_list_url = documents.stable_url("credentials:status_list", [status_list.pk])
    credential_base = documents.stable_url("credentials:detail", [_CREDENTIAL_SENTINEL])

    def unsigned_document(credential_id: str, subject: str, entry: str) -> dict[str, Any]:
        return documents.credential_document(
            credential_url=credential_base.replace(_CREDENTIAL_SENTINEL, credential_id),
            subject_id=f"urn:uuid:{subject}",
            subject_name=display_name,
            achievement_url=achievement_url,
            achievement_name=translated(achievement, "name").resolve(language),
            achievement_description=translated(achievement, "description").resolve(language),
            criteria_narrative=documents.plain_text(
                translated(achievement, "criteria").resolve(language)
            ),
            achievement_type=achievement.kind,
            valid_from=now,
            valid_until=valid_until,
            status_list_url=status_list_url,
            status_index=entry,
        )

    unsigned = unsigned_document(str(credential_uuid), str(subject_uuid), str(index))
    signed = None
    if templates is not None:
        values = {
            _CREDENTIAL_SENTINEL: str(credential_uuid),
            _SUBJECT_SENTINEL: str(subject_uuid),
            _INDEX_SENTINEL: str(index),
        }
        template_key = (language, status_list.pk, display_name)
        template = templates.get(template_key)
        if template is None:
            template = CanonicalTemplate(
                unsigned_document(_CREDENTIAL_SENTINEL, _SUBJECT_SENTINEL, _INDEX_SENTINEL),
                {_CREDENTIAL_SENTINEL: "iri", _SUBJECT_SENTINEL: "iri", _INDEX_SENTINEL: "number"},
            )
            # Trust the template only once it reproduces the full algorithm exactly.
            if template.render(values) != canonicalize(unsigned):
                template.usable = False
            templates[template_key] = template
        canonical = template.render(values)
        if canonical is not None:
            signed = add_proof_from_canonical(
                unsigned,
                canonical,
                private_key=signer.private_key,
                verification_method=signer.verification_method,
                created=signer.created,
                config_hash=signer.config_hash,
            )
    if signed is None:
        signed = add_proof(
            unsigned,
            private_key=signer.private_key,
            verification_method=signer.verification_method,
            created=signer.created,
            config_hash=signer.config_hash,
        )
    return Credential(
        uuid=credential_uuid,
        achievement=achievement,
        recipient=recipient,
        subject_id=subject_id,
        display_name=display_name,
        language=language,
        issued_at=now.replace(microsecond=0),
        valid_until=valid_until.replace(microsecond=0) if valid_until else None,
        signing_key=signer.key,
        status_list=status_list,
        status_index=index,
        document=signed,
    )


def _record_participation(achievement: Achievement, recipients: Iterable[Any]) -> None:
    """Completing with a credential counts for the indicator on certified participants.

    Written through the programme's bulk door: one statement per batch of recipients.
    """
    if achievement.activity_id is None:
        return

    participation_record_many(
        entries=(
            ParticipationEntry.for_person(
                activity_id=achievement.activity_id,
                person=recipient,
                completed=True,
                certified=True,
                source=ParticipationSource.ENROLMENT,
            )
            for recipient in recipients
        )
    )


def credential_issue(
    *,
    achievement: Achievement,
    recipient: Any,
    show_name: bool = False,
    record_participation: bool = True,
) -> Credential:
    """Issue (once) the signed OB 3.0 credential for `achievement` to `recipient`.

    Idempotent: a second call returns the credential already issued. The learner is
    identified in the credential by a random urn:uuid, never by email; their name is
    included only when `show_name` is true (the learner's choice). The recipient's
    participation in the achievement's activity is marked completed and certified,
    unless `record_participation` is false because the caller records it itself (a
    course completion writes its participation once, flags together).
    """
    existing = Credential.objects.filter(achievement=achievement, recipient=recipient).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            now = timezone.now().replace(microsecond=0)
            signer = _signer(now)
            [slot] = _allocate_status_slots(1)
            credential = _build_credential(
                achievement=achievement,
                recipient=recipient,
                show_name=show_name,
                slot=slot,
                signer=signer,
                now=now,
                achievement_url=documents.stable_url("credentials:achievement", [achievement.code]),
            )
            credential.save()
            if record_participation:
                _record_participation(achievement, [recipient])
            notifications.credential_issued_notify([credential.pk])
    except IntegrityError:
        existing = Credential.objects.filter(achievement=achievement, recipient=recipient).first()
        if existing is None:
            raise
        return existing
    return credential


# --- Batches -------------------------------------------------------------------------------

BATCH_CHUNK = 1000


def credential_issue_batch(
    *, achievement: Achievement, recipients: Iterable[Any], requested_by: Any = None
) -> CredentialBatch:
    """Queue issuance of `achievement` to every recipient; progress is kept on the batch row."""
    recipient_ids = sorted({recipient.pk for recipient in recipients})
    batch = CredentialBatch.objects.create(
        achievement=achievement,
        recipient_ids=recipient_ids,
        requested_by=requested_by,
        total=len(recipient_ids),
    )
    transaction.on_commit(lambda: credential_batch_run.enqueue(batch.pk))
    if not transaction.get_connection().in_atomic_block:
        batch.refresh_from_db()
    return batch


@task()
def credential_batch_run(batch_id: int) -> int:
    """Issue a batch in chunks, recording progress after each; returns how many were new.

    Exactly once per recipient, however often it runs: each chunk commits its credentials
    and the batch's progress together, under a lock on the batch row, and skips those who
    already hold the credential. A worker killed mid-chunk leaves nothing of that chunk;
    the task queued again (`manage.py task_worker`) or a second run at the same time
    starts after the last chunk committed.
    """

    User = get_user_model()
    batch = CredentialBatch.objects.select_related("achievement").get(pk=batch_id)
    if batch.status == CredentialBatch.Status.DONE:
        return batch.issued
    CredentialBatch.objects.filter(pk=batch.pk).update(status=CredentialBatch.Status.RUNNING)
    achievement = batch.achievement
    achievement_url = documents.stable_url("credentials:achievement", [achievement.code])
    ids: list[int] = list(batch.recipient_ids)
    try:
        while True:
            with transaction.atomic():
                start = CredentialBatch.objects.select_for_update().get(pk=batch.pk).done
                if start >= len(ids):
                    break
                chunk_ids = ids[start : start + BATCH_CHUNK]
                already = set(
                    Credential.objects.filter(
                        achievement=achievement, recipient_id__in=chunk_ids
                    ).values_list("recipient_id", flat=True)
                )
                people = list(User.objects.filter(pk__in=chunk_ids).exclude(pk__in=already))
                now = timezone.now().replace(microsecond=0)
                signer = _signer(now)
                slots = _allocate_status_slots(len(people))
                templates: dict[tuple[str, int, str], CanonicalTemplate] = {}
                credentials = [
                    _build_credential(
                        achievement=achievement,
                        recipient=person,
                        show_name=False,
                        slot=slot,
                        signer=signer,
                        now=now,
                        achievement_url=achievement_url,
                        templates=templates,
                    )
                    for person, slot in zip(people, slots, strict=True)
                ]
                Credential.objects.bulk_create(credentials, batch_size=500)
                _record_participation(achievement, people)
                notifications.credential_issued_notify(
                    Credential.objects.filter(
                        achievement=achievement, recipient__in=people
                    ).values_list("pk", flat=True)
                )
                CredentialBatch.objects.filter(pk=batch.pk).update(
                    done=start + len(chunk_ids), issued=F("issued") + len(credentials)
                )
    except Exception as exc:
        CredentialBatch.objects.filter(pk=batch.pk).update(
            status=CredentialBatch.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    CredentialBatch.objects.filter(pk=batch.pk).update(
        status=CredentialBatch.Status.DONE, done=len(ids), finished_at=timezone.now()
    )
    batch.refresh_from_db(fields=["issued"])
    return batch.issued


def credential_batch_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Receiver of django-tasks' `task_finished`: a batch whose task failed without the
    batch saying so (the worker gave it up after being killed in it again and again) is
    marked failed, so staff see why it stopped and can resume it."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.func is not credential_batch_run.func:
        return
    CredentialBatch.objects.filter(
        pk=task_result.args[0],
        status__in=[CredentialBatch.Status.QUEUED, CredentialBatch.Status.RUNNING],
    ).update(
        status=CredentialBatch.Status.FAILED,
        error="The task worker stopped during this batch",
        finished_at=timezone.now(),
    )


# --- Status lists and revocation -----------------------------------------------------------


def status_list_publish(*, status_list: StatusList) -> StatusList:
    """Re-encode and re-sign the status list credential from the revoked credentials."""
    revoked = Credential.objects.filter(
        status_list=status_list, revoked_at__isnull=False
    ).values_list("status_index", flat=True)
    now = timezone.now()
    unsigned = documents.status_list_document(
        url=documents.stable_url("credentials:status_list", [status_list.pk]),
        purpose=status_list.purpose,
        encoded_list=documents.bitstring_encode(set(revoked), status_list.size),
        valid_from=now,
    )
    key, private_key = current_signing_key()
    status_list.document = add_proof(
        unsigned,
        private_key=private_key,
        verification_method=documents.verification_method_id(key.public_key_multibase),
        created=documents.iso(now),
    )
    status_list.save(update_fields=["document", "updated_at"])
    return status_list


def status_lists_republish() -> int:
    """Re-sign every status list (after a key rotation, so they carry the current key)."""
    count = 0
    for status_list in StatusList.objects.all():
        status_list_publish(status_list=status_list)
        count += 1
    return count


class CredentialRevoke(Action[Credential]):
    """Revoke a credential: a manager's decision with a reason, in the audit history, the
    status list re-published so verifiers see it, and the holder told why."""

    name = "credentials.revoke"
    label = gettext_lazy("Credential revoked")

    def __init__(self, *, credential: Credential, by: Any, reason: str) -> None:
        super().__init__(by=by)
        self.credential = credential
        self.reason = (reason or "").strip()

    def check(self) -> None:
        if not can_revoke(self.by):
            raise PermissionDenied(_("You may not revoke credentials."))
        if not self.reason:
            raise ValidationError({"reason": _("Give the reason for revoking this credential.")})

    def write(self) -> Credential:
        credential = Credential.objects.select_for_update().get(pk=self.credential.pk)
        if credential.revoked_at is not None:
            raise ValidationError(_("This credential is already revoked."))
        credential.revoked_at = timezone.now()
        credential.revoked_by = self.by
        credential.revocation_reason = self.reason
        credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
        status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
        status_list_publish(status_list=status_list)
        return credential

    def target(self, result: Credential) -> Credential:
        return result

    def details(self, result: Credential) -> dict[str, Any]:
        return {"reason": self.reason}

    def notify(self, result: Credential) -> None:
        if result.recipient_id is None:
            return
        mail_person.enqueue(
            result.recipient_id,
            "credentials/email/revoked",
            {
                "achievement": str(result.achievement.name),
                "reason": self.reason,
                "credential_uuid": str(result.uuid),
            },
        )


def credential_revoke(*, credential: Credential, by: Any, reason: str) -> Credential:
    """Revoke a credential with a reason (the `CredentialRevoke` action)."""
    return CredentialRevoke(credential=credential, by=by, reason=reason).execute()


def signing_key_rotate() -> tuple[SigningKey | None, SigningKey]:
    """A new current key; the previous one is retired and stays published. Re-signs status lists."""
    with transaction.atomic():
        old = SigningKey.objects.filter(retired_at__isnull=True).first()
        new = signing_key_create()

    status_lists_republish()
    if old is not None:
        old.refresh_from_db()
    return old, new


def credential_display_name_set(*, credential: Credential, user: Any, show: bool) -> Credential:
    """The learner chooses whether their name appears on the credential's public page."""
    if credential.recipient_id != user.pk:
        raise PermissionDenied(_("Only the learner can change this."))
    credential.display_name = (user.name or "").strip() if show else ""
    credential.save(update_fields=["display_name"])
    return credential


# --- Personal data ---------------------------------------------------------------------------


def personal_data_export(user: Any) -> list[dict[str, Any]]:
    """The learner's credentials as the signed JSON documents they can use elsewhere."""
    return [
        dict(credential.document)
        for credential in Credential.objects.filter(recipient=user).order_by("issued_at")
    ]


def personal_data_erase(user: Any) -> None:
    """Unlink the learner from their credentials and drop any name shown.

    The signed documents stay as they are: a credential already handed to an employer
    must remain verifiable, and it names the learner only by a random urn:uuid (and by
    name only if they chose so when it was issued). The platform keeps no way back from
    the credential to the person.
    """
    Credential.objects.filter(recipient=user).update(recipient=None, display_name="")


# --- What a course awards ---------------------------------------------------------------------


def _free_code(base: str) -> str:
    code, suffix = base, 1
    while Achievement.objects.filter(code=code).exists():
        suffix += 1
        code = f"{base}-{suffix}"
    return code


@transaction.atomic
def achievement_for_course_save(
    *,
    achievement: Achievement | None = None,
    code: str,
    name: dict[str, str],
    description: dict[str, str],
    criteria: dict[str, str],
    original_language: str,
    activity: Any,
) -> Achievement:
    """Create the Achievement a course awards, or update it while nobody holds it.

    A new one takes `code` (with -2, -3... when taken) and is attached to the course's
    activity, so its credentials count for that activity. Once credentials are issued
    for it the Achievement cannot change: every signed credential embeds its text.
    """
    if achievement is None:
        achievement = Achievement(code=_free_code(code))
    elif Credential.objects.filter(achievement=achievement).exists():
        raise ValidationError(
            _("Credentials have been issued for this achievement; it can no longer change.")
        )
    achievement.name = name
    achievement.description = description
    achievement.criteria = criteria
    achievement.original_language = original_language
    achievement.activity = activity
    achievement.save()
    return achievement
