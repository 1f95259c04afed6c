"""Who may do what in the library, in one place.

Content editors write drafts and send them to review; reviewers read everything and
return drafts or publish; programme officers and administrators do both and withdraw.
Readers see published publications only.
"""

from __future__ import annotations

from typing import Any

from .models import Publication, PublicationStatus

_EDIT = [
    "library.add_publication",
    "library.change_publication",
    "library.view_publication",
    "library.add_publicationfile",
    "library.change_publicationfile",
    "library.delete_publicationfile",
    "library.add_contributor",
    "library.change_contributor",
    "library.delete_contributor",
]

ROLE_PERMISSIONS = {
    "Content editor": _EDIT,
    "Reviewer/Judge": [
        "library.view_publication",
        "library.change_publication",
        "library.publish_publication",
    ],
    "Programme officer": [*_EDIT, "library.publish_publication", "library.add_theme"],
    "Administrator": [
        *_EDIT,
        "library.publish_publication",
        "library.delete_publication",
        "library.add_theme",
        "library.change_theme",
        "library.delete_theme",
    ],
}


def can_manage(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("library.change_publication"))


def can_edit(user: Any, publication: Publication) -> bool:
    """Editors change drafts and items in review; a published item is changed by a publisher."""
    if not can_manage(user):
        return False
    if publication.status in (PublicationStatus.DRAFT, PublicationStatus.REVIEW):
        return user.has_perm("library.add_publication") or user.has_perm(
            "library.publish_publication"
        )
    return bool(user.has_perm("library.publish_publication"))


def can_set_status(user: Any, publication: Publication, status: str) -> bool:
    """Sending to review and back is editing; publishing and withdrawing need the right."""
    if not can_manage(user):
        return False
    if status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN):
        return bool(user.has_perm("library.publish_publication"))
    return can_edit(user, publication)


def can_see(user: Any, publication: Publication) -> bool:
    return publication.status == PublicationStatus.PUBLISHED or can_manage(user)


# --- News (views_news) ----------------------------------------------------------------
_NEWS_EDIT = ["library.add_newsitem", "library.change_newsitem", "library.view_newsitem"]
ROLE_PERMISSIONS["Content editor"] += _NEWS_EDIT
ROLE_PERMISSIONS["Reviewer/Judge"] += ["library.view_newsitem", "library.change_newsitem"]
ROLE_PERMISSIONS["Reviewer/Judge"] += ["library.publish_newsitem"]
ROLE_PERMISSIONS["Programme officer"] += [*_NEWS_EDIT, "library.publish_newsitem"]
ROLE_PERMISSIONS["Administrator"] += [
    *_NEWS_EDIT,
    "library.publish_newsitem",
    "library.delete_newsitem",
]


def can_manage_news(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm("library.change_newsitem"))


def can_publish_news(user: Any) -> bool:
    return bool(can_manage_news(user) and user.has_perm("library.publish_newsitem"))
