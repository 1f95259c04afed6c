"""One signal for "the records behind the programme's figures changed".

The programme's services (and every write path they own, raw SQL included) call
`records_changed_on_commit(...)` after writing Activity, Participation or the counts
attached to them. The signal is sent once the transaction commits, never for work that
rolls back, so a cache rebuilt in a receiver can only ever see committed rows.

Receivers (the indicators' cache, the anonymous pages built from activities) connect to
`records_changed` in their AppConfig.ready(); nothing else invalidates them.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent with `sender` = the name of the domain that wrote ("programme", "partners", …) and
# `kinds` = a frozenset naming what changed ("activity", "participation", "partner", …).
records_changed = Signal()


def records_changed_on_commit(*, sender: str, kinds: frozenset[str] | set[str]) -> None:
    """Send `records_changed` when the current transaction commits (at once outside one)."""
    frozen = frozenset(kinds)
    transaction.on_commit(lambda: records_changed.send(sender=sender, kinds=frozen), robust=False)
