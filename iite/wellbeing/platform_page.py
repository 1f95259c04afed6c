"""The assistant on the Learning Platform on Health and Well-being's page.

Learning sits below this app in the layers, so the platform page does not import it: it
renders the page sections registered for "learning.platform" (`iite.core.registry`),
and this one answers only for the platform whose Activity carries the Health and
Well-being initiative. The section is a form that posts to the assistant (no JavaScript
needed) and a link to the full assistant page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from .models import LANGUAGES
from .reporting import is_platform_activity
from .services import language_clean

TEMPLATE = "wellbeing/_platform_assistant.html"


def platform_assistant(platform: Any) -> dict[str, Any] | None:
    """The section's data on the health platform's page; None on any other platform."""
    if not is_platform_activity(platform.activity_id):
        return None
    return {"languages": LANGUAGES, "language": language_clean(get_language())}
