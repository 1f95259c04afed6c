"""Every write to the partner registry, agreements and resources goes through here."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iite.core.actions import Action
from iite.core.filetypes import upload_check
from iite.core.i18n import TranslatedText
from iite.core.records import records_changed_on_commit
from iite.programme.models import Activity
from iite.programme.services import activity_partners_replace

from .models import (
    IN_FORCE,
    Agreement,
    AgreementDocument,
    AgreementReminder,
    AgreementStatus,
    FocalPoint,
    Partner,
    PartnerMerge,
)
from .models.partners import RESERVED_SLUGS
from .permissions import can_merge_partners
from .selectors import (
    agreement_reminder_recipients,
    normalise_name,
)
from .tasks import send_agreement_reminder

# --- Partners ---------------------------------------------------------------------------


def unique_partner_slug(base: str) -> str:
    stem = slugify(base)[:70] or "partner"
    slug, number = stem, 2
    while (
        slug in RESERVED_SLUGS
        or Partner.objects.filter(slug=slug).exists()
        or PartnerMerge.objects.filter(removed_slug=slug).exists()
    ):
        slug = f"{stem}-{number}"
        number += 1
    return slug


def _consent_changed(partner: Partner, before: dict[str, Any] | None) -> bool:
    flags = (
        "is_public",
        "publish_website",
        "publish_description",
        "publish_activities",
        "publish_agreements",
    )
    if before is None:
        return any(getattr(partner, flag) for flag in flags)
    return any(before.get(flag) != getattr(partner, flag) for flag in flags)


@transaction.atomic
def partner_save(*, partner: Partner, before: dict[str, Any] | None = None) -> Partner:
    """Validate and save a partner; a change to the publication consent is dated today."""
    if not partner.slug:
        name = TranslatedText(dict(partner.name), partner.original_language).resolve("en")
        partner.slug = unique_partner_slug(partner.acronym or name)
    if _consent_changed(partner, before):
        partner.publish_consent_on = timezone.localdate()
    partner.full_clean()
    partner.save()
    # The indicators count partners by kind, relationship level, country and sector.
    records_changed_on_commit(sender="partners", kinds={"partner"})
    return partner


def partner_snapshot(partner: Partner) -> dict[str, Any]:
    return model_to_dict(partner)


@transaction.atomic
def focal_point_add(
    *,
    partner: Partner,
    consent_given_on: datetime.date,
    user: Any = None,
    name: str = "",
    email: str = "",
    position: str = "",
    consent_note: str = "",
) -> FocalPoint:
    """Link a contact to a partner. With an account nothing but the link is stored."""
    focal_point = FocalPoint(
        partner=partner,
        user=user,
        name="" if user else name.strip(),
        email="" if user else email.strip().lower(),
        position=position.strip(),
        consent_given_on=consent_given_on,
        consent_note=consent_note.strip(),
    )
    if user and FocalPoint.objects.filter(partner=partner, user=user).exists():
        raise ValidationError(
            {"account_email": _("This person is already a focal point of this partner.")}
        )
    focal_point.full_clean()
    focal_point.save()
    return focal_point


def focal_point_export(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "partner": fp.partner.slug,
            "position": fp.position,
            "consent_given_on": fp.consent_given_on.isoformat(),
            "consent_note": fp.consent_note,
        }
        for fp in FocalPoint.objects.filter(user=user).select_related("partner")
    ]


def focal_point_erase(user: Any) -> None:
    """Remove the person's focal point links; the partner records stay."""
    FocalPoint.objects.filter(user=user).delete()


# --- Merging duplicates ---------------------------------------------------------------


@dataclass
class MergeResult:
    kept: Partner
    record: PartnerMerge
    moved: dict[str, int] = field(default_factory=dict)


def _relation_label(rel: Any) -> str:
    return f"{rel.related_model._meta.label_lower}.{rel.field.name}"


class PartnersMerge(Action[MergeResult]):
    """Merge a duplicate partner into the one kept: an administrator's decision, checked
    before anything moves, with one audit entry on the partner kept that says what moved."""

    name = "partners.merge"
    label = gettext_lazy("Duplicate partner merged in")

    def __init__(self, *, kept: Partner, removed: Partner, by: Any) -> None:
        super().__init__(by=by)
        self.kept = kept
        self.removed = removed

    def check(self) -> None:
        if self.kept.pk == self.removed.pk:
            raise ValidationError(_("A partner cannot be merged into itself."))
        if not can_merge_partners(self.by, self.kept, self.removed):
            raise PermissionDenied(_("You may not merge these partners."))

    def write(self) -> MergeResult:
        return _partner_merge_records(kept=self.kept, removed=self.removed, by=self.by)

    def target(self, result: MergeResult) -> Partner:
        return result.kept

    def details(self, result: MergeResult) -> dict[str, Any]:
        return {"removed": result.record.removed_slug, "moved": result.moved}


def partner_merge(*, kept: Partner, removed: Partner, by: Any) -> MergeResult:
    """Merge `removed` into `kept` (the `PartnersMerge` action)."""
    return PartnersMerge(kept=kept, removed=removed, by=by).execute()


def _partner_merge_records(*, kept: Partner, removed: Partner, by: Any) -> MergeResult:
    """Move every relation of `removed` to `kept`, keep its names, then delete it.

    Every model that points at Partner (a foreign key or a many-to-many, in this app
    or any other) is found through Django's meta API, so a relation added later by
    another domain moves too. Focal points linked to the same account on both sides
    are kept once. What the duplicate held is stored in a PartnerMerge record and the
    deletion is in the audit trail; its slug redirects to the survivor.
    """
    if kept.pk == removed.pk:
        raise ValidationError(_("A partner cannot be merged into itself."))
    kept = Partner.objects.select_for_update().get(pk=kept.pk)
    removed = Partner.objects.select_for_update().get(pk=removed.pk)
    moved: dict[str, int] = {}

    # Focal points first: one link per account and partner.
    kept_users = set(
        FocalPoint.objects.filter(partner=kept, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    duplicate_links = FocalPoint.objects.filter(partner=removed, user_id__in=kept_users)
    moved["partners.focalpoint.partner (same account, kept once)"] = duplicate_links.count()
    duplicate_links.delete()

    relations: list[Any] = list(Partner._meta.related_objects)
    for rel in relations:
        label = _relation_label(rel)
        if rel.related_model is Activity:
            # Activities are the programme's records: it moves their co-organisers.
            moved[label] = activity_partners_replace(old=removed, new=kept)
        elif rel.many_to_many:
            through = rel.through
            own = rel.field.m2m_reverse_field_name()  # the FK to Partner
            other = rel.field.m2m_field_name()  # the FK to the other model
            already = through._default_manager.filter(**{own: kept}).values_list(
                f"{other}_id", flat=True
            )
            rows = through._default_manager.filter(**{own: removed})
            count = rows.count()
            rows.exclude(**{f"{other}_id__in": list(already)}).update(**{own: kept})
            through._default_manager.filter(**{own: removed}).delete()
            moved[label] = count
        elif rel.one_to_many or rel.one_to_one:
            manager = rel.related_model._base_manager
            rows = manager.filter(**{rel.field.name: removed})
            moved[label] = rows.update(**{rel.field.name: kept})

    # Keep every name of the duplicate as an alias of the survivor.
    aliases = list(kept.aliases or [])
    kept_names = {normalise_name(text) for text in kept.name.values()}
    for text in [*removed.name.values(), removed.acronym, *(removed.aliases or [])]:
        if text and normalise_name(text) not in kept_names | {normalise_name(a) for a in aliases}:
            aliases.append(text)
    kept.aliases = aliases
    # Fill what the survivor lacks from the duplicate.
    for attr in ("website", "acronym", "sector"):
        if not getattr(kept, attr) and getattr(removed, attr):
            setattr(kept, attr, getattr(removed, attr))
    if not kept.country_id and removed.country_id:
        kept.country_id = removed.country_id
    merged_name = dict(removed.name)
    merged_name.update(kept.name)
    kept.name = merged_name
    merged_description = dict(removed.description)
    merged_description.update(kept.description)
    kept.description = merged_description
    kept.save()

    snapshot = {
        key: (value.isoformat() if isinstance(value, datetime.date) else value)
        for key, value in model_to_dict(removed).items()
    }
    snapshot["created_at"] = removed.created_at.isoformat()
    record = PartnerMerge.objects.create(
        kept=kept,
        removed_slug=removed.slug,
        removed_name=dict(removed.name),
        removed_acronym=removed.acronym,
        removed_website=removed.website,
        removed_data=snapshot,
        moved=moved,
        merged_by=by if getattr(by, "is_authenticated", False) else None,
    )
    removed.delete()
    records_changed_on_commit(sender="partners", kinds={"partner"})
    return MergeResult(kept=kept, record=record, moved=moved)


def partner_relation_counts(partner: Partner) -> dict[str, int]:
    """How many rows of each relation point at a partner (for merge previews and tests)."""
    counts: dict[str, int] = {}
    relations: list[Any] = list(Partner._meta.related_objects)
    for rel in relations:
        label = _relation_label(rel)
        if rel.many_to_many:
            counts[label] = rel.through._default_manager.filter(
                **{rel.field.m2m_reverse_field_name(): partner}
            ).count()
        else:
            counts[label] = rel.related_model._base_manager.filter(
                **{rel.field.name: partner}
            ).count()
    return counts


# --- Agreements -------------------------------------------------------------------------

DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".odt", ".png", ".jpg", ".jpeg")
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


def document_validate(upload: Any) -> str:
    """The content type of an acceptable upload (read from its content, see
    `iite.core.filetypes`), or a ValidationError saying why not."""
    return upload_check(
        upload, extensions=DOCUMENT_EXTENSIONS, max_bytes=MAX_DOCUMENT_BYTES
    ).content_type


@transaction.atomic
def agreement_save(*, agreement: Agreement) -> Agreement:
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_document_add(
    *, agreement: Agreement, title: str, upload: Any, by: Any = None
) -> AgreementDocument:
    content_type = document_validate(upload)
    document = AgreementDocument(
        agreement=agreement,
        title=title.strip() or upload.name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    document.file.save(re.sub(r"[^\w.\-]", "_", upload.name)[-120:], upload, save=False)
    document.save()
    return document


DEFAULT_REMINDER_DAYS = (90, 30, 7)


@dataclass
class ReminderRun:
    enqueued: list[AgreementReminder]
    expired: list[Agreement]


def agreements_send_reminders(
    *, today: datetime.date | None = None, thresholds: tuple[int, ...] = DEFAULT_REMINDER_DAYS
) -> ReminderRun:
    """Enqueue one reminder per agreement, end date and threshold; mark ended ones expired.

    With 90, 30 and 7 days, an agreement ending in 25 days gets the 30-day reminder
    (once, however often this runs); a missed run never sends the 90-day one late.
    """

    today = today or timezone.localdate()
    thresholds = tuple(sorted(set(thresholds)))
    horizon = today + datetime.timedelta(days=max(thresholds))
    expired = []
    with transaction.atomic():
        for agreement in Agreement.objects.select_for_update().filter(
            status__in=IN_FORCE, end_date__lt=today
        ):
            agreement.status = AgreementStatus.EXPIRED
            agreement.save(update_fields=["status", "updated_at"])
            expired.append(agreement)
    enqueued = []
    due = Agreement.objects.filter(
        status__in=IN_FORCE, end_date__gte=today, end_date__lte=horizon
    ).select_related("partner", "responsible")
    for agreement in due:
        assert agreement.end_date is not None
        days_left = (agreement.end_date - today).days
        threshold = min(t for t in thresholds if days_left <= t)
        with transaction.atomic():
            reminder, created = AgreementReminder.objects.get_or_create(
                agreement=agreement,
                days_before=threshold,
                end_date=agreement.end_date,
                defaults={
                    "recipient": ", ".join(
                        user.email for user in agreement_reminder_recipients(agreement)
                    )[:254]
                },
            )
        if created:
            send_agreement_reminder.enqueue(reminder_id=reminder.pk)
            enqueued.append(reminder)
    return ReminderRun(enqueued=enqueued, expired=expired)


# --- Member State engagement and resources --------------------------------------------


@transaction.atomic
def record_save(*, record: models.Model) -> models.Model:
    """Validate (field-level errors) and save an engagement or a money record."""
    record.full_clean()
    record.save()
    return record
