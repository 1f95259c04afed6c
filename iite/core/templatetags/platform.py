from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse, translate_url
from django.utils import translation

from iite.core.i18n import TranslatedText

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """The current page in each UI language, for the language switcher."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = translation.get_language()
    links = []
    prefix = f"/{current}/"
    for code in settings.LANGUAGE_CODES:
        info = translation.get_language_info(code)
        url = translate_url(path, code)
        if url == path and code != current and path.startswith(prefix):
            # Paths Django cannot resolve (a 404 page) still switch language by prefix.
            url = f"/{code}/{path[len(prefix) :]}"
        links.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": url,
                "current": code == current,
                "bidi": info["bidi"],
            }
        )
    return links


@register.filter
def lang_of(value: Any) -> str:
    """The language a TranslatedText is shown in, for a lang="" attribute."""
    if isinstance(value, TranslatedText):
        return value.language_of() or ""
    return translation.get_language() or ""


@register.filter
def in_language(value: Any, code: str) -> str:
    if isinstance(value, TranslatedText):
        return value.get(code, "")
    return str(value)


@register.simple_tag
def audit_url(instance: Any) -> str:
    content_type = ContentType.objects.get_for_model(instance)
    return reverse("core:audit_history", args=[content_type.pk, instance.pk])


@register.filter
def percent(value: Any, total: Any) -> str:
    try:
        return f"{round(100 * float(value) / float(total))}%"
    except (TypeError, ValueError, ZeroDivisionError):
        return "–"


# CLDR's list patterns (the middle separator of the "standard" list) for the six UN
# languages: Arabic writes "، ", Chinese "、"; the others a Latin comma.
LIST_SEPARATORS = {"ar": "، ", "zh": "、"}


@register.simple_tag
def list_sep() -> str:
    """The separator between items of a list in the active language: `a{% list_sep %}b`."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return LIST_SEPARATORS.get(language, ", ")
