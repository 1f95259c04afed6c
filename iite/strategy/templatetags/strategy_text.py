"""`{{ item|tr:"title" }}`: a translatable field as TranslatedText, whatever the descriptor gives.

The core descriptor is a non-data descriptor, so a model instance's own __dict__ holds
the plain dict Django loaded and `{{ item.title }}` would print the dict. Wrapping it
here with the record's `original_language` gives the active language with fallback;
`|lang_of` then works on the result.
"""

from __future__ import annotations

from typing import Any

from django import template

from iite.core.i18n import TranslatedText

register = template.Library()


def translated(instance: Any, field: str) -> TranslatedText:
    value = getattr(instance, field, None)
    original = getattr(instance, "original_language", None)
    if isinstance(value, TranslatedText):
        value.original = original
        return value
    return TranslatedText(value if isinstance(value, dict) else {}, original)


@register.filter(name="tr")
def tr(instance: Any, field: str) -> TranslatedText:
    return translated(instance, field)
