"""The library: research reports, policy briefs, guidance, best practices and OER.

Pillar 2 of the strategy ("Research Reports and Practices Analysis") and key indicator
3 count what the institute publishes. Every publication is an Activity of the results
framework (the kind follows the publication's kind; published means completed), so the
indicator counts published publications from these records. The publication holds what
a reader and a harvester need: translatable title and abstract, contributors,
identifiers, licence, themes, and one file per language version.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

from .identifiers import (
    DEFAULT_LICENCE,
    LICENCES,
    validate_doi,
    validate_handle,
    validate_isbn,
    validate_licence,
    validate_orcid,
    validate_ror,
)

# Paths under /library/ that a publication's address must not take.
RESERVED_SLUGS = frozenset({"manage", "practices", "search", "themes"})


class PublicationKind(models.TextChoices):
    RESEARCH_REPORT = "research_report", _("Research report")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    FORESIGHT_REPORT = "foresight_report", _("Foresight report")
    GUIDANCE = "guidance", _("Technical guidance or framework")
    BEST_PRACTICES = "best_practices", _("Collection of best practices")
    OER = "oer", _("Open educational resource")
    OTHER = "other", _("Other")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    # A published item taken back: its landing page says so and OAI-PMH keeps reporting it
    # as deleted (the record is its own tombstone; only a published item can be withdrawn).
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Theme(models.Model):
    """A theme of the library (AI ethics, inclusion and disability, OER...)."""

    slug = models.SlugField(unique=True, max_length=60)
    name = TranslatedField(_("name"), blank=False)
    original_language = "en"

    class Meta:
        ordering = ["slug"]
        verbose_name = _("library theme")

    def __str__(self) -> str:
        return str(self.name)


class Publication(models.Model):
    activity = models.OneToOneField(
        "programme.Activity", on_delete=models.PROTECT, related_name="publication"
    )
    slug = models.SlugField(_("address"), unique=True, max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    title = TranslatedField(_("title"), blank=False)
    abstract = TranslatedField(_("abstract"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    date_published = models.DateField(_("date published"), null=True, blank=True, db_index=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])
    handle = models.CharField(_("Handle"), max_length=200, blank=True, validators=[validate_handle])
    licence = models.CharField(
        _("licence"),
        max_length=40,
        choices=[(code, name) for code, name in LICENCES.items()],
        default=DEFAULT_LICENCE,
        validators=[validate_licence],
    )
    publisher = models.CharField(
        _("publisher"),
        max_length=200,
        default="UNESCO Institute for Information Technologies in Education",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("related publications"), blank=True, symmetrical=True
    )
    related_activities = models.ManyToManyField(
        "programme.Activity",
        verbose_name=_("related activities"),
        blank=True,
        related_name="related_publications",
        help_text=_("The launch event, the webinar series, the course it serves."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The OAI-PMH datestamp: every change of what a harvester sees moves it.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-date_published", "-pk"]
        verbose_name = _("publication")
        permissions = [
            ("publish_publication", _("Can publish library publications")),
        ]
        indexes = [models.Index(fields=["updated_at", "id"], name="library_pub_datestamp")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(date_published__isnull=False),
                name="library_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class ContributorKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class ContributorRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    EDITOR = "editor", _("Editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    TRANSLATOR = "translator", _("Translator")
    REVIEWER = "reviewer", _("Reviewer")


class Contributor(models.Model):
    """A person or organisation credited on a publication, in the order given."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="contributors"
    )
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(
        _("kind"), max_length=12, choices=ContributorKind.choices, default=ContributorKind.PERSON
    )
    # A person: family and given names, as citations need them; an organisation: its name.
    family_name = models.CharField(_("family name or organisation name"), max_length=200)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    role = models.CharField(
        _("role"), max_length=12, choices=ContributorRole.choices, default=ContributorRole.AUTHOR
    )
    orcid = models.CharField(_("ORCID iD"), max_length=40, blank=True, validators=[validate_orcid])
    ror = models.CharField(_("ROR id"), max_length=40, blank=True, validators=[validate_ror])
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    class Meta:
        ordering = ["publication", "order", "pk"]
        verbose_name = _("contributor")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.kind == ContributorKind.ORGANISATION or not self.given_names:
            return self.family_name
        return f"{self.given_names} {self.family_name}"


def publication_file_path(instance: PublicationFile, filename: str) -> str:
    return f"library/{instance.publication_id}/{instance.language}/{filename}"


class PublicationFile(models.Model):
    """One language version of a publication: its own file, ISBN and page count."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=publication_file_path, max_length=300)
    isbn = models.CharField(_("ISBN"), max_length=20, blank=True, validators=[validate_isbn])
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    media_type = models.CharField(max_length=100, default="application/pdf")
    # The text extracted for search, bounded (services.TEXT_MAX_CHARS).
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["publication", "language"]
        verbose_name = _("language version")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "language"], name="library_one_file_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("library:download", args=[self.publication.slug, self.language])

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1]


class TextChunk(models.Model):
    """A passage of a publication's text (or of its abstract), with its embedding.

    Search matches passages, not whole documents: the full-text index and the vectors
    both point here, and the result shows the passage that matched.
    """

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="chunks")
    file = models.ForeignKey(
        PublicationFile, on_delete=models.CASCADE, null=True, blank=True, related_name="chunks"
    )
    language = models.CharField(max_length=8)
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()
    # float16 vector of iite.core.embeddings.embedder(); its model's name beside it.
    embedding = models.BinaryField()
    model = models.CharField(max_length=60)

    class Meta:
        ordering = ["publication", "file", "position"]

    def __str__(self) -> str:
        return self.text[:60]


# --- Best practices submitted by teachers and students ---------------------------------


class PracticeSubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class PracticeOrigin(models.TextChoices):
    WEB = "web", _("Submitted on the website")
    COMMUNITY = "community", _("Promoted from the community")


class PracticeLevel(models.TextChoices):
    """The education level a practice serves (ISCED's levels, as teachers name them)."""

    EARLY_CHILDHOOD = "early_childhood", _("Early childhood education")
    PRIMARY = "primary", _("Primary education")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary education")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary education")
    TVET = "tvet", _("Technical and vocational education and training")
    HIGHER = "higher", _("Higher education")
    TEACHER_EDUCATION = "teacher_education", _("Teacher education")
    ADULT = "adult", _("Adult and lifelong learning")
    SEVERAL = "several", _("Several levels")


PRACTICE_LEVELS = PracticeLevel.choices

# Creative Commons licences only: a practice shared by a teacher must be reusable.
PRACTICE_LICENCES = [(code, name) for code, name in LICENCES.items() if code.startswith("CC")]


class PracticeSubmission(models.Model):
    """A best practice a teacher or student offers the library, waiting for moderation.

    Accepted, it becomes a best-practice Publication (`publication`), so it enters the
    library, its search and key indicator 3 as every publication does.
    """

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000)
    body = models.TextField(_("the practice"), max_length=20000)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    licence = models.CharField(
        _("licence"), max_length=40, choices=PRACTICE_LICENCES, default=DEFAULT_LICENCE
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    # The setting, the education level and what shows the practice works: asked apart so
    # that reviewers and readers find them (blank on submissions older than the fields and
    # on posts promoted from the community, which did not ask for them).
    context = models.TextField(_("context"), max_length=4000, blank=True)
    level = models.CharField(
        _("education level"), max_length=20, choices=PRACTICE_LEVELS, blank=True
    )
    evidence = models.TextField(_("evidence"), max_length=4000, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=PracticeOrigin.choices, default=PracticeOrigin.WEB
    )
    # The name the author chose to be credited under when published; empty: not named.
    credit_name = models.CharField(_("credit me as"), max_length=200, blank=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_submissions",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PracticeSubmissionStatus.choices,
        default=PracticeSubmissionStatus.SUBMITTED,
        db_index=True,
    )
    # What the reviewer told the submitter (the changes asked for, the reason to decline).
    reviewer_notes = models.TextField(_("notes to the submitter"), max_length=4000, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    publication = models.OneToOneField(
        Publication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_submission",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("best-practice submission")
        permissions = [
            ("moderate_practicesubmission", _("Can moderate best-practice submissions")),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="library_practice_queue"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """The submitter may still change it; a reviewer may still decide."""
        return self.status in (
            PracticeSubmissionStatus.SUBMITTED,
            PracticeSubmissionStatus.UNDER_REVIEW,
            PracticeSubmissionStatus.CHANGES_REQUESTED,
        )


def practice_file_path(instance: PracticeFile, filename: str) -> str:
    """A random name: the stored path says nothing about the practice or its author."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"library/practices/{uuid.uuid4().hex}{suffix}"


class PracticeFile(models.Model):
    """A file sent with a practice (a lesson plan, a photograph): seen by its submitter
    and the moderators; once the practice is published, a PDF becomes the publication's
    language version and the others are shown on its page as supplementary material."""

    submission = models.ForeignKey(
        PracticeSubmission, on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=practice_file_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    # The language version the file became when the practice was published (a PDF).
    publication_file = models.ForeignKey(
        PublicationFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("submission", "pk")
        verbose_name = _("file of a best practice")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:practice_file", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class CollectionItem(models.Model):
    """A published practice in a best-practice collection, at its place in the order.

    A collection is a Publication of kind best practices that staff made (not one made
    from a submission), so it is counted, searched and harvested as every publication.
    """

    collection = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="collection_items"
    )
    member = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="in_collections")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("collection", "position", "pk")
        verbose_name = _("practice in a collection")
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "member"], name="library_collection_member_once"
            ),
            models.CheckConstraint(
                condition=~Q(collection=models.F("member")), name="library_collection_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}: {self.member_id} ({self.position})"


# --- Reach (COUNTER-style usage) and news: iite/library/reach.py, news.py ------------------

# Addresses under /library/ that the reach reports, news and feeds take.
RESERVED_SLUGS = RESERVED_SLUGS | frozenset({"news", "feeds", "reach"})


class PublicationReach(models.Model):
    """Usage of one publication in one month, language version and country: counts only.

    COUNTER Release 5's metrics: an investigation is any use of the item (its landing
    page or a file), a request is a file downloaded; the unique ones count a reader once
    per item and hour (the session-less window). `language` is the file's language, or
    empty for the landing page; `country` an ISO 3166-1 alpha-2 code, or empty when
    unknown. No address, account or session is kept (see `reach.reach_count`).
    """

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="reach")
    month = models.DateField(_("month"))
    language = models.CharField(_("language"), max_length=8, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    total_investigations = models.PositiveIntegerField(default=0)
    unique_investigations = models.PositiveIntegerField(default=0)
    total_requests = models.PositiveIntegerField(default=0)
    unique_requests = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["publication", "month", "language", "country"]
        verbose_name = _("publication reach")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "month", "language", "country"],
                name="library_reach_one_row",
            )
        ]
        indexes = [models.Index(fields=["month"], name="library_reach_month")]

    def __str__(self) -> str:
        where = f"{self.language or '-'} {self.country or '-'}"
        return f"{self.publication_id} {self.month:%Y-%m} {where}"


class NewsStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


NEWS_THUMB_WIDTH = 224


def news_image_path(instance: NewsItem, filename: str) -> str:
    """A random name: a replaced image gets a new address, so no reader sees a stale copy."""
    suffix = Path(filename).suffix.lower()[:6]
    return f"library/news/{uuid.uuid4().hex}{suffix}"


class NewsItem(models.Model):
    """News and announcements of the institute (section VI.4 of the strategy): what was
    launched, what is coming; linked to the publications, activities, events and courses
    it is about. Its one image is described in words unless it is decorative."""

    slug = models.SlugField(_("address"), unique=True, max_length=80)
    title = TranslatedField(_("title"), blank=False)
    summary = TranslatedField(
        _("summary"), help_text=_("One or two sentences: the lists and the feeds show them.")
    )
    body = TranslatedField(_("text"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NewsStatus.choices,
        default=NewsStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    publications = models.ManyToManyField(
        Publication, verbose_name=_("publications"), blank=True, related_name="news"
    )
    # Programme activities (an event or a course is one): read, never written, from here.
    activities = models.ManyToManyField(
        "programme.Activity", verbose_name=_("activities"), blank=True, related_name="library_news"
    )
    # One image, re-encoded when stored (news_images.py): its size and type as stored.
    image = models.FileField(_("image"), upload_to=news_image_path, max_length=200, blank=True)
    image_type = models.CharField(max_length=20, blank=True)
    image_width = models.PositiveIntegerField(null=True, blank=True)
    image_height = models.PositiveIntegerField(null=True, blank=True)
    image_size = models.PositiveIntegerField(default=0)
    image_alt = TranslatedField(
        _("description of the image"),
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    image_decorative = models.BooleanField(
        _("the image is decorative"),
        default=False,
        help_text=_("It adds nothing the text does not say: screen readers skip it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news item")
        permissions = [("publish_newsitem", _("Can publish library news"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="library_news_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("library:news_detail", args=[self.slug])

    def clean(self) -> None:
        if self.image and not self.image_decorative and not self.image_alt:
            raise ValidationError(
                {"image_alt": _("Describe the image in words, or say that it is decorative.")}
            )

    @property
    def is_public(self) -> bool:
        return self.status == NewsStatus.PUBLISHED

    @property
    def image_url(self) -> str:
        """The image's address: its stored name is part of it, so a new image is a new address."""
        if not self.image:
            return ""
        return reverse("library:news_image", args=[self.slug, Path(self.image.name or "").name])

    @property
    def image_thumb_width(self) -> int:
        """The width lists show the image at: narrow enough for a 320 px screen."""
        return min(self.image_width or 0, NEWS_THUMB_WIDTH)

    @property
    def image_thumb_height(self) -> int:
        if not self.image_width or not self.image_height:
            return 0
        return max(round(self.image_height * self.image_thumb_width / self.image_width), 1)
