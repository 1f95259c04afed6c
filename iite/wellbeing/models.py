"""The youth well-being assistant (Pillar 3, Learning Platform on Health and Well-being).

Nothing in this app writes text for a young person: every reply is an `Answer` that a
content editor wrote and a clinical reviewer approved, or one of the fixed, reviewed
messages of `messages.py`. Conversations are anonymous: no account, no address, no
device identifier; stored text is scrubbed (`scrub.py`) and deleted after the staff-set
retention unless a counsellor escalated the conversation.

Answers are per language, not a TranslatedField: each language version is reviewed on
its own by a clinician who reads that language, so a translation is a new entry with its
own review, never a fallback.
"""

from __future__ import annotations

import uuid
from datetime import time

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The assistant's languages: the six UN languages and Kazakh, Kyrgyz and Uzbek (whose
# texts may be in Latin or Cyrillic script).
LANGUAGES = [
    *settings.LANGUAGES,
    ("kk", _("Kazakh")),
    ("ky", _("Kyrgyz")),
    ("uz", _("Uzbek")),
]
LANGUAGE_CODES = [code for code, _name in LANGUAGES]


class Topic(models.TextChoices):
    STRESS = "stress", _("Stress")
    EXAMS = "exams", _("Exams")
    SLEEP = "sleep", _("Sleep")
    FRIENDSHIP = "friendship", _("Friendship")
    RELATIONSHIPS = "relationships", _("Relationships")
    BULLYING = "bullying", _("Bullying and cyberbullying")
    ONLINE_SAFETY = "online_safety", _("Online safety")
    BODY_IMAGE = "body_image", _("Body image")
    HEALTHY_LIVING = "healthy_living", _("Healthy living")
    GET_HELP = "get_help", _("Where to get help")


class Category(models.TextChoices):
    SELF_HARM = "self_harm", _("Suicide and self-harm")
    ABUSE = "abuse", _("Abuse")
    VIOLENCE = "violence", _("Violence and threats")
    BULLYING = "bullying", _("Severe bullying and cyberbullying")
    EATING = "eating", _("Eating disorders")
    DANGER = "danger", _("Immediate danger")


class AnswerStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by a clinical reviewer")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Answer(models.Model):
    """One vetted question-answer entry in one language.

    Served only while approved and before its review date; an edit makes a new version
    that needs a new approval.
    """

    key = models.SlugField(
        _("key"), max_length=80, help_text=_("Shared by the language versions of one answer.")
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES)
    questions = models.TextField(
        _("example questions"), help_text=_("One question a young person might ask per line.")
    )
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    body = models.TextField(_("answer"))
    version = models.PositiveIntegerField(_("version"), default=1)
    author = models.CharField(_("author"), max_length=120)
    status = models.CharField(
        _("status"), max_length=10, choices=AnswerStatus.choices, default=AnswerStatus.DRAFT
    )
    reviewer = models.CharField(_("clinical reviewer"), max_length=120, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    review_due = models.DateField(
        _("review date"), null=True, blank=True, help_text=_("Not served after this date.")
    )
    embedding = models.BinaryField(_("embedding"), blank=True, default=b"", editable=False)
    embedding_model = models.CharField(max_length=60, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("vetted answer")
        verbose_name_plural = _("vetted answers")
        ordering = ["topic", "key", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "language"], name="wellbeing_answer_key_language"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(approved_at__isnull=False) & ~models.Q(reviewer="")),
                name="wellbeing_answer_approved_has_reviewer",
            ),
        ]
        permissions = [("review_answer", "Approve answers as a clinical reviewer")]

    def __str__(self) -> str:
        return f"{self.key} ({self.language}) v{self.version}"

    def is_servable(self, today: object | None = None) -> bool:
        day = today or timezone.localdate()
        return self.status == AnswerStatus.APPROVED and (
            self.review_due is None or self.review_due >= day  # type: ignore[operator]
        )

    def question_lines(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]

    def keyword_list(self) -> list[str]:
        return [word.strip().casefold() for word in self.keywords.split(",") if word.strip()]


class Helpline(models.Model):
    """A public helpline of one country, kept by staff; shown on every crisis reply."""

    country = models.CharField(_("country (ISO code)"), max_length=2, db_index=True)
    name = models.CharField(_("name"), max_length=160)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    url = models.URLField(_("web site or chat"), blank=True)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    languages = models.CharField(_("languages"), max_length=120, blank=True)
    for_children = models.BooleanField(_("child helpline"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        ordering = ["country", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name"], name="wellbeing_helpline_unique"),
            models.CheckConstraint(
                condition=~models.Q(phone="", url=""), name="wellbeing_helpline_reachable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.name}"


class ServiceSettings(models.Model):
    """The assistant's settings, one row, edited by staff."""

    retention_days = models.PositiveSmallIntegerField(
        _("keep conversations for (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    hours_time_zone = models.CharField(
        _("time zone of the staffed hours"), max_length=40, default="Asia/Almaty"
    )
    staffed_from = models.TimeField(_("counsellors from"), default=time(9, 0))
    staffed_until = models.TimeField(_("counsellors until"), default=time(18, 0))
    staffed_weekdays = models.CharField(
        _("staffed weekdays"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("0 is Monday, 6 is Sunday; separated by commas."),
    )
    expected_response_minutes = models.PositiveSmallIntegerField(
        _("expected response time (minutes)"), default=15
    )

    class Meta:
        verbose_name = _("assistant settings")
        verbose_name_plural = _("assistant settings")

    def __str__(self) -> str:
        return str(_("Assistant settings"))

    def weekdays(self) -> set[int]:
        return {int(day) for day in self.staffed_weekdays.split(",") if day.strip().isdigit()}


class ConversationStatus(models.TextChoices):
    ASSISTANT = "assistant", _("With the assistant")
    WAITING = "waiting", _("Waiting for a counsellor")
    CLAIMED = "claimed", _("With a counsellor")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    SUPPORTED = "supported", _("Supported in the conversation")
    REFERRED = "referred", _("Referred to a helpline or service")
    ESCALATED = "escalated", _("Escalated: an adult had to act")
    LEFT = "left", _("The young person left")
    NOT_NEEDED = "not_needed", _("No help needed")


class Origin(models.TextChoices):
    ASSISTANT = "assistant", _("The assistant")
    REPORT = "report", _("A harm report elsewhere on the platform")


class Conversation(models.Model):
    """An anonymous conversation: a random id, a language, a country; nothing about the person.

    Most start with a young person writing to the assistant; a conversation opened from
    a harm report elsewhere on the platform (`origin` report) holds the report's scrubbed
    text and the address of what was reported, and waits for a counsellor at once.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    country = models.CharField(_("country"), max_length=2, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConversationStatus.choices,
        default=ConversationStatus.ASSISTANT,
    )
    risk = models.FloatField(_("risk"), default=0.0)
    crisis = models.BooleanField(_("crisis detected"), default=False)
    category = models.CharField(
        _("crisis category"), max_length=12, choices=Category.choices, blank=True
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now, db_index=True)
    handoff_requested_at = models.DateTimeField(_("hand-off requested"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    first_reply_at = models.DateTimeField(_("first reply"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    escalated = models.BooleanField(
        _("escalated"), default=False, help_text=_("Kept after the retention period.")
    )
    origin = models.CharField(
        _("started from"), max_length=10, choices=Origin.choices, default=Origin.ASSISTANT
    )
    source_url = models.CharField(
        _("reported page"),
        max_length=500,
        blank=True,
        help_text=_("For a conversation opened from a report: the address of what was reported."),
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at"]
        permissions = [("counsel_conversation", "Answer young people as a counsellor")]

    def __str__(self) -> str:
        return str(self.id)[:8]


class Sender(models.TextChoices):
    YOUNG_PERSON = "young_person", _("Young person")
    ASSISTANT = "assistant", _("Assistant")
    COUNSELLOR = "counsellor", _("Counsellor")
    REPORT = "report", _("Report from the platform")


class Message(models.Model):
    """One message; the young person's text is stored scrubbed, never as typed."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.CharField(max_length=12, choices=Sender.choices)
    text = models.TextField()
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    crisis = models.BooleanField(default=False)
    category = models.CharField(max_length=12, choices=Category.choices, blank=True)
    score = models.FloatField(default=0.0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.sender} {self.created_at:%Y-%m-%d %H:%M}"


class Note(models.Model):
    """A counsellor's note for the next counsellor; never shown to the young person."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.created_at:%Y-%m-%d %H:%M}"


class UsageCount(models.Model):
    """Anonymous daily counts, kept after conversations are deleted: what staff statistics show.

    `measure` is one of conversations, messages, crisis, handoffs, handoff_wait_seconds,
    answered; `key` a category or topic (or "" for totals).
    """

    day = models.DateField()
    language = models.CharField(max_length=8)
    measure = models.CharField(max_length=24)
    key = models.CharField(max_length=24, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "language", "measure", "key"], name="wellbeing_usage_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.language} {self.measure}:{self.key}={self.count}"
