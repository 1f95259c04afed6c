from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from .registry import visible_nav


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    language = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "nav_items": visible_nav(user, "main") if user is not None else [],
        "more_nav_items": visible_nav(user, "more") if user is not None else [],
        "staff_nav_items": visible_nav(user, "staff") if user is not None else [],
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "language_code": language,
        "ui_languages": [
            (code, translation.get_language_info(code)["name_local"])
            for code in settings.LANGUAGE_CODES
        ],
    }
