from __future__ import annotations

from typing import Any

from django import template

from iite.core.i18n import TranslatedText
from iite.credentials import documents
from iite.credentials.services import translated as _translated

register = template.Library()


@register.filter
def translated(instance: Any, field: str) -> TranslatedText:
    """A translatable field as TranslatedText, so it renders in the reader's language."""
    return _translated(instance, field)


@register.simple_tag
def issuer_name() -> str:
    """The institute's official name in the reader's language."""
    return documents.issuer_name()
