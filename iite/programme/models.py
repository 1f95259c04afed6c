"""Activities, the unit of programme work, and who took part in them.

Every later domain attaches its records to an Activity (an event, a course, a
competition, a publication, a platform), so that the key indicators count what
happened without anyone typing totals in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import AgeBand, PersonRole, Sex
from iite.core.i18n import TranslatedField, TranslatedText


class ActivityKind(models.TextChoices):
    GLOBAL_CONFERENCE = "global_conference", _("Global conference")
    REGIONAL_CONVENTION = "regional_convention", _("Regional convention or forum")
    NATIONAL_EVENT = "national_event", _("National event")
    WEBINAR = "webinar", _("Webinar")
    WEBINAR_SERIES = "webinar_series", _("Webinar series")
    TRAINING = "training", _("Training or workshop")
    ROUND_TABLE = "round_table", _("Round table")
    YOUTH_FORUM = "youth_forum", _("Youth forum or consultation")
    RESEARCH_REPORT = "research_report", _("Research report")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    BEST_PRACTICES = "best_practices", _("Collection or analysis of best practices")
    GUIDANCE = "guidance", _("Technical guidance or framework")
    PLATFORM = "platform", _("Online platform")
    COURSE = "course", _("Online course")
    LEARNING_RESOURCE = "learning_resource", _("Learning resource")
    COMPETITION = "competition", _("Competition")
    AWARD = "award", _("Award")
    POLICY_ADVICE = "policy_advice", _("Policy advice or technical assistance")
    OTHER = "other", _("Other")


class Modality(models.TextChoices):
    ONLINE = "online", _("Online")
    ONSITE = "onsite", _("Onsite")
    HYBRID = "hybrid", _("Hybrid")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"), rich=True)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices, db_index=True)
    period = models.ForeignKey(
        "strategy.StrategyPeriod", on_delete=models.PROTECT, related_name="activities"
    )
    pillars = models.ManyToManyField(
        "strategy.ProgrammePillar", related_name="activities", blank=True
    )
    objectives = models.ManyToManyField(
        "strategy.StrategicObjective", related_name="activities", blank=True
    )
    output = models.ForeignKey(
        "strategy.UnescoOutput",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    # Every activity belongs to a programme unit: the unit answers for it, and its
    # officers edit it and record its participation (permissions follow the unit).
    unit = models.ForeignKey(
        "strategy.ProgrammeUnit",
        verbose_name=_("programme unit"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    initiative = models.ForeignKey(
        "strategy.Initiative",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(_("end date"))
    modality = models.CharField(
        _("modality"), max_length=8, choices=Modality.choices, default=Modality.ONLINE
    )
    languages = models.JSONField(_("languages of delivery"), default=list, blank=True)
    target_countries = models.ManyToManyField(
        "reference.Country", related_name="targeted_by_activities", blank=True
    )
    target_regions = models.ManyToManyField(
        "reference.PriorityRegion", related_name="activities", blank=True
    )
    target_groups = models.ManyToManyField(
        "strategy.TargetGroup", related_name="activities", blank=True
    )
    priorities = models.ManyToManyField("strategy.Priority", related_name="activities", blank=True)
    partners = models.ManyToManyField(
        "partners.Partner",
        verbose_name=_("co-organising partners"),
        related_name="activities",
        blank=True,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
        db_index=True,
    )
    is_public = models.BooleanField(_("shown publicly"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        permissions = [
            ("change_any_activity", _("Can edit the activities of every programme unit")),
            ("import_activities", _("Can import activities and participation from files")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="activity_dates_in_order"
            )
        ]

    def __str__(self) -> str:
        return TranslatedText(dict(self.title), self.original_language).resolve()

    def get_absolute_url(self) -> str:
        return reverse("programme:activity_detail", args=[self.code])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        unknown = [
            code for code in self.languages or [] if not isinstance(code, str) or len(code) > 16
        ]
        if unknown:
            raise ValidationError({"languages": _("Languages must be language codes.")})


class ParticipationRole(models.TextChoices):
    PARTICIPANT = "participant", _("Participant")
    SPEAKER = "speaker", _("Speaker")
    ORGANISER = "organiser", _("Organiser")
    JUDGE = "judge", _("Judge")
    MENTOR = "mentor", _("Mentor")


class ParticipationSource(models.TextChoices):
    MANUAL = "manual", _("Entered by staff")
    IMPORT = "import", _("Imported file")
    REGISTRATION = "registration", _("Event registration")
    ATTENDANCE = "attendance", _("Attendance report")
    ENROLMENT = "enrolment", _("Course enrolment")
    COMPETITION = "competition", _("Competition entry")
    COMMUNITY = "community", _("Community of practice post")


class ParticipationManager(models.Manager["Participation"]):
    """The records every page, figure, export and API counts: not those an import in
    progress is writing (`pending_import`), which appear all at once when it completes."""

    def get_queryset(self) -> models.QuerySet[Participation]:
        return super().get_queryset().filter(pending_import__isnull=True)


class ParticipationAllManager(models.Manager["Participation"]):
    """Every record, those an import in progress holds pending too: for the programme's
    writers and the imports themselves, never for a reader."""


class Participation(models.Model):
    """One person's role in one activity.

    Country, sex, age band and role are copied from the profile (and refreshed when
    it changes) so that indicators aggregate one table, and so that the record still
    counts, anonymised, when the person deletes their account: `person` becomes null,
    `person_key` stays.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participations",
    )
    person_key = models.UUIDField(db_index=True)
    role = models.CharField(
        max_length=12, choices=ParticipationRole.choices, default=ParticipationRole.PARTICIPANT
    )
    attended = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    certified = models.BooleanField(default=False)
    country = models.ForeignKey(
        "reference.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)
    person_role = models.CharField(max_length=24, choices=PersonRole.choices, blank=True)
    source = models.CharField(
        max_length=16, choices=ParticipationSource.choices, default=ParticipationSource.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The import writing this record (its steps' owner, "import:12", "attendance:7") until
    # the import completes: until then no reader counts it (`objects` leaves it out), and
    # an import taken back deletes it. Null for every record that counts.
    pending_import = models.CharField(max_length=40, null=True, blank=True, editable=False)

    # Readers use `objects` (records that count); the programme's own writers and the
    # import itself use `all_with_pending`.
    objects = ParticipationManager()
    all_with_pending = ParticipationAllManager()

    class Meta:
        verbose_name = _("participation")
        default_manager_name = "objects"
        base_manager_name = "all_with_pending"
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "person_key", "role"], name="one_participation_per_role"
            )
        ]
        indexes = [
            models.Index(fields=["activity", "role"]),
            models.Index(
                fields=["pending_import"],
                name="participation_pending_import",
                condition=Q(pending_import__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}:{self.person_key}:{self.role}"


class ParticipationChange(models.Model):
    """A change an import in progress makes to a record that already counts: kept here,
    and applied with every other change of the import in the statement that completes it
    (`import_steps.steps_publish`), so no reader sees part of an import. `None` for a
    flag keeps the stored one; the profile copy replaces the stored one."""

    owner = models.CharField(max_length=40)
    participation = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="+")
    attended = models.BooleanField(null=True)
    completed = models.BooleanField(null=True)
    certified = models.BooleanField(null=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    country = models.ForeignKey(
        "reference.Country", on_delete=models.CASCADE, null=True, related_name="+"
    )
    sex = models.CharField(max_length=12, blank=True)
    age_band = models.CharField(max_length=12, blank=True)
    person_role = models.CharField(max_length=24, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "participation"], name="one_participation_change_per_import"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}:{self.participation_id}"


class AggregateParticipation(models.Model):
    """Counts for an activity where only totals are known (an onsite conference hall).

    The people counted here are not also recorded individually for the same activity
    and role; the indicators add both kinds without double counting on that rule.
    """

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="aggregate_participations"
    )
    role = models.CharField(
        max_length=12, choices=ParticipationRole.choices, default=ParticipationRole.PARTICIPANT
    )
    total = models.PositiveIntegerField(_("total"))
    female = models.PositiveIntegerField(_("female"), default=0)
    male = models.PositiveIntegerField(_("male"), default=0)
    another = models.PositiveIntegerField(_("another"), default=0)
    not_stated = models.PositiveIntegerField(_("not stated"), default=0)
    countries = models.ManyToManyField("reference.Country", related_name="+", blank=True)
    country_count = models.PositiveIntegerField(_("number of countries"), default=0)
    target_group = models.ForeignKey(
        "strategy.TargetGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed = models.PositiveIntegerField(_("completed"), default=0)
    certified = models.PositiveIntegerField(_("certified"), default=0)
    evidence = models.CharField(_("evidence (link or reference)"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aggregate participation")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    total__gte=models.F("female")
                    + models.F("male")
                    + models.F("another")
                    + models.F("not_stated")
                ),
                name="aggregate_sexes_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.total}"

    def clean(self) -> None:
        split = self.female + self.male + self.another + self.not_stated
        if split != self.total:
            raise ValidationError(
                {
                    "total": _(
                        "Female, male, another and not stated add up to %(split)s, not %(total)s."
                    )
                    % {"split": split, "total": self.total}
                }
            )


class UnitMembership(models.Model):
    """A staff member's programme unit: programme officers edit their units' activities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="unit_memberships",
    )
    unit = models.ForeignKey(
        "strategy.ProgrammeUnit",
        verbose_name=_("programme unit"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unit membership")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="one_membership_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.unit_id}"


class ImportBatch(models.Model):
    """One uploaded file that was imported: who, when, what it created (for the audit trail).

    Imports write with bulk_create, which the per-record audit log does not see; this
    record is the trace, and every imported row points back to nothing else.
    """

    file_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("kind of file"), max_length=24)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.JSONField(_("records created"), default=dict)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return self.file_name


def person_email_normalise(email: str) -> str:
    """An e-mail address as person records key it: stripped and lower-case."""
    return (email or "").strip().lower()[:254]


def person_name_key(name: str) -> str:
    """A name as the key of a person known only by name: spaces collapsed, case folded."""
    return " ".join((name or "").split()).casefold()[:200]


class Person(models.Model):
    """Someone the institute knows took part, with or without an account.

    Made from what an attendance report, a registration list or a sign-in sheet gives
    (name, e-mail, country, sex, role), keyed by the e-mail address normalised (stripped,
    lower-case) or, without one, by the name normalised. Its `person_key` is what the
    participation records carry, so the key indicators count people, not accounts; when
    someone signs up with the address, the account adopts the key and the records count
    as that account's person.
    """

    person_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    # The key of a person known only by name: the name normalised (see person_name_key).
    name_key = models.CharField(max_length=200, blank=True)
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    role = models.CharField(_("role"), max_length=24, choices=PersonRole.choices, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person_record",
    )
    source = models.CharField(
        _("first known from"),
        max_length=16,
        choices=ParticipationSource.choices,
        default=ParticipationSource.ATTENDANCE,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["email", "name_key"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="one_person_per_email"
            ),
            models.UniqueConstraint(
                fields=["name_key"],
                condition=Q(email=""),
                name="one_person_per_name_without_email",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(name_key=""), name="person_has_a_key"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email


class ImportJob(models.Model):
    """An uploaded file waiting for, going through or done with the import, in the background.

    The upload is stored until the task has read it; the outcome (rows, records created,
    the first errors with their row and column) stays for the import's page.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Checking and importing")
        WRITING = "writing", _("Checked; importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing was imported")

    file_name = models.CharField(_("file name"), max_length=255)
    upload = models.FileField(_("file"), upload_to="imports/", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows checked"), default=0)
    # Batches written (each in its own transaction, with the job's progress): a job taken
    # up again after its worker stopped goes on from the next one.
    batches_written = models.PositiveIntegerField(_("batches written"), default=0)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    created = models.JSONField(_("records created"), default=dict)
    errors = models.JSONField(_("errors"), default=list)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
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
        verbose_name = _("import in progress")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse("programme:import_job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def ok(self) -> bool:
        return self.status != self.Status.FAILED


class ImportStep(models.Model):
    """One batch of an import between its check and its write, and what its write did.

    An import is checked whole before anything is written; each batch of checked rows is
    kept here (`payload`), then written in a transaction of its own that also marks the
    step written and keeps what it created and what it changed (`undo`). So no import
    holds the database for long, a worker stopped mid-import leaves whole batches only
    (the next run goes on from the first step not written: each row is written once), and
    a batch that cannot be written takes back the batches written before it: nothing of
    the file stays. `owner` names the job ("import:12", "attendance:7").
    """

    owner = models.CharField(max_length=40)
    number = models.PositiveIntegerField()
    payload = models.BinaryField(null=True)
    written = models.BooleanField(default=False)
    undo = models.JSONField(default=dict)

    class Meta:
        ordering = ["owner", "number"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number"], name="one_import_step_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.owner}#{self.number}"
