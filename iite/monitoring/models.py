"""What the monitoring of section VII records beside the computed indicators.

The seven key indicators themselves are not stored: `indicators.py` computes them
from activities and participation. Stored here are the figures that come from
outside the platform (reported values), the annual workplan with its reviews, and
the risk register.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField


class Half(models.IntegerChoices):
    H1 = 1, _("January–June")
    H2 = 2, _("July–December")


class ReportedValue(models.Model):
    """A figure for a sub-measure that the platform cannot count itself.

    Shown apart from the computed value everywhere, with its evidence and author.
    For the Member States indicator the value names one country, so that a country
    reported and also counted from records is counted once.
    """

    measure = models.CharField(_("indicator and sub-measure"), max_length=64, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    half = models.PositiveSmallIntegerField(
        _("half-year"), choices=Half.choices, null=True, blank=True
    )
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("what was done"))
    evidence_file = models.FileField(
        _("evidence file"), upload_to="monitoring/evidence/%Y/", blank=True
    )
    evidence_url = models.URLField(_("evidence link"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_on = models.DateField(_("date reported"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "measure", "-reported_on"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=0), name="reported_value_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.year}: {self.value}"

    def clean(self) -> None:
        if not self.evidence_file and not self.evidence_url:
            raise ValidationError(
                {"evidence_url": _("Give the evidence: upload a file or enter a link.")}
            )


class WorkplanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the Governing Board")
    APPROVED = "approved", _("Approved by the Governing Board")


class Workplan(models.Model):
    """The annual programme plan the Governing Board reviews and approves (VII.1)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = TranslatedField(_("title"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("approval status"),
        max_length=10,
        choices=WorkplanStatus.choices,
        default=WorkplanStatus.DRAFT,
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_reference = models.CharField(_("Governing Board decision"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual workplan")
        verbose_name_plural = _("annual workplans")
        permissions = [
            ("view_results_dashboard", "Can view the staff results dashboard and records"),
            ("approve_workplan", "Can record the Governing Board's approval of a workplan"),
        ]

    def __str__(self) -> str:
        return str(self.title) or str(self.year)


class ProgressState(models.TextChoices):
    """An item's progress, computed from its activities and indicator (never typed)."""

    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    DONE = "done", _("Done")
    BEHIND = "behind", _("Behind")


class WorkplanItem(models.Model):
    """A planned activity of the year, linked to objectives and pillars."""

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="items")
    title = TranslatedField(_("title"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    objectives = models.ManyToManyField(
        "strategy.StrategicObjective",
        verbose_name=_("strategic objectives"),
        related_name="workplan_items",
        blank=True,
    )
    pillars = models.ManyToManyField(
        "strategy.ProgrammePillar",
        verbose_name=_("programme pillars"),
        related_name="workplan_items",
        blank=True,
    )
    activity = models.ForeignKey(
        "programme.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workplan_items",
    )
    target = TranslatedField(_("target"))
    measure = models.CharField(_("indicator sub-measure"), max_length=64, blank=True)
    target_value = models.PositiveIntegerField(_("target value"), null=True, blank=True)
    planned_cost_usd = models.DecimalField(
        _("planned cost (USD)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    narrative = TranslatedField(
        _("progress narrative"),
        help_text=_(
            "What happened and why, beside the progress computed from the activities and "
            "the indicator."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workplan", "order", "id"]
        verbose_name = _("workplan item")
        verbose_name_plural = _("workplan items")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_cost_usd__gte=0), name="workplan_item_cost_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


#: A revision still open: the approved workplan may have one at a time.
OPEN_REVISION = (RevisionStatus.DRAFT, RevisionStatus.SUBMITTED)


class WorkplanRevision(models.Model):
    """A recorded change to an approved workplan, applied only once it is approved.

    `proposed` holds the whole proposed list of items (each with the id of the item it
    replaces, or none for a new one); until the revision is approved the workplan's
    items stay what the Governing Board approved.
    """

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("revision number"))
    reason = models.TextField(_("reason for the revision"))
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT
    )
    proposed = models.JSONField(_("proposed items"), default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reference = models.CharField(_("Governing Board decision"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workplan", "number"]
        verbose_name = _("workplan revision")
        constraints = [
            models.UniqueConstraint(fields=["workplan", "number"], name="revision_number_unique"),
            models.UniqueConstraint(
                fields=["workplan"],
                condition=Q(status__in=["draft", "submitted"]),
                name="one_open_revision_per_workplan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workplan.year} revision {self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REVISION


class ReviewKind(models.TextChoices):
    HALF_YEAR = "half_year", _("Half-year review")
    ANNUAL = "annual", _("Annual review")


class WorkplanReview(models.Model):
    """The half-year or annual review of VII.2: achievements, challenges, recommendations."""

    workplan = models.ForeignKey(Workplan, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("review"), max_length=10, choices=ReviewKind.choices)
    achievements = TranslatedField(_("key achievements"), rich=True, blank=False)
    challenges = TranslatedField(_("challenges"), rich=True)
    recommendations = TranslatedField(_("recommendations"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    reviewed_on = models.DateField(_("reviewed on"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["workplan", "kind"]
        verbose_name = _("workplan review")
        constraints = [
            models.UniqueConstraint(fields=["workplan", "kind"], name="one_review_of_each_kind")
        ]

    def __str__(self) -> str:
        return f"{self.workplan.year} {self.get_kind_display()}"


class RiskCategory(models.TextChoices):
    PROGRAMME = "programme", _("Programme")
    SUSTAINABILITY = "sustainability", _("Sustainability")
    MANAGEMENT = "management", _("Management")
    OPERATIONAL = "operational", _("Operational")
    REPUTATIONAL = "reputational", _("Reputational")
    SECURITY = "security", _("Security and data protection")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


_SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    """A risk of the register (VII.3); likelihood and impact on a 1–5 scale."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    category = models.CharField(_("category"), max_length=16, choices=RiskCategory.choices)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=_SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=_SCALE)
    # The owners are the institute's roles and units ("Director", "Administrative Office");
    # the platform has no register of them to point to, so the name is translated text.
    owner = TranslatedField(_("owner"), blank=False)
    status = models.CharField(
        _("status"), max_length=8, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    source_ref = models.CharField(_("reference in the strategy"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_scores_on_scale",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def level(self) -> str:
        """low (1–4), medium (5–9), high (10–14), critical (15–25)."""
        score = self.score
        if score >= 15:
            return "critical"
        if score >= 10:
            return "high"
        if score >= 5:
            return "medium"
        return "low"


class MitigationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class MitigationAction(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = TranslatedField(_("action"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    responsible = TranslatedField(_("responsible"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MitigationStatus.choices,
        default=MitigationStatus.PLANNED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["risk", "due_date", "id"]
        verbose_name = _("mitigation action")

    def __str__(self) -> str:
        return str(self.description)


class RiskReview(models.Model):
    """A dated review of a risk; the latest review sets the risk's current scores."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1–5)"), validators=_SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1–5)"), validators=_SCALE)
    note = models.TextField(_("note"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["risk", "-reviewed_on", "-id"]
        verbose_name = _("risk review")
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_review_scores_on_scale",
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk.code} {self.reviewed_on}"
