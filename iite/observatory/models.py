"""The AI in Education Observatory (Pillar 3): AI tools for teaching and learning, each
assessed against the ten principles of the Recommendation on the Ethics of AI.

A tool is proposed, triaged, then assessed version by version: an assessment belongs to one
version of a tool and answers the questions of one version of the published protocol. Two
reviewers who declared no conflict of interest rate it independently; a third person
reconciles their ratings; the provider may reply; then it is published with a change log.
Bias audits and environmental figures sit beside the assessments, each with its source.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField
from iite.core.validators import validate_plain_text, validate_single_line

from .principles import Principle

RATING_MIN = 0
RATING_MAX = 4
RESERVED_SLUGS = {"propose", "work", "compare", "protocol", "feed", "export"}


class Purpose(models.TextChoices):
    TUTORING = "tutoring", _("Tutoring")
    ASSESSMENT = "assessment", _("Assessment and feedback")
    CONTENT = "content", _("Content creation")
    ADMINISTRATION = "administration", _("Administration")
    ACCESSIBILITY = "accessibility", _("Accessibility")
    WELL_BEING = "well_being", _("Well-being")
    LANGUAGE = "language", _("Language learning and translation")
    RESEARCH = "research", _("Search and research")


class EducationLevel(models.TextChoices):
    PRE_SCHOOL = "pre_school", _("Pre-school")
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    TVET = "tvet", _("Technical and vocational")
    HIGHER = "higher", _("Higher education")
    TEACHER_EDUCATION = "teacher_education", _("Teacher education")
    ADULT = "adult", _("Adult and lifelong learning")


class ToolUser(models.TextChoices):
    TEACHERS = "teachers", _("Teachers")
    STUDENTS = "students", _("Students")
    ADMINISTRATORS = "administrators", _("Administrators")
    PARENTS = "parents", _("Parents")


class Pricing(models.TextChoices):
    FREE = "free", _("Free")
    OPEN_SOURCE = "open_source", _("Open source")
    FREEMIUM = "freemium", _("Free with paid options")
    SUBSCRIPTION = "subscription", _("Paid subscription")
    INSTITUTIONAL = "institutional", _("Institutional licence")


class TrainsOnData(models.TextChoices):
    NO = "no", _("No")
    OPT_IN = "opt_in", _("Only with opt-in")
    OPT_OUT = "opt_out", _("Yes, unless the user opts out")
    YES = "yes", _("Yes")
    UNKNOWN = "unknown", _("Not disclosed")


class ToolStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted for assessment")
    DECLINED = "declined", _("Declined")


class AssessmentStatus(models.TextChoices):
    REVIEW = "review", _("In review")
    RECONCILED = "reconciled", _("Reconciled")
    REPLY = "reply", _("Awaiting the provider's reply")
    PUBLISHED = "published", _("Published")


class Confidence(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


CONFIDENCE_ORDER = {Confidence.LOW: 0, Confidence.MEDIUM: 1, Confidence.HIGH: 2}


def _validate_codes(values: Any, allowed: list[str]) -> None:
    if not isinstance(values, list) or any(value not in allowed for value in values):
        raise ValidationError(_("Choose values from the list."))


def validate_purposes(values: Any) -> None:
    _validate_codes(values, list(Purpose.values))


def validate_levels(values: Any) -> None:
    _validate_codes(values, list(EducationLevel.values))


def validate_users(values: Any) -> None:
    _validate_codes(values, list(ToolUser.values))


def validate_language_tags(values: Any) -> None:
    """Languages a tool supports, as lowercase BCP 47 tags ("kk", "zh-hans"): any language
    of the world, not only the platform's six."""
    if not isinstance(values, list) or any(
        not isinstance(value, str)
        or not 2 <= len(value) <= 12
        or not value.replace("-", "").isalnum()
        or value != value.lower()
        for value in values
    ):
        raise ValidationError(_("Give languages as codes such as “kk” or “zh-hans”."))


rating_validators = [MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]


# --- The protocol ----------------------------------------------------------------------


class Protocol(models.Model):
    """One published version of the assessment protocol: its questions and rating scale."""

    version = models.CharField(_("version"), max_length=20, unique=True)
    title = TranslatedField(_("title"), blank=False)
    introduction = TranslatedField(_("introduction"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    published_on = models.DateField(_("published on"))

    class Meta:
        ordering = ["-published_on", "-version"]
        verbose_name = _("assessment protocol")

    def __str__(self) -> str:
        return f"{self.title} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("observatory:protocol_version", args=[self.version])


class ProtocolQuestion(models.Model):
    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="questions")
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    code = models.CharField(_("code"), max_length=12)
    text = TranslatedField(_("question"), blank=False)
    guidance = TranslatedField(_("guidance"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["protocol", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "code"], name="uniq_protocol_question")
        ]
        verbose_name = _("protocol question")

    def __str__(self) -> str:
        return self.code


class ScaleLevel(models.Model):
    """One step of the protocol's rating scale, with what it means."""

    protocol = models.ForeignKey(Protocol, on_delete=models.CASCADE, related_name="scale")
    value = models.PositiveSmallIntegerField(_("rating"), validators=rating_validators)
    label = TranslatedField(_("label"), blank=False)
    descriptor = TranslatedField(_("descriptor"), blank=False)

    class Meta:
        ordering = ["protocol", "value"]
        constraints = [
            models.UniqueConstraint(fields=["protocol", "value"], name="uniq_protocol_scale")
        ]
        verbose_name = _("rating scale level")

    def __str__(self) -> str:
        return f"{self.value}"


# --- Tools -----------------------------------------------------------------------------


class Tool(models.Model):
    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=160, validators=[validate_single_line])
    provider = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("provider (partner record)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    provider_name = models.CharField(
        _("provider"), max_length=200, blank=True, validators=[validate_single_line]
    )
    summary = TranslatedField(_("what it does"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    purposes = models.JSONField(_("purposes"), default=list, validators=[validate_purposes])
    levels = models.JSONField(_("education levels"), default=list, validators=[validate_levels])
    users = models.JSONField(_("users"), default=list, validators=[validate_users])
    languages = models.JSONField(
        _("languages supported"), default=list, blank=True, validators=[validate_language_tags]
    )
    pricing = models.CharField(
        _("pricing and access"), max_length=16, choices=Pricing.choices, blank=True
    )
    access_notes = models.CharField(_("access notes"), max_length=300, blank=True)
    data_location = models.CharField(_("where data is stored"), max_length=200, blank=True)
    data_retention = models.CharField(_("how long data is kept"), max_length=200, blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age of users"), null=True, blank=True, validators=[MaxValueValidator(99)]
    )
    trains_on_user_data = models.CharField(
        _("trains on user data"),
        max_length=10,
        choices=TrainsOnData.choices,
        default=TrainsOnData.UNKNOWN,
    )
    website = models.URLField(_("website"), blank=True)
    documentation_url = models.URLField(_("documentation"), blank=True)
    privacy_url = models.URLField(_("privacy policy"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ToolStatus.choices,
        default=ToolStatus.PROPOSED,
        db_index=True,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposal_note = models.TextField(
        _("why it should be assessed"),
        blank=True,
        max_length=2000,
        validators=[validate_plain_text],
    )
    triage_note = models.TextField(
        _("triage note"), blank=True, max_length=2000, validators=[validate_plain_text]
    )
    activity = models.OneToOneField(
        "programme.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observatory_tool",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("AI tool")
        permissions = [("triage_tool", _("Can triage proposed AI tools"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("observatory:tool", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another.")})
        if self.provider_id is None and not self.provider_name:
            raise ValidationError({"provider_name": _("Name the provider.")})

    @property
    def provider_label(self) -> Any:
        return self.provider.name if self.provider_id and self.provider else self.provider_name


# The fields of a tool's catalogue record, in the order the forms show them.
TOOL_RECORD_FIELDS = (
    "name",
    "provider",
    "provider_name",
    "summary",
    "original_language",
    "purposes",
    "levels",
    "users",
    "languages",
    "pricing",
    "access_notes",
    "data_location",
    "data_retention",
    "minimum_age",
    "trains_on_user_data",
    "website",
    "documentation_url",
    "privacy_url",
)


class ToolMention(models.Model):
    """A publication, best practice or page that mentions the tool (title and address)."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="mentions")
    title = models.CharField(_("title"), max_length=300, validators=[validate_single_line])
    url = models.URLField(_("address"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("mention")

    def __str__(self) -> str:
        return self.title


class ToolPublication(models.Model):
    """A library publication (research report, guidance, policy brief, best practices) that
    discusses the tool. Staff link them from the observatory; the tool's page and the
    publication's page each show the link once both are published."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="publication_links")
    publication = models.ForeignKey(
        "library.Publication",
        verbose_name=_("publication"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tool", "-linked_at"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "publication"], name="uniq_tool_publication")
        ]
        verbose_name = _("publication about a tool")

    def __str__(self) -> str:
        return f"{self.tool_id} / {self.publication_id}"


# --- Assessments -----------------------------------------------------------------------


class Assessment(models.Model):
    """The assessment of one version of a tool against the ten principles."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="assessments")
    version = models.CharField(
        _("version assessed"), max_length=60, validators=[validate_single_line]
    )
    protocol = models.ForeignKey(Protocol, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.REVIEW,
        db_index=True,
    )
    summary = TranslatedField(_("summary"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reconciled_at = models.DateTimeField(null=True, blank=True)
    reply_requested_at = models.DateTimeField(null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    provider_reply = models.TextField(
        _("provider's reply"), blank=True, max_length=5000, validators=[validate_plain_text]
    )
    reply_received_at = models.DateTimeField(null=True, blank=True)
    # When the provider was told the time to reply had closed without a reply (once).
    reply_closed_notice_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["tool", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "version"], name="uniq_tool_version")
        ]
        verbose_name = _("assessment")
        permissions = [
            ("assign_reviewers", _("Can assign reviewers to assessments")),
            ("review_tool", _("Can review AI tools")),
            ("reconcile_assessment", _("Can reconcile reviews")),
            ("publish_assessment", _("Can publish assessments")),
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("observatory:assessment", args=[self.tool.slug, self.pk])


class ConflictDeclaration(models.Model):
    """A reviewer's declaration of interests for one assessment, before assignment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="declarations"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    has_conflict = models.BooleanField(_("I have a conflict of interest"))
    statement = models.TextField(
        _("interests declared"), blank=True, max_length=2000, validators=[validate_plain_text]
    )
    declared_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "reviewer"], name="uniq_assessment_declaration"
            )
        ]
        verbose_name = _("declaration of interests")

    def __str__(self) -> str:
        return f"{self.assessment} / {self.reviewer_id}"


class ReviewerAssignment(models.Model):
    """One of the two independent reviews of an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("review due"), null=True, blank=True)
    # When the reviewer was reminded of the due date (one reminder per assignment).
    reminded_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("test notes"), blank=True, max_length=10000)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "reviewer"], name="uniq_assessment_reviewer"
            )
        ]
        verbose_name = _("review")

    def __str__(self) -> str:
        return f"{self.assessment} / {self.reviewer_id}"


class ReviewRating(models.Model):
    """One reviewer's rating of one principle."""

    review = models.ForeignKey(ReviewerAssignment, on_delete=models.CASCADE, related_name="ratings")
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=rating_validators)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    questions = models.JSONField(_("questions answered"), default=list, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, max_length=5000, validators=[validate_plain_text]
    )

    class Meta:
        ordering = ["review", "principle"]
        constraints = [
            models.UniqueConstraint(fields=["review", "principle"], name="uniq_review_principle")
        ]

    def __str__(self) -> str:
        return f"{self.principle}: {self.rating}"


class PrincipleRating(models.Model):
    """The reconciled rating of one principle, as published."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    rating = models.PositiveSmallIntegerField(_("rating"), validators=rating_validators)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    questions = models.JSONField(_("questions answered"), default=list, blank=True)
    rationale = TranslatedField(_("rationale"))

    class Meta:
        ordering = ["assessment", "principle"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "principle"], name="uniq_assessment_principle"
            )
        ]
        verbose_name = _("principle rating")

    def __str__(self) -> str:
        return f"{self.principle}: {self.rating}"


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link")
    FILE = "file", _("File")
    TEST_NOTE = "test_note", _("Test note")


class Evidence(models.Model):
    """What a rating rests on: a link, a file or a note of a test the reviewer ran."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    principle = models.CharField(_("principle"), max_length=20, choices=Principle.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), blank=True)
    file = models.FileField(_("file"), upload_to="observatory/evidence/", blank=True)
    note = models.TextField(
        _("note"), blank=True, max_length=5000, validators=[validate_plain_text]
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment", "principle", "added_at"]
        verbose_name = _("evidence")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        needed = (
            {
                EvidenceKind.LINK: ("url", self.url),
                EvidenceKind.FILE: ("file", self.file),
                EvidenceKind.TEST_NOTE: ("note", self.note),
            }.get(EvidenceKind(self.kind))
            if self.kind in EvidenceKind.values
            else None
        )
        if needed and not needed[1]:
            raise ValidationError({needed[0]: _("This kind of evidence needs this field.")})


class ChangeLogEntry(models.Model):
    """The public change log of a tool's assessments."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="changes")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("what changed"), max_length=2000, validators=[validate_plain_text])

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change log entry")

    def __str__(self) -> str:
        return self.text[:60]


# --- Bias audits and environmental figures ---------------------------------------------


class BiasAudit(models.Model):
    """A bias audit of a tool: the groups compared and each group's outcome."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="bias_audits")
    title = TranslatedField(_("title"), blank=False)
    method = TranslatedField(_("method"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    groups_compared = models.CharField(
        _("groups compared"), max_length=200, validators=[validate_single_line]
    )
    outcome = models.CharField(_("outcome measured"), max_length=200)
    reference_group = models.CharField(_("reference group"), max_length=100)
    run_on = models.DateField(_("date"))
    run_by = models.CharField(_("who ran it"), max_length=200, validators=[validate_single_line])
    # [{"group": str, "sample": int, "favourable": int}, ...] as read from the result table.
    results = models.JSONField(_("results"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tool", "-run_on"]
        verbose_name = _("bias audit")

    def __str__(self) -> str:
        return str(self.title)


class FigureKind(models.TextChoices):
    ENERGY = "energy", _("Energy per request")
    HOSTING = "hosting", _("Hosting region")
    MODEL_SIZE = "model_size", _("Model size")
    CARBON = "carbon", _("Emissions reported")
    OTHER = "other", _("Other")


class FigureSource(models.TextChoices):
    PROVIDER = "provider", _("Reported by the provider")
    MEASURED = "measured", _("Measured by the reviewer")


class EnvironmentalFigure(models.Model):
    """A figure the provider reports or the reviewer measured; never an estimate of ours."""

    tool = models.ForeignKey(Tool, on_delete=models.CASCADE, related_name="environment")
    kind = models.CharField(_("figure"), max_length=12, choices=FigureKind.choices)
    value = models.CharField(_("value"), max_length=100)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=FigureSource.choices)
    source_url = models.URLField(_("source address"), blank=True)
    source_note = models.CharField(_("how it was measured or where it is reported"), max_length=500)
    as_of = models.DateField(_("as of"))

    class Meta:
        ordering = ["tool", "kind", "-as_of"]
        verbose_name = _("environmental figure")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value} {self.unit}"
