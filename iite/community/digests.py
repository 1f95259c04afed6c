"""E-mail digests of new posts in the spaces and threads a member watches.

Each member gets one e-mail per frequency (daily or weekly) listing the visible posts by
others since their last digest, in their language, with a link that unsubscribes without
signing in (and the List-Unsubscribe headers mail programs show as a button, RFC 8058).
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from iite.accounts.mail import person_language
from iite.accounts.models import User

from .models import Post, PostStatus, Watch
from .permissions import can_read
from .services import watch_digest_sent

SALT = "community-unsubscribe"
MAX_POSTS = 50


def unsubscribe_token(user_id: int, frequency: str) -> str:
    return signing.dumps({"u": user_id, "f": frequency}, salt=SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    return int(data["u"]), str(data["f"])


def _posts_for(user: User, watches: list[Watch]) -> list[Post]:
    since = min(watch.last_sent_at for watch in watches)
    spaces = [w.space_id for w in watches if w.space_id]
    threads = [w.thread_id for w in watches if w.thread_id]
    posts = (
        Post.objects.filter(status=PostStatus.VISIBLE, created_at__gt=since)
        .filter(Q(thread__space__in=spaces) | Q(thread__in=threads))
        .exclude(author=user)
        .select_related("thread__space", "author")
        .order_by("thread__space", "thread", "created_at")
    )
    after = {w.space_id or w.thread_id: w.last_sent_at for w in watches}
    shown = []
    for post in posts[: MAX_POSTS * 4]:
        cut = after.get(post.thread.space_id) or after.get(post.thread_id)
        if cut is not None and post.created_at <= cut:
            continue
        if can_read(user, post.thread.space):
            shown.append(post)
    return shown[:MAX_POSTS]


def digest_send(user: User, frequency: str, watches: list[Watch]) -> bool:
    posts = _posts_for(user, watches)
    now = timezone.now()
    watch_digest_sent(watch_ids=[w.pk for w in watches], at=now)
    if not posts or not user.email or not user.is_active:
        return False
    token = unsubscribe_token(user.pk, frequency)
    with translation.override(person_language(user)):
        unsubscribe = settings.SITE_URL.rstrip("/") + reverse("community:unsubscribe", args=[token])
        context = {
            "user": user,
            "posts": posts,
            "site_url": settings.SITE_URL.rstrip("/"),
            "unsubscribe_url": unsubscribe,
            "frequency": frequency,
        }
        subject = render_to_string("community/email/digest_subject.txt", context).strip()
        body = render_to_string("community/email/digest_body.txt", context)
    message = EmailMessage(
        subject,
        body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    return True


@task()
def digests_send(frequency: str) -> int:
    """Send every member's digest of this frequency; returns how many e-mails went out."""
    watches: dict[int, list[Watch]] = defaultdict(list)
    for watch in Watch.objects.filter(frequency=frequency).order_by("user_id"):
        watches[watch.user_id].append(watch)
    sent = 0
    for user in User.objects.filter(pk__in=list(watches), is_active=True):
        sent += digest_send(user, frequency, watches[user.pk])
    return sent
