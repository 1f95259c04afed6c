from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

from . import documents


class Achievement(models.Model):
    """What a micro-credential attests: an Open Badges 3.0 Achievement.

    A course (or another activity) awards one; every credential issued for it
    embeds its name, description and criteria.
    """

    class Kind(models.TextChoices):
        MICRO_CREDENTIAL = "MicroCredential", _("Micro-credential")
        COURSE = "Course", _("Course completion")
        CERTIFICATE = "Certificate", _("Certificate")
        BADGE = "Badge", _("Badge")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = TranslatedField(_("name"), blank=False)
    description = TranslatedField(_("description"), blank=False)
    criteria = TranslatedField(_("criteria"), blank=False, rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=Kind.choices, default=Kind.MICRO_CREDENTIAL
    )
    activity = models.ForeignKey(
        "programme.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="achievements",
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when credentials for this achievement do not expire."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("achievement")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("credentials:achievement", args=[self.code])


class SigningKey(models.Model):
    """The public half of one of the institute's Ed25519 signing keys.

    The private key never enters the database: it lives in a file under
    settings.CREDENTIAL_KEY_DIR or in the CREDENTIAL_SIGNING_KEY environment variable.
    Retired keys stay published on the issuer profile so that every credential they
    signed remains verifiable.
    """

    key_id = models.CharField(_("key identifier"), max_length=80, unique=True)
    public_key_multibase = models.CharField(_("public key (multibase)"), max_length=80, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    from_environment = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signing key")
        constraints = [
            models.UniqueConstraint(
                fields=["retired_at"],
                condition=models.Q(retired_at__isnull=True),
                name="credentials_one_current_signing_key",
            )
        ]

    def __str__(self) -> str:
        return self.key_id

    @property
    def is_current(self) -> bool:
        return self.retired_at is None


class StatusList(models.Model):
    """A Bitstring Status List (revocation) published as a signed credential."""

    # 131,072 entries = 16 KB, the minimum size the Bitstring Status List spec requires
    # so that one list does not reveal much about any holder (herd privacy).
    DEFAULT_SIZE = 131_072

    purpose = models.CharField(max_length=20, default="revocation")
    size = models.PositiveIntegerField(default=DEFAULT_SIZE)
    next_index = models.PositiveIntegerField(default=0)
    document = models.JSONField(_("signed status list credential"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("status list")

    def __str__(self) -> str:
        return f"{self.purpose} {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("credentials:status_list", args=[self.pk])


class Credential(models.Model):
    """An Open Badges 3.0 credential issued to a learner, with its signed document.

    `document` is exactly what was signed (plus its proof); pages and downloads serve
    it unchanged. `recipient` is cleared when the learner's account is erased: the
    credential stays valid for whoever holds it, but no longer leads to a person.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(
        Achievement, on_delete=models.PROTECT, related_name="credentials"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credentials",
    )
    subject_id = models.CharField(_("subject identifier"), max_length=120)
    display_name = models.CharField(_("name shown"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField()
    document = models.JSONField(_("signed credential"))
    document_version = models.PositiveSmallIntegerField(
        _("document version"),
        default=documents.current_document_version,
        help_text=_("Credentials of an older version are re-signed by credentials_reissue."),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("credential")
        permissions = [("revoke_credential", _("Can revoke credentials"))]
        constraints = [
            models.UniqueConstraint(
                fields=["achievement", "recipient"], name="credentials_one_per_achievement"
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="credentials_unique_status_entry"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.achievement} ({self.uuid})"

    def get_absolute_url(self) -> str:
        return reverse("credentials:detail", args=[self.uuid])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()


class CredentialBatch(models.Model):
    """Credentials for one achievement issued to many people in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="+")
    recipient_ids = models.JSONField(default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("credential batch")

    def __str__(self) -> str:
        return f"{self.achievement} × {self.total}"

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100
