from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    ANOTHER = "another", _("Another")
    NOT_STATED = "not_stated", _("Prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_24 = "18_24", _("18–24")
    AGE_25_34 = "25_34", _("25–34")
    AGE_35_44 = "35_44", _("35–44")
    AGE_45_54 = "45_54", _("45–54")
    AGE_55_64 = "55_64", _("55–64")
    AGE_65_PLUS = "65_plus", _("65 or over")
    NOT_STATED = "not_stated", _("Prefer not to say")


class PersonRole(models.TextChoices):
    """The strategy's target groups as a person describes themself (III.4)."""

    TEACHER = "teacher", _("Teacher")
    SCHOOL_COUNSELLOR = "school_counsellor", _("School counsellor")
    TEACHER_TRAINER = "teacher_trainer", _("Teacher-training instructor")
    POLICYMAKER = "policymaker", _("Policymaker or administrator")
    STUDENT = "student", _("Student")
    YOUTH = "youth", _("Youth")
    RESEARCHER = "researcher", _("Researcher")
    PARENT = "parent", _("Parent")
    LIFELONG_LEARNER = "lifelong_learner", _("Lifelong learner")
    TECHNOLOGY_PARTNER = "technology_partner", _("Technology partner")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account, and the profile the strategy's indicators need.

    `person_key` is a stable pseudonym: participation records keep it when the account
    is deleted, so a person still counts once and nothing identifies them.
    """

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    person_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("Member State of residence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=12, choices=AgeBand.choices, blank=True)
    role = models.CharField(_("role"), max_length=24, choices=PersonRole.choices, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class ConsentPurpose(models.TextChoices):
    PROFILE_PROCESSING = "profile_processing", _("Processing of my profile")


class Consent(models.Model):
    """A person's recorded agreement to one purpose, in the wording version they saw.

    Kept while the account exists and erased with it: the record proves consent for
    the personal data, which goes at the same moment.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("user")
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    version = models.CharField(_("version"), max_length=16)
    language = models.CharField(_("language"), max_length=8, blank=True)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose", "version"], name="one_consent_per_purpose_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.version})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
