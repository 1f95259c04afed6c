"""Online learning platforms, their courses, and what learners do in them (Pillar 3).

A platform (E-Library for Teachers, IIOE...) is a branded collection of courses; a
course is modules of lessons and quizzes. Every platform and every course is an
Activity of the results framework, so enrolments, completions and credentials count
towards the strategy's indicators without anyone typing totals in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import PersonRole
from iite.core.i18n import TranslatedField

from .sanitise import sanitise_translations

# Slugs the platform landing pages cannot take: they are pages of the learning area.
RESERVED_SLUGS = {"my", "studio", "courses", "course", "lessons", "quizzes", "api", "platforms"}


class Topic(models.TextChoices):
    AI_COMPETENCIES = "ai_competencies", _("AI competencies")
    AI_IN_TEACHING = "ai_in_teaching", _("AI and emerging technologies in teaching")
    MEDIA_INFORMATION_LITERACY = "mil", _("Media and information literacy")
    INCLUSION = "inclusion", _("Inclusion")
    WELL_BEING = "well_being", _("Health and well-being")
    SOCIO_EMOTIONAL = "sel", _("Socio-emotional learning")
    BULLYING_PREVENTION = "bullying_prevention", _("Bullying and cyberbullying prevention")
    CREATIVITY = "creativity", _("Creativity")
    DIGITAL_CITIZENSHIP = "digital_citizenship", _("Digital citizenship and safety")
    OPEN_EDUCATION = "open_education", _("Open education and OER")


class Level(models.TextChoices):
    INTRODUCTORY = "introductory", _("Introductory")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA = "CC-BY-SA-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC = "CC-BY-NC-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC_BY_NC_SA = (
        "CC-BY-NC-SA-4.0",
        _("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 (CC BY-NC-SA 4.0)"),
    )
    CC_BY_ND = "CC-BY-ND-4.0", _("Creative Commons Attribution-NoDerivatives 4.0 (CC BY-ND 4.0)")
    CC_BY_NC_ND = (
        "CC-BY-NC-ND-4.0",
        _("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 (CC BY-NC-ND 4.0)"),
    )
    CC0 = "CC0-1.0", _("Public domain dedication (CC0 1.0)")


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    Licence.CC_BY_ND: "https://creativecommons.org/licenses/by-nd/4.0/",
    Licence.CC_BY_NC_ND: "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")


def _validate_codes(values: Any, allowed: list[str], message: Any) -> None:
    if not isinstance(values, list) or any(value not in allowed for value in values):
        raise ValidationError(message)


def validate_languages(values: Any) -> None:
    _validate_codes(values, settings.LANGUAGE_CODES, _("Choose languages from the list."))


def validate_audiences(values: Any) -> None:
    _validate_codes(values, list(PersonRole.values), _("Choose audiences from the list."))


class SanitisedRichText(models.Model):
    """Cleans every rich TranslatedField of the model before it is stored."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, TranslatedField) and field.rich:
                setattr(self, field.attname, sanitise_translations(getattr(self, field.attname)))
        super().save(*args, **kwargs)


class Platform(SanitisedRichText):
    """A branded collection of courses with its own landing page, languages and audience."""

    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    name = TranslatedField(_("name"), blank=False)
    tagline = TranslatedField(_("tagline"))
    description = TranslatedField(_("description"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_languages]
    )
    audiences = models.JSONField(
        _("audience"), default=list, blank=True, validators=[validate_audiences]
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("operated with"), related_name="+", blank=True
    )
    website = models.URLField(_("external website"), blank=True)
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#0a4d8c",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour as #RRGGBB."))],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    activity = models.OneToOneField(
        "programme.Activity", on_delete=models.PROTECT, related_name="learning_platform"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("learning platform")

    def __str__(self) -> str:
        return str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("learning:platform", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another.")})


class Course(SanitisedRichText):
    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    title = TranslatedField(_("title"), blank=False)
    summary = TranslatedField(_("summary"), blank=False)
    description = TranslatedField(_("description"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    languages = models.JSONField(
        _("languages of instruction"), default=list, validators=[validate_languages]
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.INTRODUCTORY
    )
    audiences = models.JSONField(
        _("audience"), default=list, blank=True, validators=[validate_audiences]
    )
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices, db_index=True)
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=5,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    partners = models.ManyToManyField(
        "partners.Partner", verbose_name=_("partners"), related_name="+", blank=True
    )
    licence = models.CharField(
        _("open licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA
    )
    platforms = models.ManyToManyField(
        Platform, verbose_name=_("platforms"), related_name="courses", blank=True
    )
    achievement = models.OneToOneField(
        "credentials.Achievement",
        verbose_name=_("the micro-credential it awards"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="course",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    activity = models.OneToOneField(
        "programme.Activity", on_delete=models.PROTECT, related_name="learning_course"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "slug"]
        verbose_name = _("course")
        permissions = [("publish_course", _("Can approve and publish courses"))]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:course", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(Licence(self.licence), "") if self.licence else ""

    def clean(self) -> None:
        if not self.languages:
            raise ValidationError({"languages": _("Choose at least one language.")})


class Module(SanitisedRichText):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = TranslatedField(_("title"), blank=False)
    summary = TranslatedField(_("summary"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["course", "order", "pk"]
        verbose_name = _("module")

    def __str__(self) -> str:
        return str(self.title)


class LessonKind(models.TextChoices):
    READING = "reading", _("Reading")
    VIDEO = "video", _("Video")
    MICRO = "micro", _("Micro-learning unit")


VIDEO_EXTENSIONS = {".mp4", ".webm"}
RESOURCE_EXTENSIONS = {
    ".pdf", ".docx", ".pptx", ".xlsx", ".odt", ".odp", ".ods", ".txt", ".csv", ".epub",
    ".png", ".jpg", ".jpeg", ".zip",
}  # fmt: skip
MAX_VIDEO_BYTES = 200 * 1024 * 1024
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_CAPTION_BYTES = 1024 * 1024


def _check_upload(upload: Any, extensions: set[str], max_bytes: int) -> None:
    suffix = Path(str(upload.name or "")).suffix.lower()
    if suffix not in extensions:
        raise ValidationError(
            _("Files of type %(type)s are not accepted; use one of: %(types)s.")
            % {"type": suffix or "?", "types": ", ".join(sorted(extensions))}
        )
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
        )


def validate_video(upload: Any) -> None:
    _check_upload(upload, VIDEO_EXTENSIONS, MAX_VIDEO_BYTES)


def validate_resource(upload: Any) -> None:
    _check_upload(upload, RESOURCE_EXTENSIONS, MAX_RESOURCE_BYTES)


def validate_webvtt(upload: Any) -> None:
    """A WebVTT file: .vtt, small, and starting with the WEBVTT signature."""
    _check_upload(upload, {".vtt"}, MAX_CAPTION_BYTES)
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if isinstance(head, str):
        head = head.encode()
    if not head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT"):
        raise ValidationError(_("This is not a WebVTT caption file (it must start with WEBVTT)."))


class Lesson(SanitisedRichText):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(
        _("kind"), max_length=8, choices=LessonKind.choices, default=LessonKind.READING
    )
    title = TranslatedField(_("title"), blank=False)
    body = TranslatedField(_("text"), rich=True)
    video = models.FileField(
        _("video file (MP4 or WebM)"),
        upload_to="learning/videos/",
        blank=True,
        validators=[validate_video],
    )
    transcript = TranslatedField(_("transcript"), rich=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=10, validators=[MaxValueValidator(600)]
    )
    is_required = models.BooleanField(_("required for completion"), default=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["module__order", "module_id", "order", "pk"]
        verbose_name = _("lesson")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:lesson", args=[self.module.course.slug, self.pk])

    def clean(self) -> None:
        if self.kind == LessonKind.VIDEO and not self.video:
            raise ValidationError({"video": _("A video lesson needs a video file.")})
        if not self.body and not self.video:
            raise ValidationError({"body": _("Write the lesson text or add a video.")})


class LessonCaption(models.Model):
    """Captions for a lesson's video in one language (WebVTT)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(
        _("caption file (WebVTT)"), upload_to="learning/captions/", validators=[validate_webvtt]
    )

    class Meta:
        ordering = ["language"]
        verbose_name = _("caption track")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "language"], name="one_caption_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.lesson_id}:{self.language}"


class LessonResource(models.Model):
    """A file learners can download with a lesson (a worksheet, slides, a guide)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    file = models.FileField(
        _("file"), upload_to="learning/resources/", validators=[validate_resource]
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("downloadable resource")

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return Path(str(self.file.name)).suffix.lstrip(".").upper()


class Quiz(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quizzes")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = TranslatedField(_("title"), blank=False)
    passing_score = models.PositiveSmallIntegerField(
        _("passing score (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts (0 for no limit)"), default=3, validators=[MaxValueValidator(100)]
    )
    is_required = models.BooleanField(_("must be passed to complete the course"), default=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["module__order", "module_id", "order", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("learning:quiz", args=[self.module.course.slug, self.pk])


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


class Question(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text = TranslatedField(_("question"), blank=False)
    explanation = TranslatedField(_("explanation shown after answering"))
    points = models.PositiveSmallIntegerField(
        _("points"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # True/false questions: the right answer.
    correct_true = models.BooleanField(_("the statement is true"), null=True, blank=True)
    # Short-answer questions: answers accepted after normalising case, spaces and accents.
    accepted_answers = models.JSONField(_("accepted answers"), default=list, blank=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["quiz", "order", "pk"]
        verbose_name = _("question")

    def __str__(self) -> str:
        return str(self.text)

    def clean(self) -> None:
        if self.kind == QuestionKind.TRUE_FALSE and self.correct_true is None:
            raise ValidationError({"correct_true": _("Say whether the statement is true.")})
        if self.kind == QuestionKind.SHORT and not [
            answer for answer in self.accepted_answers or [] if str(answer).strip()
        ]:
            raise ValidationError({"accepted_answers": _("Give at least one accepted answer.")})


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = TranslatedField(_("answer"), blank=False)
    is_correct = models.BooleanField(_("correct"), default=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = _("answer option")

    def __str__(self) -> str:
        return str(self.text)


class Enrolment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(
        Lesson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.course_id}"


class LessonProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.lesson_id}"


class QuizAttempt(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(default=False)
    # {question id: {"answer": ..., "correct": bool}} as graded.
    answers = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["quiz", "number"]
        verbose_name = _("quiz attempt")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "quiz", "number"], name="one_attempt_per_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}:{self.quiz_id}#{self.number}"
