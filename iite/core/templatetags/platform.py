from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from iite.core import formats
from iite.core.actions import action_labels
from iite.core.i18n import TranslatedText, pending_review_shown
from iite.core.registry import page_sections_for

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


@register.simple_tag(takes_context=True)
def page_sections(context: dict[str, Any], page: str, record: Any) -> SafeString:
    """The sections higher domains registered for this page (`register_page_section`),
    each rendered from its own template, which escapes what it shows."""
    request = context.get("request")
    return mark_safe(
        "".join(
            render_to_string(template, {"data": data}, request=request)
            for template, data in page_sections_for(page, record)
        )
    )


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


@register.filter
def language_name(code: str) -> str:
    """A language's name in the reader's language ("fr" -> "French", "فرنسية", "французский")."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return str(code)


@register.simple_tag
def colon() -> str:
    """The language's colon after a label: `{% translate "Figures" %}{% colon %}{{ value }}`."""
    return formats.label_colon()


@register.simple_tag
def list_sep() -> str:
    """The separator between items of a list in the active language: `a{% list_sep %}b`."""
    return formats.list_separator()


@register.filter(is_safe=True, needs_autoescape=True)
def join_list(items: Any, autoescape: bool = True) -> str:
    """Items joined with the language's list separator, each escaped: `{{ labels|join_list }}`."""
    escape = conditional_escape if autoescape else str
    return mark_safe(formats.list_separator().join(str(escape(item)) for item in items or []))


# Formats for people to read, through CLDR (iite/core/formats.py). expects_localtime:
# Django hands an aware moment over in the active time zone, as it does to |date.


def _moment_filter(function: Callable[[Any, Any], str], length: str) -> Callable[[Any], str]:
    def apply(value: Any) -> str:
        return function(value, length) if value else ""

    return apply


# date_long "21 ديسمبر 2026", "21 декабря 2026 г."; date_full with the weekday
# "الاثنين، 21 ديسمبر 2026"; date_short for table cells "21/12/2026"; datetime_long
# "21 ديسمبر 2026، 2:00 م"; datetime_short "21/12/2026, 14:00".
for _name, _function, _length in (
    ("date_long", formats.date_text, "long"),
    ("date_full", formats.date_text, "full"),
    ("date_short", formats.date_text, "short"),
    ("datetime_long", formats.datetime_text, "long"),
    ("datetime_short", formats.datetime_text, "short"),
):
    register.filter(_name, _moment_filter(_function, _length), expects_localtime=True)


@register.filter(expects_localtime=True)
def time_short(value: Any) -> str:
    """A clock time: "14:00", "2:00 م"."""
    return formats.time_text(value) if value else ""


@register.filter
def number(value: Any, digits: Any = None) -> str:
    """A number with the language's separators; `number:0` rounds to whole units."""
    if value is None or value == "":
        return ""
    return formats.number_text(value, None if digits is None else int(digits))


@register.filter
def duration(value: Any, unit: str) -> str:
    """An amount of time in the plural form its number takes: `{{ n|duration:"minute" }}`."""
    if value is None or value == "":
        return ""
    return formats.duration_text(value, unit)  # type: ignore[arg-type]


@register.filter
def isolate(value: Any) -> str:
    """Plain text (e-mails) isolated in its own direction: FSI value PDI."""
    return formats.isolate(value)
