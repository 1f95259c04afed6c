"""Signals the programme domain sends, for higher domains to connect in their apps.py."""

from django.dispatch import Signal

# A person record was erased: domains holding rows about that person (attendance report
# rows) erase theirs. Arguments: email (normalised, may be blank), name_key (the
# normalised name of a person known only by name, else blank).
person_erased = Signal()
