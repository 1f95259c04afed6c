"""Who may do what with the well-being assistant, in one place.

Young people need no account and none is used. Counsellors (the Counsellor staff role,
permission wellbeing.counsel_conversation) see the queue, claim, reply, write notes and
close; a conversation claimed by one counsellor is answered by that counsellor only.
Content editors write answers; a clinical reviewer (wellbeing.review_answer) approves
them and never approves an answer they wrote.
"""

from __future__ import annotations

from typing import Any

from .models import Answer

COUNSEL = "wellbeing.counsel_conversation"
REVIEW = "wellbeing.review_answer"
STATISTICS = "wellbeing.view_usagecount"


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_counsel(user: Any) -> bool:
    return _signed_in(user) and user.has_perm(COUNSEL)


def can_view_statistics(user: Any) -> bool:
    return _signed_in(user) and (user.has_perm(STATISTICS) or user.has_perm(COUNSEL))


def can_review_answer(user: Any, answer: Answer) -> bool:
    author = answer.author.strip().casefold()
    own = (
        bool(author) and author in {(user.name or "").strip().casefold(), user.email.casefold()}
        if _signed_in(user)
        else False
    )
    return _signed_in(user) and user.has_perm(REVIEW) and not own
