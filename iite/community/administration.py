"""Staff writes: spaces, their moderators and members, and the watched words.

Each write is all or nothing and validates like the model (a ValidationError naming the
field); the pages in `views_manage` check who may call them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iite.accounts.models import User

from .models import Space, WatchedWord


def users_by_email(emails: Iterable[str], *, field: str) -> list[User]:
    """Active accounts for these e-mail addresses; a ValidationError on `field` names the
    addresses no account has."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    found = {
        user.email.lower(): user
        for user in User.objects.filter(is_active=True, email__in=list(wanted)[:200])
    }
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(
            {
                field: _("No account has this e-mail address: %(emails)s")
                % {"emails": ", ".join(unknown)}
            }
        )
    return [found[email] for email in sorted(found)]


@transaction.atomic
def space_update(*, space: Space, moderators: Iterable[Any] | None = None, **values: Any) -> Space:
    for name, value in values.items():
        setattr(space, name, value)
    space.full_clean()
    space.save()
    if moderators is not None:
        space.moderators.set(list(moderators))
    return space


@transaction.atomic
def space_archive(*, space: Space, archived: bool) -> Space:
    """Archive (read-only, out of the list) or bring back a space."""
    space.archived_at = timezone.now() if archived else None
    space.save(update_fields=["archived_at"])
    return space


@transaction.atomic
def space_member_add(*, space: Space, email: str) -> User:
    (user,) = users_by_email([email], field="email")
    space.members.add(user)
    return user


@transaction.atomic
def space_member_remove(*, space: Space, user_id: int) -> None:
    space.members.remove(user_id)


def watched_word_check(*, language: str, word: str, item: WatchedWord | None = None) -> None:
    # Compared in Python: SQLite ignores case for ASCII letters only.
    same = WatchedWord.objects.filter(language=language)
    if item is not None:
        same = same.exclude(pk=item.pk)
    wanted = word.strip().casefold()
    if any(other.casefold() == wanted for other in same.values_list("word", flat=True)):
        raise ValidationError(
            {"word": _("This word is already watched in this language: %(word)s") % {"word": word}}
        )


@transaction.atomic
def watched_word_update(*, item: WatchedWord, language: str, word: str, action: str) -> WatchedWord:
    watched_word_check(language=language, word=word, item=item)
    item.language, item.word, item.action = language, word.strip(), action
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def watched_word_remove(*, item: WatchedWord) -> None:
    item.delete()
