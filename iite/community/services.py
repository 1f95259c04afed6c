"""Every write to spaces, threads, posts, flags and moderation goes through here."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.core.ratelimit import Limit, ratelimit_hit
from iite.core.records import records_changed_on_commit
from iite.library.models import PracticeSubmission
from iite.library.services import practice_submission_create

from . import markup
from .administration import watched_word_check
from .attachments import AttachmentUpload, attachments_check, attachments_store
from .engagement import contribution_record
from .models import (
    Flag,
    ModerationAction,
    ModerationLog,
    Post,
    PostStatus,
    Reaction,
    Space,
    SpaceKind,
    Suspension,
    Thread,
    ThreadRead,
    Watch,
    WatchedWord,
    WordAction,
)
from .permissions import can_moderate, can_post, posts_directly, suspended_until
from .safety import country_code, flag_refer, youth_post_check

POSTS_PER_HOUR = Limit("community-post", hits=20, window=3600)
FLAGS_PER_HOUR = Limit("community-flag", hits=30, window=3600)


@dataclass(frozen=True)
class WordCheck:
    action: str  # "", "hold" or "block"
    word: str


def words_check(text: str, language: str) -> WordCheck:
    """The strongest watched word in the text (a block beats a hold), whole words only."""
    found = WordCheck("", "")
    lowered = text.casefold()
    for word in WatchedWord.objects.filter(language__in=("", language)).order_by("action"):
        pattern = r"(?<!\w)" + re.escape(word.word.casefold()) + r"(?!\w)"
        if re.search(pattern, lowered):
            if word.action == WordAction.BLOCK:
                return WordCheck(WordAction.BLOCK, word.word)
            found = WordCheck(WordAction.HOLD, word.word)
    return found


def _approved_posts(user: Any) -> int:
    return Post.objects.filter(author=user, status=PostStatus.VISIBLE).count()


def _post(
    *,
    thread: Thread,
    author: Any,
    text: str,
    reply_to: Post | None = None,
    attachments: Sequence[AttachmentUpload] = (),
    **extra: Any,
) -> Post:
    space = thread.space
    if not can_post(author, space):
        until = suspended_until(author) if author.is_authenticated else None
        if until:
            raise PermissionDenied(
                _("You are suspended from posting until %(date)s.") % {"date": f"{until:%Y-%m-%d}"}
            )
        raise PermissionDenied(_("You cannot post in this space."))
    if not ratelimit_hit(POSTS_PER_HOUR, f"user:{author.pk}"):
        raise ValidationError(
            {"text": _("You have posted a lot in the last hour; please wait a little.")}
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write something before posting.")})
    try:
        markup.check(text)
    except ValidationError as problem:
        raise ValidationError({"text": problem.messages}) from problem
    words = words_check(f"{thread.title}\n{text}", thread.language)
    if words.action == WordAction.BLOCK:
        raise ValidationError(
            {
                "text": _("This post uses words the community does not accept (“%(word)s”).")
                % {"word": words.word}
            }
        )
    status = PostStatus.VISIBLE
    held = ""
    if words.action == WordAction.HOLD:
        status, held = PostStatus.PENDING, _("Watched word: %(word)s") % {"word": words.word}
    elif not posts_directly(author, space, _approved_posts(author)):
        status, held = PostStatus.PENDING, _("New member's post")
    if reply_to is not None and reply_to.thread_id != thread.pk:
        raise ValidationError({"reply_to": _("Reply to a post of this thread.")})
    file_types = attachments_check(attachments)
    post = Post(
        thread=thread,
        author=author,
        text=text,
        html=markup.render(text),
        status=status,
        held_because=held,
        reply_to=reply_to,
        **extra,
    )
    post.full_clean(exclude=["html", "thread"])
    post.save()
    attachments_store(post=post, uploads=attachments, types=file_types)
    youth_post_check(post)
    Watch.objects.get_or_create(user=author, space=None, thread=thread)
    if status == PostStatus.VISIBLE:
        Thread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now())
        contribution_record(post)
        records_changed_on_commit(sender="community", kinds={"post"})
    return post


@transaction.atomic
def thread_start(
    *, space: Space, author: Any, title: str, text: str, language: str, **extra: Any
) -> Post:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Give the thread a title.")})
    thread = Thread.objects.create(space=space, author=author, title=title[:200], language=language)
    return _post(thread=thread, author=author, text=text, **extra)


@transaction.atomic
def reply(
    *, thread: Thread, author: Any, text: str, reply_to: Post | None = None, **extra: Any
) -> Post:
    return _post(thread=thread, author=author, text=text, reply_to=reply_to, **extra)


def _moderator_check(user: Any, post: Post) -> None:
    if not can_moderate(user, post.thread.space):
        raise PermissionDenied(_("Only the space's moderators may do this."))


def _log(actor: Any, action: str, post: Post | None, subject: Any, note: str = "") -> None:
    ModerationLog.objects.create(
        actor=actor, action=action, post=post, subject=subject, note=note[:500]
    )


@transaction.atomic
def post_approve(*, post: Post, moderator: Any) -> Post:
    _moderator_check(moderator, post)
    post.status = PostStatus.VISIBLE
    post.held_because = ""
    post.save(update_fields=["status", "held_because"])
    post.flags.update(resolved=True)
    Thread.objects.filter(pk=post.thread_id).update(last_activity_at=timezone.now())
    contribution_record(post)
    _log(moderator, ModerationAction.APPROVE, post, post.author)
    records_changed_on_commit(sender="community", kinds={"post"})
    return post


@transaction.atomic
def post_hide(*, post: Post, moderator: Any, note: str = "") -> Post:
    _moderator_check(moderator, post)
    post.status = PostStatus.HIDDEN
    post.save(update_fields=["status"])
    post.flags.update(resolved=True)
    _log(moderator, ModerationAction.HIDE, post, post.author, note)
    records_changed_on_commit(sender="community", kinds={"post"})
    return post


@transaction.atomic
def post_edit(*, post: Post, moderator: Any, text: str, note: str) -> Post:
    _moderator_check(moderator, post)
    if not note.strip():
        raise ValidationError({"note": _("Say why the post was edited; the author sees it.")})
    markup.check(text)
    post.text = text.strip()
    post.html = markup.render(post.text)
    post.edited_at = timezone.now()
    post.save(update_fields=["text", "html", "edited_at"])
    _log(moderator, ModerationAction.EDIT, post, post.author, note)
    return post


@transaction.atomic
def member_warn(*, post: Post, moderator: Any, note: str) -> None:
    _moderator_check(moderator, post)
    if not note.strip():
        raise ValidationError({"note": _("Write the warning the member will read.")})
    _log(moderator, ModerationAction.WARN, post, post.author, note)


@transaction.atomic
def member_suspend(*, post: Post, moderator: Any, days: int, note: str) -> Suspension:
    _moderator_check(moderator, post)
    if not 1 <= days <= 365:
        raise ValidationError({"days": _("Suspend for 1 to 365 days.")})
    if post.author is None:
        raise ValidationError(_("The author's account no longer exists."))
    suspension = Suspension.objects.create(
        user=post.author,
        until=timezone.now() + datetime.timedelta(days=days),
        reason=note[:300],
        by=moderator,
    )
    _log(moderator, ModerationAction.SUSPEND, post, post.author, note)
    return suspension


@transaction.atomic
def post_promote(*, post: Post, moderator: Any, title: str, summary: str) -> PracticeSubmission:
    """Send a post that shares a resource under a Creative Commons licence to the
    library's best-practice submissions, where library staff moderate it."""
    _moderator_check(moderator, post)
    if post.status != PostStatus.VISIBLE or post.thread.space.youth:
        raise ValidationError(_("Only a visible post of an adults' space can be promoted."))
    if post.promoted_at is not None:
        raise ValidationError(_("This post was already sent to the library."))
    if not post.resource_licence:
        raise ValidationError(
            _("Only a post its author shared under a Creative Commons licence can be promoted.")
        )
    page = settings.SITE_URL.rstrip("/") + f"{post.thread.get_absolute_url()}#post-{post.pk}"
    submission = practice_submission_create(
        title=title,
        summary=summary,
        body=post.text,
        language=post.thread.language,
        submitter=post.author,
        country=country_code(post.author),
        licence=post.resource_licence,
        source_url=post.resource_url or page,
        origin="community",
    )
    post.promoted_at = timezone.now()
    post.save(update_fields=["promoted_at"])
    _log(moderator, ModerationAction.PROMOTE, post, post.author, title)
    return submission


@transaction.atomic
def flags_dismiss(*, post: Post, moderator: Any) -> None:
    _moderator_check(moderator, post)
    post.flags.update(resolved=True)
    _log(moderator, ModerationAction.DISMISS, post, post.author)


@transaction.atomic
def post_flag(*, post: Post, user: Any, reason: str, note: str = "") -> Flag:
    """Flag a post for the moderators; a harm reason also reaches the well-being
    counsellors (`safety.flag_refer`)."""
    if not user.is_authenticated:
        raise PermissionDenied
    if not ratelimit_hit(FLAGS_PER_HOUR, f"user:{user.pk}"):
        raise ValidationError(
            {"reason": _("You have flagged a lot in the last hour; please wait a little.")}
        )
    flag, _created = Flag.objects.update_or_create(
        post=post, user=user, defaults={"reason": reason, "note": note[:500], "resolved": False}
    )
    flag.full_clean()
    flag_refer(post=post, reason=reason, reporter=user)
    return flag


def post_react(*, post: Post, user: Any, kind: str) -> bool:
    """Toggle a reaction; True when it is now set."""
    if not user.is_authenticated or post.status != PostStatus.VISIBLE:
        raise PermissionDenied
    deleted, _detail = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    reaction = Reaction(post=post, user=user, kind=kind)
    reaction.full_clean()
    reaction.save()
    return True


def thread_mark_answer(*, thread: Thread, post: Post, user: Any) -> Thread:
    if thread.space.kind != SpaceKind.QUESTIONS:
        raise ValidationError(_("Only a question space has answers."))
    if post.thread_id != thread.pk or post.status != PostStatus.VISIBLE:
        raise ValidationError(_("Choose a visible reply of this thread."))
    if user.pk != thread.author_id and not can_moderate(user, thread.space):
        raise PermissionDenied
    thread.answer = post
    thread.save(update_fields=["answer"])
    return thread


def space_join(*, space: Space, user: Any) -> None:
    if not user.is_authenticated:
        raise PermissionDenied
    space.members.add(user)


@transaction.atomic
def space_create(*, moderators: Iterable[Any] = (), **values: Any) -> Space:
    space = Space(**values)
    space.full_clean()
    space.save()
    space.moderators.set(moderators)
    return space


@transaction.atomic
def watched_word_add(*, language: str, word: str, action: str) -> WatchedWord:
    watched_word_check(language=language, word=word)
    item = WatchedWord(language=language, word=word.strip(), action=action)
    item.full_clean()
    item.save()
    return item


def watch_set(
    *, user: Any, space: Space | None = None, thread: Thread | None = None, frequency: str = "daily"
) -> Watch:
    if not user.is_authenticated:
        raise PermissionDenied
    watch, _created = Watch.objects.update_or_create(
        user=user, space=space, thread=thread, defaults={"frequency": frequency}
    )
    return watch


def watch_remove(*, user: Any, space: Space | None = None, thread: Thread | None = None) -> None:
    Watch.objects.filter(user=user, space=space, thread=thread).delete()


def watches_remove_for(*, user_id: int, frequency: str) -> int:
    deleted, _detail = Watch.objects.filter(user_id=user_id, frequency=frequency).delete()
    return deleted


def thread_read_mark(*, user: Any, thread: Thread, last_post_id: int) -> None:
    if not user.is_authenticated:
        return
    read, created = ThreadRead.objects.get_or_create(
        user=user, thread=thread, defaults={"last_post_id": last_post_id}
    )
    if not created and read.last_post_id < last_post_id:
        ThreadRead.objects.filter(pk=read.pk).update(last_post_id=last_post_id)


def watch_digest_sent(*, watch_ids: list[int], at: Any) -> None:
    Watch.objects.filter(pk__in=watch_ids).update(last_sent_at=at)
