"""Events: conferences, conventions, webinars, trainings and youth consultations.

Every event is an Activity of the results framework (pillars 1, 4 and 5): the event
holds what a visitor sees and what registration needs; the Activity holds the kind,
modality, partners, regions and target groups that the indicators read, and the
Participation records its registrations and attendance write.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

EVENT_KINDS = (
    "global_conference",
    "regional_convention",
    "webinar",
    "webinar_series",
    "training",
    "round_table",
    "youth_forum",
)


# Paths under /events/ that an event's address must not take.
RESERVED_SLUGS = frozenset({"manage", "mine", "certificates", "feed"})


class Theme(models.Model):
    """A theme of the strategy's webinars and conferences (AI literacy, MIL, well-being...)."""

    slug = models.SlugField(unique=True, max_length=60)
    name = TranslatedField(_("name"), blank=False)
    original_language = "en"

    class Meta:
        ordering = ["slug"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return str(self.name)


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Event(models.Model):
    activity = models.OneToOneField(
        "programme.Activity", on_delete=models.CASCADE, related_name="event"
    )
    slug = models.SlugField(_("address"), unique=True, max_length=80)
    title = TranslatedField(_("title"), blank=False)
    summary = TranslatedField(_("summary"))
    description = TranslatedField(_("description"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    series = models.ForeignKey(
        "self",
        verbose_name=_("part of the series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="episodes",
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    # Stored in UTC; `time_zone` is the event's own zone, used for its calendar entries
    # and as the default display zone for people who have not chosen one.
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("event time zone"), max_length=64, default="UTC")
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    joining_url = models.URLField(
        _("joining link"),
        blank=True,
        help_text=_("Shown only to confirmed registrants."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.DRAFT,
        db_index=True,
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("minimum share of the session for attendance (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    captions = models.BooleanField(_("live captions"), default=False)
    sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    accessible_materials = models.BooleanField(_("accessible materials in advance"), default=False)
    accessibility_notes = TranslatedField(_("accessibility information"))
    # Youth consultations: a questionnaire answered by registrants (or anyone signed in).
    consultation_open = models.BooleanField(_("consultation questionnaire open"), default=False)
    consultation_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_("When set, no link between an answer and the person is stored."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "slug"]
        verbose_name = _("event")
        permissions = [
            ("publish_event", _("Can publish events")),
            ("manage_registrations", _("Can manage event registrations")),
            ("import_attendance", _("Can import event attendance")),
            ("issue_certificates", _("Can issue certificates of attendance")),
            ("view_event_figures", _("Can see the figures of an event")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_times_in_order"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end is before the start.")})
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another.")})

    @property
    def is_public(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class EventSession(models.Model):
    """One slot of the timetable: a conference session, or one meeting of a training."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room or channel"), max_length=200, blank=True)
    language = models.CharField(
        _("language of delivery"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    speakers = models.ManyToManyField(  # type: ignore[var-annotated]
        "Speaker", related_name="sessions", blank=True
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="session_times_in_order"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end is before the start.")})

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class Speaker(models.Model):
    """A speaker: public by nature, listed only with their consent."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("affiliation"), max_length=300, blank=True)
    bio = TranslatedField(_("biography"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    consent_to_publish = models.BooleanField(
        _("agreed to be listed publicly"),
        default=False,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("speaker")

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")


class RegistrationQuestion(models.Model):
    """A question the registration form asks for one event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = TranslatedField(_("question"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    # For a choice question: one option per line; stored as a list of strings.
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("registration question")

    def __str__(self) -> str:
        return str(self.label)

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and not self.options:
            raise ValidationError({"options": _("A choice question needs options.")})


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


def _new_checkin_code() -> str:
    return secrets.token_hex(6).upper()


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    checkin_code = models.CharField(max_length=12, unique=True, default=_new_checkin_code)
    attended = models.BooleanField(_("attended"), default=False)
    attended_minutes = models.PositiveIntegerField(_("minutes attended"), default=0)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.user_id}:{self.status}"


class AttendanceSource(models.TextChoices):
    ZOOM_MEETING = "zoom_meeting", _("Zoom meeting participants report")
    ZOOM_WEBINAR = "zoom_webinar", _("Zoom webinar attendee report")
    TEAMS = "teams", _("Microsoft Teams attendance report")


class AttendanceImportState(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    WRITING = "writing", _("Checked; being written")
    DONE = "done", _("Imported")


class AttendanceImport(models.Model):
    """One imported report; its hash makes a second import of the same file a no-op.

    Until its `state` is done, the report is being checked or written (a batch per
    transaction): its page and the attendance lists count only done reports."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance_imports")
    session = models.ForeignKey(
        EventSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("format"), max_length=16, choices=AttendanceSource.choices)
    file_name = models.CharField(_("file"), max_length=255)
    file_hash = models.CharField(max_length=64)
    session_minutes = models.PositiveIntegerField(_("session length (minutes)"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)
    matched = models.PositiveIntegerField(_("matched registrants"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AttendanceImportState.choices,
        default=AttendanceImportState.DONE,
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attendance import")
        constraints = [
            models.UniqueConstraint(fields=["event", "file_hash"], name="one_import_per_file")
        ]

    def __str__(self) -> str:
        return self.file_name


class AttendanceRow(models.Model):
    """A raw join from a report, staged while the import merges joins per person."""

    # No indexes: rows live only during one import, which reads them back once, sorted;
    # every index would be paid for on each of a large report's inserts.
    attendance_import = models.ForeignKey(
        AttendanceImport, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    email = models.CharField(max_length=254)
    name = models.CharField(max_length=200, blank=True)
    # Seconds since the epoch: staging is written with plain executemany, and a number
    # needs no per-row conversion on either database.
    joined_ts = models.FloatField(null=True)
    left_ts = models.FloatField(null=True)
    minutes = models.FloatField(default=0)
    # What the report says of the person, as written there (mapped when merged).
    # Defaults in the database too: the staging is written with plain INSERTs.
    country = models.CharField(max_length=100, blank=True, db_default="")
    sex = models.CharField(max_length=40, blank=True, db_default="")
    role = models.CharField(max_length=100, blank=True, db_default="")

    def __str__(self) -> str:
        return self.email


class AttendeeStatus(models.TextChoices):
    MATCHED = "matched", _("Matched to an account by e-mail")
    PERSON = "person", _("Counted without an account")
    UNMATCHED = "unmatched", _("To check")
    RESOLVED = "resolved", _("Matched by staff")
    DISMISSED = "dismissed", _("Dismissed")


class Attendee(models.Model):
    """One person in one report, joins merged: the minutes are the union of their intervals."""

    attendance_import = models.ForeignKey(
        AttendanceImport, on_delete=models.CASCADE, related_name="attendees"
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attendees", db_index=False
    )
    email = models.CharField(_("email"), max_length=254)
    name = models.CharField(_("name"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    joins = models.PositiveIntegerField(_("joins"), default=1)
    attended = models.BooleanField(_("attended"), default=False)
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whom the attendance counts: the account's or the person record's key (unset while
    # the attendee is to be checked, or was not present long enough to count).
    person_key = models.UUIDField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=AttendeeStatus.choices)

    class Meta:
        ordering = ["email"]
        verbose_name = _("attendee")
        # One row per person and report is guaranteed by the import, which groups joins
        # by e-mail before writing; a unique index would only slow large reports down.
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return self.email


def _new_certificate_code() -> str:
    # 20 characters of base32 without look-alikes: unguessable, easy to type.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(20))


class Certificate(models.Model):
    """A certificate of attendance; its code is what the holder shares to prove it."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="certificate"
    )
    code = models.CharField(max_length=24, unique=True, default=_new_certificate_code)
    holder_name = models.CharField(_("name on the certificate"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate of attendance")

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("events:certificate_verify", args=[self.code])


class ConsultationQuestionKind(models.TextChoices):
    CHOICE = "choice", _("Choice")
    SCALE = "scale", _("Scale from 1 to 5")
    OPEN = "open", _("Open answer")


class ConsultationQuestion(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="consultation_questions"
    )
    text = TranslatedField(_("question"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ConsultationQuestionKind.choices)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("consultation question")

    def __str__(self) -> str:
        return str(self.text)

    def clean(self) -> None:
        if self.kind == ConsultationQuestionKind.CHOICE and not self.options:
            raise ValidationError({"options": _("A choice question needs options.")})


class ConsultationResponse(models.Model):
    """One submitted questionnaire. `respondent` is null when the consultation is anonymous."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="consultation_responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultation_responses",
    )
    language = models.CharField(max_length=8, blank=True)
    # A date, not a time: a timestamp would let anyone holding the submission log
    # re-link an anonymous answer to the person who submitted at that second.
    submitted_on = models.DateField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("consultation response")

    def __str__(self) -> str:
        return f"{self.event_id}:{self.pk}"


class ConsultationAnswer(models.Model):
    response = models.ForeignKey(
        ConsultationResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ConsultationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class ConsultationSubmission(models.Model):
    """An HMAC of (consultation, person): stops a second submission, names nobody."""

    # The digest is the key: no sequential id whose order could be lined up with responses.
    digest = models.CharField(max_length=64, primary_key=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.digest[:12]


class AttendanceJob(models.Model):
    """Reports uploaded together, waiting for, going through or done with their import in
    the background (`tasks.attendance_job_run`): the files are kept until the task has
    read them; each file's outcome (errors, mismatches, withheld, already imported) stays
    for the job's page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Checking and importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing was imported")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        EventSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    results = models.JSONField(_("outcome"), default=list)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Moved by every step of the task: a job not finished whose heartbeat is old has lost
    # its worker, and staff may take it up again.
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("attendance import in progress")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("events:manage_attendance_job", args=[self.event.slug, self.pk])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class AttendanceJobFile(models.Model):
    """One uploaded report of a job, kept until the job's task has imported it."""

    job = models.ForeignKey(AttendanceJob, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("file"), upload_to="imports/attendance/")

    class Meta:
        ordering = ["job", "pk"]

    def __str__(self) -> str:
        return self.name
