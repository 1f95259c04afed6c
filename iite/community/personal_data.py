"""What the community holds about a person: their posts and files, flags and follows.

On erasure the files a person shared go with the account; their posts stay in the
threads others replied to, shown as by a former member (the author link is cleared when
the account is deleted).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .attachments import attachments_erase
from .models import Attachment, Flag, Post, Watch


def export_member_data(user: Any) -> dict[str, Any]:
    posts = Post.objects.filter(author=user).select_related("thread__space").order_by("pk")
    return {
        "posts": [
            {
                "id": post.pk,
                "space": post.thread.space.slug,
                "thread": post.thread.title,
                "text": post.text,
                "status": post.status,
                "resource_url": post.resource_url,
                "resource_licence": post.resource_licence,
                "created_at": post.created_at.isoformat(),
            }
            for post in posts[:10000]
        ],
        "attachments": [
            {
                "post": item.post_id,
                "name": item.name,
                "content_type": item.content_type,
                "size": item.size,
                "description": item.alt,
                "created_at": item.created_at.isoformat(),
            }
            for item in Attachment.objects.filter(post__author=user).order_by("pk")
        ],
        "flags": [
            {"post": flag.post_id, "reason": flag.reason, "note": flag.note}
            for flag in Flag.objects.filter(user=user).order_by("pk")
        ],
        "watching": [
            {"space": watch.space_id, "thread": watch.thread_id, "frequency": watch.frequency}
            for watch in Watch.objects.filter(user=user).order_by("pk")
        ],
    }


@transaction.atomic
def erase_member_data(user: Any) -> None:
    attachments_erase(user=user)
    Flag.objects.filter(user=user).delete()
    Watch.objects.filter(user=user).delete()
