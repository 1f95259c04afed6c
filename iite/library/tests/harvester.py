"""Sickle, the independent OAI-PMH harvester the tests harvest our endpoint with.

Sickle 0.7 has regular expressions with invalid escapes, which Python warns of when it
compiles them; warnings are errors in the test run, and the harvester is not ours, so it
is imported here once with those warnings silenced.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", SyntaxWarning)
    from sickle import Sickle
    from sickle.oaiexceptions import (
        BadArgument,
        BadResumptionToken,
        CannotDisseminateFormat,
        IdDoesNotExist,
        NoRecordsMatch,
    )

__all__ = [
    "BadArgument",
    "BadResumptionToken",
    "CannotDisseminateFormat",
    "IdDoesNotExist",
    "NoRecordsMatch",
    "Sickle",
]
