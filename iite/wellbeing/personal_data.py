"""What the well-being assistant holds about a person with an account: only a counsellor's work.

Young people have no account here, so nothing of theirs is linked to one. A counsellor's
claims and notes point at their account; the export says how many there are (the notes
themselves are about young people and stay with the conversations), and deleting the
account leaves the conversations with no counsellor named (SET_NULL).
"""

from __future__ import annotations

from typing import Any

from .models import Conversation, Note


def export_counsellor_data(user: Any) -> dict[str, Any]:
    return {
        "conversations_claimed": Conversation.objects.filter(claimed_by=user).count(),
        "notes_written": Note.objects.filter(author=user).count(),
    }
