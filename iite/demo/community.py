"""Demo community spaces (data/community.toml), written through the community services."""

from __future__ import annotations

from iite.community.models import Space, WatchedWord
from iite.community.services import (
    post_approve,
    post_flag,
    reply,
    space_create,
    thread_mark_answer,
    thread_start,
    watched_word_add,
)
from iite.learning.selectors import platform_public

from .datafiles import people_ensure, read


def load() -> str:
    data = read("community")
    people = {user.email: user for user in people_ensure(list(data["people"]))}
    created = 0
    for spec in data["spaces"]:
        if Space.objects.filter(slug=spec["slug"]).exists():
            continue
        platform = platform_public(spec["platform"]) if spec.get("platform") else None
        space_create(
            slug=spec["slug"],
            title=spec["title"],
            description=spec["description"],
            kind=spec["kind"],
            visibility=spec.get("visibility", "public"),
            youth=spec.get("youth", False),
            languages=spec["languages"],
            platform=platform,
            network=spec.get("network", ""),
            moderators=[people[spec["moderator"]]],
        )
        created += 1
    for word in data["watched_words"]:
        if not WatchedWord.objects.filter(language=word["language"], word=word["word"]).exists():
            watched_word_add(**word)
    if not created:
        return "0 community spaces"
    spaces = {space.slug: space for space in Space.objects.prefetch_related("moderators")}
    for spec in data["threads"]:
        space = spaces[spec["space"]]
        moderator = space.moderators.first()
        first = thread_start(
            space=space,
            author=people[spec["author"]],
            title=spec["title"],
            text=spec["text"],
            language=spec["language"],
            resource_url=spec.get("resource_url", ""),
            resource_licence=spec.get("resource_licence", ""),
        )
        if first.status != "visible":
            post_approve(post=first, moderator=moderator)
        for item in spec.get("replies", []):
            post = reply(thread=first.thread, author=people[item["author"]], text=item["text"])
            if item.get("pending"):
                continue
            if post.status != "visible":
                post_approve(post=post, moderator=moderator)
            if item.get("answer"):
                thread_mark_answer(thread=post.thread, post=post, user=moderator)
            if item.get("flagged_by"):
                post_flag(post=post, user=people[item["flagged_by"]], reason=item["flag_reason"])
    return f"{created} community spaces"
