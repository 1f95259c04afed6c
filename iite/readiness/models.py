"""Digital readiness self-assessment: frameworks as data, campaigns, anonymous answers.

A framework (school or system level) has areas; each area has statements answered on a
1–5 scale by the respondent groups it names. A coordinator runs a campaign of one
framework version for one school or ministry; respondents answer through a group's
access code, without an account, and nothing that identifies them is stored with their
answers: a response is a random resume key, a group, a language and the values.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

# A figure built on fewer answers than this is never shown, exported or served.
MIN_GROUP_SIZE = 5
SCALE = (1, 2, 3, 4, 5)


class Level(models.TextChoices):
    SCHOOL = "school", _("School")
    SYSTEM = "system", _("Education system (ministry)")


class Group(models.TextChoices):
    LEADERS = "leaders", _("School leaders")
    TEACHERS = "teachers", _("Teachers")
    STUDENTS = "students", _("Students")
    OFFICIALS = "officials", _("Ministry officials")
    PRACTITIONERS = "practitioners", _("Agencies and school representatives")


GROUPS_OF_LEVEL = {
    Level.SCHOOL: (Group.LEADERS, Group.TEACHERS, Group.STUDENTS),
    Level.SYSTEM: (Group.OFFICIALS, Group.PRACTITIONERS),
}


def _code() -> str:
    # Ten characters from an alphabet without look-alikes (0/O, 1/l/I): read aloud,
    # written on a board, typed on a phone.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def _resume_key() -> str:
    return secrets.token_urlsafe(18)


class Framework(models.Model):
    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    is_current = models.BooleanField(_("offered for new campaigns"), default=True)
    published_on = models.DateField(_("published on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("self-assessment framework")
        verbose_name_plural = _("self-assessment frameworks")
        ordering = ("level", "code", "-version")
        constraints = [
            models.UniqueConstraint(fields=("code", "version"), name="readiness_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("readiness:framework", args=[self.code, self.version])

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(GROUPS_OF_LEVEL[Level(self.level)])


class ScaleLevel(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="scale")
    value = models.PositiveSmallIntegerField(
        _("value"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    label = TranslatedField(_("label"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")

    class Meta:
        ordering = ("framework", "value")
        constraints = [
            models.UniqueConstraint(fields=("framework", "value"), name="readiness_scale_value")
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.label}"


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    code = models.CharField(_("code"), max_length=8)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"))
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    # What the institute offers on this area: the learning catalogue's topics and the
    # events' theme slugs, from which an action plan's suggestions are drawn.
    course_topics = models.JSONField(_("course topics"), default=list, blank=True)
    event_themes = models.JSONField(_("event themes"), default=list, blank=True)

    class Meta:
        ordering = ("framework", "order")
        constraints = [
            models.UniqueConstraint(fields=("framework", "code"), name="readiness_area_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Statement(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="statements")
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = TranslatedField(_("statement"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    groups = models.JSONField(_("answered by"), default=list)
    optional = models.BooleanField(_("optional item"), default=False)

    class Meta:
        ordering = ("area__order", "order")
        constraints = [
            models.UniqueConstraint(fields=("area", "code"), name="readiness_statement_code")
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        unknown = set(self.groups) - set(Group.values)
        if unknown or not self.groups:
            raise ValidationError({"groups": _("Choose at least one respondent group.")})


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="campaigns"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="readiness_campaigns",
    )
    institution = models.CharField(_("school or ministry"), max_length=200)
    country = models.ForeignKey(
        "reference.Country", verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum respondents per group"),
        default=MIN_GROUP_SIZE,
        validators=[MinValueValidator(MIN_GROUP_SIZE), MaxValueValidator(10000)],
        help_text=_("Figures of a group with fewer answers are hidden (at least 5)."),
    )
    optional_statements = models.ManyToManyField(
        Statement, verbose_name=_("optional items included"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    share_with_institute = models.BooleanField(
        _("show our school by name in the institute's aggregates"), default=False
    )
    # A ministry campaign completed with the institute's support is evidence that the
    # Member State was supported (key indicator 1), through this programme activity.
    supported_activity = models.OneToOneField(
        "programme.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="readiness_campaign",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("self-assessment campaign")
        verbose_name_plural = _("self-assessment campaigns")
        ordering = ("-opens_on", "institution")
        permissions = [("view_aggregates", _("Can view the anonymised aggregates"))]

    def __str__(self) -> str:
        return f"{self.institution} {self.opens_on:%Y}"

    def get_absolute_url(self) -> str:
        return reverse("readiness:campaign", args=[self.pk])

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The closing date is before the opening date.")})

    def accepts_answers(self, today: object = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == CampaignStatus.OPEN and self.opens_on <= today <= self.closes_on  # type: ignore[operator]
        )


class AccessCode(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="codes")
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    code = models.CharField(_("access code"), max_length=10, unique=True, default=_code)

    class Meta:
        ordering = ("campaign", "group")
        constraints = [
            models.UniqueConstraint(fields=("campaign", "group"), name="readiness_code_group")
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("readiness:respond", args=[self.code])


class Response(models.Model):
    """One respondent's answers: no account, no address, no time finer than the day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    group = models.CharField(max_length=16, choices=Group.choices)
    resume_key = models.CharField(max_length=32, unique=True, default=_resume_key)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    started_on = models.DateField(default=timezone.localdate)
    submitted = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=("campaign", "group", "submitted"))]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.group}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    # None: "I don't know / not applicable", kept apart from the scale.
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("response", "statement"), name="readiness_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}={self.value}"


class Priority(models.Model):
    """An area the coordinator chose to work on after reading the report."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="priorities")
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE)

    class Meta:
        ordering = ("area__order",)
        constraints = [
            models.UniqueConstraint(fields=("campaign", "area"), name="readiness_priority_once")
        ]

    def __str__(self) -> str:
        return str(self.area)


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    STARTED = "started", _("Started")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=300)
    owner = models.CharField(
        _("who leads it"), max_length=120, help_text=_("A role, e.g. deputy head, ICT teacher.")
    )
    due_on = models.DateField(_("due by"))
    status = models.CharField(
        _("progress"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress_note = models.CharField(_("progress note"), max_length=300, blank=True)
    resources = models.JSONField(_("linked offers of the institute"), default=list, blank=True)

    class Meta:
        ordering = ("due_on", "pk")

    def __str__(self) -> str:
        return self.text
