"""Harm reported in the community reaches trained people: the well-being counsellors.

A member who flags a post because someone may hurt themselves, is abused, is in danger
or otherwise at risk, and a post in a youth space that the well-being crisis detection
finds alarming, open a referral in the counsellors' queue (`wellbeing.services.
referral_open`) with the post's text and address, once per post; the moderators still
see the post in their queue. The person who reported it, or the young author, is shown
the helplines of their country.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from iite.wellbeing.crisis import assess
from iite.wellbeing.services import HelplineOut, helplines_for, referral_open

from .models import FlagReason, ModerationAction, ModerationLog, Post

# Flag reasons that go to the counsellors, with the crisis category they stand for
# ("" lets the counsellors' crisis detection choose from the text).
HARM_REASONS: dict[str, str] = {
    FlagReason.SELF_HARM: "self_harm",
    FlagReason.ABUSE: "abuse",
    FlagReason.DANGER: "danger",
    FlagReason.HARM: "",
}


def country_code(user: Any) -> str:
    country = getattr(user, "country", None) if user is not None else None
    return country.iso2 if country is not None else ""


def post_refer(*, post: Post, category: str, country: str) -> bool:
    """Open a referral for the post unless one is open already; True when opened.

    The caller holds the transaction, so the referral and what caused it are one write.
    """
    if post.referred_at is not None:
        return False
    thread = post.thread
    referral_open(
        text=f"{thread.title}\n\n{post.text}",
        language=thread.language,
        source_url=f"{thread.get_absolute_url()}#post-{post.pk}",
        category=category,
        country=country,
    )
    post.referred_at = timezone.now()
    post.save(update_fields=["referred_at"])
    ModerationLog.objects.create(
        actor=None, action=ModerationAction.REFER, post=post, subject=post.author
    )
    return True


def flag_refer(*, post: Post, reason: str, reporter: Any) -> bool:
    """A harm flag goes to the counsellors (the author's country, else the reporter's)."""
    if reason not in HARM_REASONS:
        return False
    country = country_code(post.author) or country_code(reporter)
    return post_refer(post=post, category=HARM_REASONS[reason], country=country)


def youth_post_check(post: Post) -> bool:
    """A youth space's post that the crisis detection finds alarming is referred."""
    if not post.thread.space.youth:
        return False
    found = assess(f"{post.thread.title}\n{post.text}")
    if not found.crisis:
        return False
    return post_refer(post=post, category=found.category or "", country=country_code(post.author))


def helplines_of(user: Any) -> list[HelplineOut]:
    """The helplines of the person's country (an international directory without one)."""
    return helplines_for(country_code(user))
