"""Who may do what with the well-being assistant, in one place.

Young people need no account and none is used. Counsellors (the Counsellor staff role,
permission wellbeing.counsel_conversation) see the queue, claim, reply, write notes and
close; a conversation claimed by one counsellor is answered by that counsellor only.
Content editors write answers; a clinical reviewer (wellbeing.review_answer) approves
them and never approves an answer they wrote. Staff with the helpline permissions keep
the helplines table and mark a number checked.
"""

from __future__ import annotations

from typing import Any

from .models import Answer

COUNSEL = "wellbeing.counsel_conversation"
REVIEW = "wellbeing.review_answer"
STATISTICS = "wellbeing.view_usagecount"
VIEW_ANSWERS = "wellbeing.view_answer"
ADD_ANSWER = "wellbeing.add_answer"
CHANGE_ANSWER = "wellbeing.change_answer"
VIEW_HELPLINES = "wellbeing.view_helpline"
ADD_HELPLINE = "wellbeing.add_helpline"
CHANGE_HELPLINE = "wellbeing.change_helpline"


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


def can_view_answers(user: Any) -> bool:
    return _signed_in(user) and (user.has_perm(VIEW_ANSWERS) or user.has_perm(REVIEW))


def can_edit_answers(user: Any, *, create: bool = False) -> bool:
    return _signed_in(user) and user.has_perm(ADD_ANSWER if create else CHANGE_ANSWER)


def can_review_answers(user: Any) -> bool:
    """May approve answers in general (never their own: see can_review_answer)."""
    return _signed_in(user) and user.has_perm(REVIEW)


def can_view_helplines(user: Any) -> bool:
    return _signed_in(user) and user.has_perm(VIEW_HELPLINES)


def can_edit_helplines(user: Any, *, create: bool = False) -> bool:
    return _signed_in(user) and user.has_perm(ADD_HELPLINE if create else CHANGE_HELPLINE)


def can_record_usage(user: Any) -> bool:
    """May record the assistant's monthly use on its Activity (a programme record)."""
    return can_view_statistics(user) and user.has_perm("programme.add_aggregateparticipation")
