"""Competitions and awards the institute co-organises, their entries and their juries (Pillar 5).

A competition (the Huawei ICT Competition, the International Creativity in Schools
Award...) runs one edition a year. Each edition is an Activity of the results
framework (kind competition or award), so key indicator 6 counts the edition and the
teachers and students who entered it from participation records, never from totals
typed in.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import AgeBand, PersonRole
from iite.core.i18n import TranslatedField, TranslatedText
from iite.reference.models import UnescoRegion


class CompetitionKind(models.TextChoices):
    COMPETITION = "competition", _("Competition")
    AWARD = "award", _("Award")


class Stage(models.TextChoices):
    DRAFT = "draft", _("In preparation")
    OPEN = "open", _("Open call")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results published")


def _validate_choices(values: Any, allowed: list[str]) -> None:
    if not isinstance(values, list) or any(value not in allowed for value in values):
        raise ValidationError(_("Choose values from the list."))


def validate_roles(values: Any) -> None:
    _validate_choices(values, list(PersonRole.values))


def validate_age_bands(values: Any) -> None:
    _validate_choices(values, list(AgeBand.values))


def validate_regions(values: Any) -> None:
    _validate_choices(values, list(UnescoRegion.values))


class Competition(models.Model):
    """A competition or award that returns each year with a new edition."""

    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    name = TranslatedField(_("name"), blank=False)
    summary = TranslatedField(_("summary"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=CompetitionKind.choices,
        default=CompetitionKind.COMPETITION,
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("co-organised with"), related_name="+", blank=True
    )
    website = models.URLField(_("external website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self) -> str:
        return str(self.name)


class Edition(models.Model):
    """One year's call of a competition: its rules, rubric, rounds, prizes and jury."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="editions")
    year = models.PositiveSmallIntegerField(_("year"))
    title = TranslatedField(_("title"), blank=False)
    call_text = TranslatedField(_("call for entries"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.DRAFT)
    opens_at = models.DateTimeField(_("call opens"))
    closes_at = models.DateTimeField(_("deadline"))
    time_zone = models.CharField(_("organisers' time zone"), max_length=64, default="UTC")
    # Eligibility: an empty list means no restriction.
    eligible_roles = models.JSONField(
        _("who may enter"), default=list, blank=True, validators=[validate_roles]
    )
    eligible_age_bands = models.JSONField(
        _("age bands"), default=list, blank=True, validators=[validate_age_bands]
    )
    eligible_regions = models.JSONField(
        _("UNESCO regions"), default=list, blank=True, validators=[validate_regions]
    )
    eligible_countries = models.ManyToManyField(
        "reference.Country", verbose_name=_("countries"), related_name="+", blank=True
    )
    team_min = models.PositiveSmallIntegerField(
        _("smallest team"), default=1, validators=[MinValueValidator(1)]
    )
    team_max = models.PositiveSmallIntegerField(
        _("largest team"), default=1, validators=[MinValueValidator(1)]
    )
    # Judging.
    blind = models.BooleanField(_("blind judging"), default=False)
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=3, validators=[MinValueValidator(1)]
    )
    normalise_min_entries = models.PositiveSmallIntegerField(
        _("entries a judge must score before their scores are normalised"),
        default=4,
        validators=[MinValueValidator(2)],
    )
    conflict_same_country = models.BooleanField(
        _("a judge may not score entries from their own country"), default=False
    )
    activity = models.OneToOneField(
        "programme.Activity", on_delete=models.PROTECT, related_name="competition_edition"
    )
    winner_achievement = models.ForeignKey(
        "credentials.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    finalist_achievement = models.ForeignKey(
        "credentials.Achievement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "competition__slug"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["competition", "year"], name="edition_one_per_year"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="edition_closes_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(team_max__gte=models.F("team_min")), name="edition_team_sizes_in_order"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("competitions:edition", args=[self.competition.slug, self.year])

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The deadline must come after the opening.")})
        if self.team_min and self.team_max and self.team_max < self.team_min:
            raise ValidationError(
                {"team_max": _("The largest team cannot be smaller than the smallest.")}
            )

    @property
    def allows_teams(self) -> bool:
        return self.team_max > 1


class Category(models.Model):
    """A track of an edition (AI for Education, AI for Science, AI for Society...)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = TranslatedField(_("name"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return str(self.name)


class Criterion(models.Model):
    """One criterion of the rubric: its weight, its scale and what each level means.

    `descriptors` maps a level ("1".."scale_max") to its translated description.
    """

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name = TranslatedField(_("name"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    descriptors = models.JSONField(_("descriptors per level"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return str(self.name)

    def levels(self) -> list[tuple[int, TranslatedText]]:
        """Each level from 1 to the top with its descriptor in the reader's language."""
        return [
            (level, TranslatedText(self.descriptors.get(str(level)) or {}, self.original_language))
            for level in range(1, self.scale_max + 1)
        ]


class Round(models.Model):
    """A stage of judging (a regional round, then the global final)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = TranslatedField(_("name"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    promote = models.PositiveSmallIntegerField(
        _("entries promoted to the next round"), default=0, blank=True
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="round_number_unique"),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Prize(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="prizes")
    name = TranslatedField(_("name"), blank=False)
    description = TranslatedField(_("description"))
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")

    def __str__(self) -> str:
        return str(self.name)


class Question(models.Model):
    """A question of the edition's entry form."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="questions")
    text = TranslatedField(_("question"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return str(self.text)


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INELIGIBLE = "ineligible", _("Not eligible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Result(models.TextChoices):
    NONE = "", _("No result")
    FINALIST = "finalist", _("Finalist")
    HONOURABLE = "honourable", _("Honourable mention")
    WINNER = "winner", _("Winner")


class SupervisorRole(models.TextChoices):
    TEACHER = "teacher", _("Supervising teacher")
    GUARDIAN = "guardian", _("Parent or guardian")


class Entry(models.Model):
    """An individual's or a team's application to an edition."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField(_("entry number"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competition_entries"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    title = models.CharField(_("title of the entry"), max_length=200)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    team_name = models.CharField(_("team name"), max_length=120, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    supervisor_name = models.CharField(
        _("supervising teacher or guardian"), max_length=200, blank=True
    )
    supervisor_email = models.EmailField(_("their e-mail address"), blank=True)
    supervisor_role = models.CharField(
        _("they are the entrant's"), max_length=12, choices=SupervisorRole.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    ineligible_reason = models.TextField(_("why it is not eligible"), blank=True)
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, null=True, blank=True, related_name="entries"
    )
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    prize = models.ForeignKey(
        Prize, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="entry_number_unique"),
            models.UniqueConstraint(fields=["edition", "owner"], name="entry_one_per_owner"),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("competitions:entry", args=[self.pk])

    @property
    def label(self) -> str:
        """The name a blind judge sees: the edition's running number, nothing else."""
        return _("Entry %(number)s") % {"number": f"{self.number:03d}"}


def entry_file_path(instance: EntryFile, filename: str) -> str:
    """A random name: the stored path says nothing about the entrant."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"competitions/entries/{uuid.uuid4().hex}{suffix}"


class EntryFile(models.Model):
    """A file of an entry (a paper, slides, a video), served only to the team, its
    judges and staff; never from a public address."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=entry_file_path)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Team member")
    MENTOR = "mentor", _("Mentor")


class TeamMember(models.Model):
    """Someone invited by e-mail into a team; linked to their account when they have one."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="members")
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="competition_memberships",
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["entry", "email"], name="member_once_per_entry"),
        ]

    def __str__(self) -> str:
        return self.email


class Judge(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competition_judging"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="judge_once_per_edition"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictSource(models.TextChoices):
    JUDGE = "judge", _("Declared by the judge")
    ENTRANT = "entrant", _("Declared by the entrant")
    STAFF = "staff", _("Recorded by staff")
    INSTITUTION = "institution", _("Same institution")
    COUNTRY = "country", _("Same country")
    PARTNER = "partner", _("Staff of the same partner")
    TEAMMATE = "teammate", _("Former teammates")


class Conflict(models.Model):
    """A reason a judge may not score an entry; assignment never crosses one."""

    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(_("source"), max_length=12, choices=ConflictSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "entry", "source"], name="conflict_once_per_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.entry}"


class Assignment(models.Model):
    """A judge's review of one entry in one round: their confidence and when they sent it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(Judge, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    automatic = models.BooleanField(default=True)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    comment = models.TextField(_("comment to the jury"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["entry__number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "entry"], name="assignment_once_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.entry}"


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)

    class Meta:
        ordering = ["criterion__order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="score_once_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
