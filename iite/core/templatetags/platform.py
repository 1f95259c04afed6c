from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from iite.core.actions import action_labels
from iite.core.i18n import TranslatedText, pending_review_shown

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
    """The language a TranslatedText is shown in, for a lang="" attribute.

    Templates write ``lang="{{ text|lang_of }}"``. When the text is a fallback written
    in the other direction than the page (English on an Arabic page), the value closes
    the attribute and adds ``dir``: ``lang="en" dir="ltr"``, so the bidi algorithm keeps
    its punctuation in place. Both parts are language codes and directions of our own,
    never user input, so marking them safe is sound.
    """
    if isinstance(value, TranslatedText):
        code, direction = value.lang_attributes()
        if direction:
            return format_html('{}" dir="{}', code, direction)
        return code
    return translation.get_language() or ""


@register.simple_tag
def translation_review_note() -> SafeString | str:
    """A discreet footer line when the page showed a translation pending review.

    Put it after the page's content (the footer): the mark is set while the content renders.
    """
    if not pending_review_shown():
        return ""
    return format_html(
        '<p class="translation-note">{}</p>',
        _("Translation by the platform, pending review by the institute."),
    )


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


@register.filter
def audit_action(entry: Any) -> Any:
    """What a change-history entry did: the workflow's name, else create/update/delete."""
    data = entry.additional_data
    name = data.get("action") if isinstance(data, dict) else None
    if name in action_labels:
        return action_labels[name]
    return entry.get_action_display()


# CLDR's list patterns (the middle separator of the "standard" list) for the six UN
# languages: Arabic writes "، ", Chinese "、"; the others a Latin comma.
LIST_SEPARATORS = {"ar": "، ", "zh": "、"}


@register.simple_tag
def list_sep() -> str:
    """The separator between items of a list in the active language: `a{% list_sep %}b`."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return LIST_SEPARATORS.get(language, ", ")
