"""Community of practice: moderated discussion spaces on the platforms, courses and networks.

A space belongs to a learning platform, a course, an event series or a network. Threads
hold posts; a post is shown once it is visible: a new member's first posts, a post that
trips a watched word, and every post in a youth space wait for a moderator. Every
moderation step is logged.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can read")
    MEMBERS = "members", _("Members only")


class SpaceKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTIONS = "questions", _("Questions and answers")


# First parts of the community's own addresses (urls.py), which a space's cannot be.
RESERVED_SLUGS = frozenset({"manage", "moderation", "posts", "files", "support", "unsubscribe"})


class Space(models.Model):
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    title = TranslatedField(_("title"), blank=False)
    description = TranslatedField(_("description"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=SpaceKind.choices, default=SpaceKind.DISCUSSION
    )
    visibility = models.CharField(
        _("who can read"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    youth = models.BooleanField(
        _("youth space"),
        default=False,
        help_text=_("For members under 18: every post is checked by a moderator first."),
    )
    platform = models.ForeignKey(
        "learning.Platform", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    course = models.ForeignKey(
        "learning.Course", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    series = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("event series"),
    )
    network = models.CharField(_("network"), max_length=80, blank=True)
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("moderators"), blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="community_spaces",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # An archived space is read-only and left out of the list of spaces.
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    class Meta:
        ordering = ("slug",)
        permissions = [("moderate_space", _("Can moderate every community space"))]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("community:space", args=[self.slug])

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is taken by the community's pages.")})
        attached = [
            name
            for name, value in (
                ("platform", self.platform_id),
                ("course", self.course_id),
                ("series", self.series_id),
                ("network", self.network.strip()),
            )
            if value
        ]
        if len(attached) != 1:
            message = _("Attach the space to one platform, course, event series or network.")
            raise ValidationError(dict.fromkeys(attached or ["platform"], message))


class Thread(models.Model):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-last_activity_at",)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:thread", args=[self.space.slug, self.pk])


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a moderator")
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by a moderator")


class ResourceLicence(models.TextChoices):
    """Creative Commons licences under which a member shares a resource."""

    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC_BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"


LICENCE_DEEDS: dict[str, str] = {
    ResourceLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    ResourceLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    ResourceLicence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/",
    ResourceLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), max_length=20000)
    html = models.TextField(editable=False)
    status = models.CharField(
        max_length=8, choices=PostStatus.choices, default=PostStatus.PENDING, db_index=True
    )
    held_because = models.CharField(max_length=200, blank=True)
    resource_url = models.URLField(_("shared resource (link)"), blank=True)
    resource_licence = models.CharField(
        _("its licence"), max_length=20, blank=True, choices=ResourceLicence.choices
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Staff sent the post to the library's best-practice submissions.
    promoted_at = models.DateTimeField(null=True, blank=True)
    # A harm report on the post (or the crisis check of a youth post) reached the
    # well-being counsellors.
    referred_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.thread_id}/{self.pk}"

    @property
    def licence_deed(self) -> str:
        return LICENCE_DEEDS.get(self.resource_licence, "")


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random name: the stored path says nothing about the post or its author."""
    suffix = Path(filename).suffix.lower()[:10]
    return f"community/attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file shared with a post, served only to those who may read the post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    alt = models.CharField(_("description of the image"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("community:attachment", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ReactionKind(models.TextChoices):
    THANKS = "thanks", _("Thanks")
    HELPFUL = "helpful", _("Helpful")
    SAME = "same", _("Same question")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ReactionKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("post", "user", "kind"), name="community_react_once")
        ]

    def __str__(self) -> str:
        return self.kind


class FlagReason(models.TextChoices):
    HARASSMENT = "harassment", _("Harassment or bullying")
    SELF_HARM = "self_harm", _("Someone may hurt themselves")
    ABUSE = "abuse", _("Someone is being abused")
    DANGER = "danger", _("Someone is in immediate danger")
    HARM = "harm", _("Someone may be at risk of harm")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Off topic")
    PRIVACY = "privacy", _("Shares personal information")
    OTHER = "other", _("Something else")


class Flag(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=12, choices=FlagReason.choices)
    note = models.CharField(_("what happened"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("post", "user"), name="community_flag_once")]

    def __str__(self) -> str:
        return self.reason


class WordAction(models.TextChoices):
    HOLD = "hold", _("Hold the post for a moderator")
    BLOCK = "block", _("Refuse the post")


class WatchedWord(models.Model):
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    word = models.CharField(_("word or phrase"), max_length=80)
    action = models.CharField(_("action"), max_length=6, choices=WordAction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("language", "word"), name="community_word_once")
        ]

    def __str__(self) -> str:
        return self.word


class Suspension(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    until = models.DateTimeField(_("suspended until"))
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user_id} until {self.until:%Y-%m-%d}"


class ModerationAction(models.TextChoices):
    APPROVE = "approve", _("Approved")
    HIDE = "hide", _("Hidden")
    EDIT = "edit", _("Edited")
    WARN = "warn", _("Warned")
    SUSPEND = "suspend", _("Suspended")
    DISMISS = "dismiss", _("Flags dismissed")
    PROMOTE = "promote", _("Promoted to the library")
    REFER = "referred", _("Referred to the well-being counsellors")


class ModerationLog(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=8, choices=ModerationAction.choices)
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="log")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return self.action


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")


class Watch(models.Model):
    """A member follows a space or a thread and gets a digest of new posts by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_watches"
    )
    space = models.ForeignKey(
        Space, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("how often"), max_length=6, choices=Frequency.choices, default=Frequency.DAILY
    )
    last_sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=("user", "space", "thread"), name="community_watch_once"
            ),
            models.CheckConstraint(
                condition=models.Q(space__isnull=False) ^ models.Q(thread__isnull=False),
                name="community_watch_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.space_id or ''}{self.thread_id or ''}"


class ThreadRead(models.Model):
    """How far a member has read a thread: newer visible posts are marked unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_post_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=("user", "thread"), name="community_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.thread_id}"
