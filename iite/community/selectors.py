"""Reading the community: spaces a person may read, threads, posts, the moderation queue."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext

from .models import Flag, Post, PostStatus, Space, Thread, ThreadRead, Visibility
from .permissions import can_moderate, can_read, is_minor


def spaces_for(user: Any) -> list[Space]:
    spaces = (
        Space.objects.filter(archived_at__isnull=True)
        .select_related("platform", "course")
        .prefetch_related("moderators")
    )
    adult = user.is_authenticated and not is_minor(user)
    return [
        space
        for space in spaces
        if can_read(user, space)
        or (adult and space.visibility == Visibility.MEMBERS and not space.youth)
    ]


def space_by_slug(slug: str) -> Space | None:
    return Space.objects.select_related("platform", "course").filter(slug=slug).first()


def _shown(user: Any, space: Space) -> Q:
    """Posts a reader sees: the visible ones, their own pending ones; moderators see all."""
    if can_moderate(user, space):
        return Q()
    shown = Q(status=PostStatus.VISIBLE)
    if user.is_authenticated:
        shown |= Q(author=user, status=PostStatus.PENDING)
    return shown


def threads_of(space: Space, user: Any, *, query: str = "") -> QuerySet[Thread]:
    posts = Post.objects.filter(_shown(user, space), thread__space=space)
    threads = Thread.objects.filter(space=space, pk__in=posts.values("thread_id"))
    if query:
        matching = Post.objects.filter(
            thread__space=space, status=PostStatus.VISIBLE, text__icontains=query
        ).values("thread_id")
        threads = threads.filter(Q(title__icontains=query) | Q(pk__in=matching))
    return threads.annotate(
        replies=Count("posts", filter=Q(posts__status=PostStatus.VISIBLE))
    ).order_by("-last_activity_at")


def posts_of(thread: Thread, user: Any) -> QuerySet[Post]:
    return (
        Post.objects.filter(_shown(user, thread.space), thread=thread)
        .select_related("author", "reply_to__author")
        .prefetch_related("attachments")
        .annotate(
            thanks=Count("reactions", filter=Q(reactions__kind="thanks")),
            helpful=Count("reactions", filter=Q(reactions__kind="helpful")),
            same=Count("reactions", filter=Q(reactions__kind="same")),
        )
        .order_by("created_at", "pk")
    )


def queue_for(user: Any) -> QuerySet[Post]:
    """Pending posts and posts with open flags, in the spaces the person moderates."""
    spaces = [space.pk for space in Space.objects.all() if can_moderate(user, space)]
    flagged = Flag.objects.filter(resolved=False).values("post_id")
    return (
        Post.objects.filter(thread__space__in=spaces)
        .filter(Q(status=PostStatus.PENDING) | Q(pk__in=flagged, status=PostStatus.VISIBLE))
        .select_related("thread__space", "author")
        .prefetch_related("flags", "attachments")
        .order_by("created_at")
    )


def display_name(user: Any) -> str:
    """What others see of a member: members under 18 show no profile details."""
    if user is None:
        return gettext("Former member")
    if user.age_band == "under_18":
        return f"#{str(user.person_key)[:6]}"
    return user.name or f"#{str(user.person_key)[:6]}"


def engagement(start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Active members and contributions per platform between two dates (visible posts)."""
    rows = (
        Post.objects.filter(
            status=PostStatus.VISIBLE, created_at__date__gte=start, created_at__date__lte=end
        )
        .values("thread__space__platform")
        .annotate(members=Count("author", distinct=True), contributions=Count("pk"))
    )
    return [dict(row) for row in rows]


def unread_threads(user: Any, threads: list[Thread]) -> set[int]:
    """Threads with a visible post newer than what the member last read there."""
    if not user.is_authenticated or not threads:
        return set()
    latest = dict(
        Post.objects.filter(thread__in=threads, status=PostStatus.VISIBLE)
        .values("thread_id")
        .annotate(last=Max("pk"))
        .values_list("thread_id", "last")
    )
    read = dict(
        ThreadRead.objects.filter(user=user, thread__in=threads).values_list(
            "thread_id", "last_post_id"
        )
    )
    return {pk for pk, last in latest.items() if last > read.get(pk, 0)}
