"""Dates, times, numbers, lists and durations in the reader's language, through CLDR.

One door for every value that is formatted for a person to read: pages, PDFs, e-mails
and calendar text. Babel carries the Unicode CLDR data, so each language gets its own
order, separators and plural forms: "21 ديسمبر 2026" and "21 декабря 2026 г." (not
"ديسمبر 21, 2026"), "1 234 567,5" in French, "a، b و c" in Arabic, "5 دقائق" but
"11 دقيقة". Django's own localized formats do part of this but fall back to English
patterns where a locale lacks one (Arabic has no DATETIME_FORMAT) and know no units.

Templates use the filters of ``core/templatetags/platform.py`` (``date_long``,
``datetime_long``, ``time_short``, ``number``, ``duration``, ``isolate``); Python code
calls these functions. Django's own number formatting (``intcomma``, ``floatformat:"g"``,
``localize``) reads iite/core/locale_formats and, once :func:`number_grouping_install` has
run (CoreConfig.ready), follows CLDR's minimum grouping digits too. Machine formats (ISO
8601 in CSV, JSON, iCalendar properties, file names) stay ISO and do not come here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.lists import format_list
from babel.numbers import format_decimal, get_decimal_symbol
from babel.units import format_unit
from django.utils import numberformat, timezone

from iite.core.i18n import active_language

DateLength = Literal["full", "long", "medium", "short"]
DurationUnit = Literal["minute", "hour", "day", "week"]

FSI = "\u2068"
"""FIRST STRONG ISOLATE: opens a run laid out in its own direction (Unicode bidi, UAX #9)."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: closes the run FSI opened."""


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of a Django language code ("zh-hans" -> zh_Hans); default: the active one."""
    code = language or active_language()
    return Locale.parse(code.replace("-", "_"), sep="_")


def _local(value: datetime.datetime) -> datetime.datetime:
    """An aware moment in the active time zone (a {% timezone %} block's, else the reader's)."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def date_text(
    value: datetime.date | datetime.datetime,
    length: DateLength = "long",
    language: str | None = None,
) -> str:
    """A calendar date: "21 December 2026" style at "long"; a moment's date in the active zone."""
    if isinstance(value, datetime.datetime):
        value = _local(value).date()
    return format_date(value, format=length, locale=babel_locale(language))


def time_text(value: datetime.datetime | datetime.time, language: str | None = None) -> str:
    """A clock time, CLDR's short pattern: "14:00", "2:00 م", "2:00 PM"."""
    if isinstance(value, datetime.datetime):
        value = _local(value).time()
    return format_time(value, format="short", locale=babel_locale(language))


def datetime_text(
    value: datetime.datetime, length: DateLength = "long", language: str | None = None
) -> str:
    """A date and a time joined by the language's own pattern ("{1}، {0}" in Arabic)."""
    locale = babel_locale(language)
    local = _local(value)
    pattern = str(get_datetime_format(length, locale=locale))
    return pattern.replace("{1}", date_text(local, length, language)).replace(
        "{0}", time_text(local, language)
    )


# CLDR's minimumGroupingDigits where it is not 1 (Babel's patterns and Django's
# NUMBER_GROUPING both ignore it): Spanish writes "1234" but "12.345", a group separator
# only once the integer part has 3 + 2 digits. English, French, Arabic, Russian and
# Chinese group from four digits ("1,234", "1 234").
_MINIMUM_GROUPING_DIGITS = {"es": 2}


def minimum_grouping_digits(language: str | None = None) -> int:
    """How many digits the first group needs before a number is grouped (CLDR)."""
    return _MINIMUM_GROUPING_DIGITS.get(babel_locale(language).language, 1)


def _is_grouped(text: str, decimal_symbol: str, primary: int, language: str | None) -> bool:
    """Whether a number written without groups (`text`) is long enough to be grouped."""
    whole = text.split(decimal_symbol)[0] if decimal_symbol else text
    return sum(char.isdigit() for char in whole) >= primary + minimum_grouping_digits(language)


def number_text(
    value: int | float | Decimal | None, digits: int | None = None, language: str | None = None
) -> str:
    """A number with the language's decimal and group separators; `digits` fixes the decimals.

    Grouped as CLDR says, minimum grouping digits included: "1234" and "12.345" in Spanish.
    """
    if value is None:
        return ""
    locale = babel_locale(language)
    pattern = None
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        value = Decimal(str(value))
    plain = format_decimal(value, format=pattern, locale=locale, group_separator=False)
    if not _is_grouped(plain, get_decimal_symbol(locale), 3, language):
        return plain
    return format_decimal(value, format=pattern, locale=locale)


NumberFormat = Callable[..., str]


def _minimum_grouping(format_: NumberFormat) -> NumberFormat:
    """Django's numberformat.format, leaving numbers too short for the active language's
    minimum grouping digits ungrouped."""

    def format_number(
        number: object,
        decimal_sep: str,
        decimal_pos: int | None = None,
        grouping: int | tuple[int, ...] = 0,
        thousand_sep: str = "",
        force_grouping: bool = False,
        use_l10n: bool | None = None,
    ) -> str:
        if grouping and minimum_grouping_digits() > 1:
            plain = format_(number, decimal_sep, decimal_pos, 0, "", force_grouping, use_l10n)
            primary = grouping if isinstance(grouping, int) else next(iter(grouping), 0)
            if not _is_grouped(str(plain), decimal_sep, primary, None):
                return plain
        return format_(
            number, decimal_sep, decimal_pos, grouping, thousand_sep, force_grouping, use_l10n
        )

    format_number.minimum_grouping = True  # type: ignore[attr-defined]
    format_number.__wrapped__ = format_  # type: ignore[attr-defined]
    return format_number


def number_grouping_install() -> None:
    """Make Django's number formatting (intcomma, floatformat "g", localize) apply CLDR's
    minimum grouping digits, which its format modules cannot express. Idempotent."""
    if not getattr(numberformat.format, "minimum_grouping", False):
        setattr(numberformat, "format", _minimum_grouping(numberformat.format))  # noqa: B010


def list_text(items: Iterable[object], language: str | None = None) -> str:
    """Items joined as the language joins a list: "a, b and c", "a، b و c", "a、b和c"."""
    return format_list([str(item) for item in items], locale=babel_locale(language))


# Arabic joins every item of a running list with "و" ("and"); between the items of a
# list that is not a sentence (tags, codes, names in a table cell) it writes its comma.
_LIST_COMMAS = {"ar": "، "}


def list_separator(language: str | None = None) -> str:
    """The separator between items of a list that is not a sentence.

    CLDR's middle list pattern where it is punctuation (", ", Chinese "、"); the
    language's own comma where CLDR joins with a word (Arabic "، ", not "و").
    """
    locale = babel_locale(language)
    middle = str(locale.list_patterns["standard"]["middle"]).replace("{0}", "").replace("{1}", "")
    if any(char.isalpha() for char in middle):
        return _LIST_COMMAS.get(locale.language, ", ")
    return middle


def duration_text(
    value: int | float | Decimal, unit: DurationUnit, language: str | None = None
) -> str:
    """An amount of time with its unit in the plural form the number takes in the language.

    CLDR's unit patterns carry every plural category, fractions included: Arabic
    "دقيقة", "دقيقتان", "5 دقائق", "11 دقيقة"; Russian "1 минута", "2 минуты",
    "5 минут", "2,5 часа".
    """
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    return format_unit(value, f"duration-{unit}", length="long", locale=babel_locale(language))


# The colon after a label, with the spacing of the language's typography: French puts a
# no-break space before it, Chinese writes a full-width colon that carries its own space.
_COLONS = {"fr": "\u00a0: ", "zh": "："}


def label_colon(language: str | None = None) -> str:
    """What follows a label before its value: ": ", French "\u00a0: ", Chinese "："."""
    return _COLONS.get(babel_locale(language).language, ": ")


def isolate(text: object) -> str:
    """Plain text kept in its own direction inside a line of the other (FSI ... PDI).

    For plain-text e-mails and other text without markup: a Latin title, a URL or a time
    in an Arabic sentence keeps its punctuation and its place.
    """
    value = str(text)
    return f"{FSI}{value}{PDI}" if value else ""
