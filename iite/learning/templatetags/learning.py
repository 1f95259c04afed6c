from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from iite.core.i18n import TranslatedText

from ..sanitise import sanitise_html

register = template.Library()


def as_text(value: Any, original: str | None = None) -> TranslatedText:
    """Any translated value (TranslatedText, dict or str) as TranslatedText."""
    if isinstance(value, TranslatedText):
        return value
    if isinstance(value, dict):
        return TranslatedText(value, original)
    return TranslatedText({"en": str(value)} if value else {}, original)


@register.filter
def clean_html(value: Any) -> SafeString:
    """Rich text from another domain, sanitised before it is shown."""
    text = as_text(value).resolve() if isinstance(value, dict) else str(value or "")
    return mark_safe(sanitise_html(text))


@register.filter
def tr(value: Any) -> TranslatedText:
    """A translated field of another domain's record, shown in the reader's language."""
    return as_text(value)
