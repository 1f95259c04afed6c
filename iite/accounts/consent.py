"""The wording a person agrees to, versioned so each recorded consent names what was shown.

Change the wording only together with a new version: a recorded consent refers to the
version, and the text of every version stays here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .models import ConsentPurpose

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

PROFILE_PROCESSING_VERSION = "2026-11"

CONSENT_TEXTS: dict[tuple[str, str], str | _StrPromise] = {
    (ConsentPurpose.PROFILE_PROCESSING, "2026-11"): _(
        "I agree that UNESCO IITE processes my profile (name, email address, Member State, "
        "sex, age band, role, institution and languages) to run its programme with me and "
        "to report anonymised figures on who it reaches. I can download or delete my data "
        "at any time from my account page."
    ),
}


def consent_text(purpose: str, version: str) -> str:
    """The wording of a purpose's version in the active language ("" if unknown)."""
    text = CONSENT_TEXTS.get((purpose, version))
    return str(text) if text is not None else ""
