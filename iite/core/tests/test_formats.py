"""Dates, times, numbers, lists and durations follow each language's CLDR data."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format

from iite.core import formats

MOMENT = datetime.datetime(2026, 12, 21, 14, 0, tzinfo=datetime.UTC)


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load platform %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "21 ديسمبر 2026"),
        ("ru", "21 декабря 2026\u202fг."),
        ("fr", "21 décembre 2026"),
        ("es", "21 de diciembre de 2026"),
        ("zh-hans", "2026年12月21日"),
        ("en", "December 21, 2026"),
    ],
)
def test_a_date_reads_in_the_languages_own_order(language, text):
    """Day, month and year in each language's order: never "ديسمبر 21, 2026" in Arabic."""
    assert render("{{ d|date_long }}", language, d=MOMENT.date()) == text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ar", "21 ديسمبر 2026، 2:00 م"),
        ("ru", "21 декабря 2026\u202fг., 14:00"),
        ("fr", "21 décembre 2026, 14:00"),
        ("zh-hans", "2026年12月21日 14:00"),
    ],
)
def test_a_moment_joins_date_and_time_with_the_languages_pattern(language, text):
    """Arabic joins with its own comma and a 12-hour clock; Chinese with a space."""
    with timezone.override(datetime.UTC):
        assert render("{{ d|datetime_long }}", language, d=MOMENT) == text


def test_a_moment_is_shown_in_the_active_zone_across_a_dst_change():
    """The same UTC hour reads one hour apart in Paris before and after the clocks go back."""
    before = datetime.datetime(2026, 10, 24, 12, 0, tzinfo=datetime.UTC)  # CEST, UTC+2
    after = datetime.datetime(2026, 10, 26, 12, 0, tzinfo=datetime.UTC)  # CET, UTC+1
    with timezone.override(ZoneInfo("Europe/Paris")):
        shown = render("{{ a|time_short }} {{ b|time_short }}", "fr", a=before, b=after)
    assert shown == "14:00 13:00"
    with timezone.override(ZoneInfo("Europe/Paris")):
        late = render(
            "{{ d|date_long }}", "fr", d=datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)
        )
    assert late == "29 mars 2026"  # 00:30 the next day in Paris (UTC+1 that night)


def test_the_weekday_date_of_a_programme_day():
    """A day's heading names the weekday in the language's order and punctuation."""
    assert render("{{ d|date_full }}", "ar", d=MOMENT.date()) == "الاثنين، 21 ديسمبر 2026"
    assert render("{{ d|date_full }}", "zh-hans", d=MOMENT.date()) == "2026年12月21日星期一"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "1\u202f234\u202f567,5"),
        ("ru", "1\xa0234\xa0567,5"),
        ("es", "1.234.567,5"),
        ("ar", "1,234,567.5"),
        ("zh-hans", "1,234,567.5"),
    ],
)
def test_numbers_use_the_languages_separators(language, text):
    assert render("{{ n|number }}", language, n=Decimal("1234567.5")) == text


def test_a_number_rounded_to_whole_units():
    assert render("{{ n|number:0 }}", "fr", n=Decimal("1234.6")) == "1\u202f235"


# CLDR's minimum grouping digits: Spanish groups from five integer digits, the other
# languages from four. (Django's French groups with a no-break space, CLDR's with a narrow
# one; both read as French.)
GROUPING = [
    ("es", "1234", "12.345", "-1234,50", "9999"),
    ("fr", "1\u202f234", "12\u202f345", "-1\u202f234,50", "9\u202f999"),
    ("ru", "1\xa0234", "12\xa0345", "-1\xa0234,50", "9\xa0999"),
    ("ar", "1,234", "12,345", "-1,234.50", "9,999"),
    ("zh-hans", "1,234", "12,345", "-1,234.50", "9,999"),
    ("en", "1,234", "12,345", "-1,234.50", "9,999"),
]


@pytest.mark.parametrize(("language", "four", "five", "negative", "rounded"), GROUPING)
def test_numbers_are_grouped_from_the_languages_minimum_digits(
    language, four, five, negative, rounded
):
    """1234 and 12345 through the platform's filter: "1234" but "12.345" in Spanish."""
    source = "{{ a|number }}|{{ b|number }}|{{ c|number:2 }}|{{ d|number:0 }}"
    assert render(source, language, a=1234, b=12345, c=Decimal("-1234.5"), d=9999.4) == "|".join(
        [four, five, negative, rounded]
    )
    assert formats.number_text(1234567, language="es") == "1.234.567"


@pytest.mark.parametrize(("language", "four", "five", "negative", "rounded"), GROUPING)
def test_djangos_number_filters_follow_the_minimum_grouping_digits(
    language, four, five, negative, rounded
):
    """intcomma and floatformat "g" in templates group as CLDR says, Spanish included;
    rounding that reaches five digits groups (9999.6 -> "10.000")."""
    source = (
        "{% load humanize %}{{ a|intcomma }}|{{ b|intcomma }}|{{ c|floatformat:'2g' }}|"
        "{{ d|floatformat:'0g' }}|{{ e|floatformat:'0g' }}"
    )
    text = render(source, language, a=1234, b=12345, c=Decimal("-1234.5"), d=9999.4, e=9999.6)
    expected = [four, five, negative, rounded, formats.number_text(10000, language=language)]
    assert text.replace("\xa0", "\u202f") == "|".join(expected).replace("\xa0", "\u202f")
    assert formats.number_text(10000, language="es") == "10.000"


def test_minimum_grouping_is_installed_once():
    """CoreConfig.ready wraps Django's number formatting once; installing again is a no-op."""
    from django.utils import numberformat

    wrapped = numberformat.format
    assert getattr(wrapped, "minimum_grouping", False)
    formats.number_grouping_install()
    assert numberformat.format is wrapped


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        # Arabic's six plural categories: zero, one, two, few (3-10), many (11-99), other.
        (
            "ar",
            {
                0: "0 دقيقة",
                1: "دقيقة",
                2: "دقيقتان",
                5: "5 دقائق",
                11: "11 دقيقة",
                100: "100 دقيقة",
            },
        ),
        # Russian's three: one, few, many.
        ("ru", {1: "1 минута", 2: "2 минуты", 5: "5 минут", 21: "21 минута", 22: "22 минуты"}),
        ("fr", {1: "1 minute", 2: "2 minutes", 0: "0 minute"}),
        ("zh-hans", {1: "1分钟", 5: "5分钟"}),
    ],
)
def test_minutes_take_the_plural_form_of_their_number(language, expected):
    """No "5 دقيقة" nor "2 ساعات": each count takes its own form."""
    for n, text in expected.items():
        assert render('{{ n|duration:"minute" }}', language, n=n) == text


@pytest.mark.parametrize(
    ("language", "hours", "text"),
    [
        ("ar", Decimal("2"), "ساعتان"),
        ("ar", Decimal("3"), "3 ساعات"),
        ("ar", Decimal("12"), "12 ساعة"),
        ("ar", Decimal("1.5"), "1.5 ساعة"),
        ("ru", Decimal("2.5"), "2,5 часа"),
        ("ru", Decimal("5.0"), "5 часов"),
        ("fr", Decimal("1.5"), "1,5\xa0heure"),
        ("en", Decimal("1"), "1 hour"),
    ],
)
def test_hours_with_fractions_take_cldrs_form(language, hours, text):
    """A course's estimated hours (a decimal) in the form CLDR gives fractions too."""
    assert render('{{ n|duration:"hour" }}', language, n=hours) == text


@pytest.mark.parametrize(
    ("language", "separator"), [("ar", "، "), ("zh-hans", "、"), ("fr", ", "), ("ru", ", ")]
)
def test_list_items_are_separated_by_the_languages_comma(language, separator):
    assert render("a{% list_sep %}b", language) == f"a{separator}b"


def test_a_running_list_joins_with_the_languages_conjunction():
    with translation.override("ar"):
        assert formats.list_text(["أ", "ب", "ج"]) == "أ وب وج"
    with translation.override("zh-hans"):
        assert formats.list_text(["甲", "乙", "丙"]) == "甲、乙和丙"
    with translation.override("fr"):
        assert formats.list_text(["a", "b", "c"]) == "a, b et c"


@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr", "es"])
def test_djangos_named_formats_agree_with_cldr(language):
    """Templates using Django's named formats (and floatformat "g") give CLDR's text: the
    Arabic, Chinese and Spanish corrections in iite/core/locale_formats are the ones read."""
    value = Decimal("1234567.5")
    with translation.override(language), timezone.override(datetime.UTC):
        assert date_format(MOMENT.date(), "DATE_FORMAT") == formats.date_text(MOMENT.date())
        assert number_format(value, force_grouping=True).replace("\xa0", "\u202f") == (
            formats.number_text(value)
        )


def test_arabic_moments_no_longer_fall_back_to_the_english_pattern():
    """Django has no Arabic DATETIME_FORMAT; ours is CLDR's, so no "ديسمبر 21, 2026, 2 م"."""
    with translation.override("ar"), timezone.override(datetime.UTC):
        assert date_format(MOMENT, "DATETIME_FORMAT") == "21 ديسمبر 2026، 2:00 م"
        assert date_format(MOMENT, "DATETIME_FORMAT") == formats.datetime_text(MOMENT)


def test_isolate_wraps_plain_text_in_first_strong_isolate_marks():
    assert formats.isolate("Huawei ICT, 10:00") == "\u2068Huawei ICT, 10:00\u2069"
    assert formats.isolate("") == ""


@pytest.mark.parametrize(
    ("language", "name"),
    [("en", "French"), ("ar", "الفرنسية"), ("ru", "Французский"), ("zh-hans", "法语")],
)
def test_a_language_code_shows_as_its_name_in_the_readers_language(language, name):
    """Staff pages say "الفرنسية", not "fr"."""
    assert render("{{ code|language_name }}", language, code="fr") == name


def test_a_joined_list_escapes_each_item_and_uses_the_languages_separator():
    assert render("{{ items|join_list }}", "ar", items=["<b>", "x"]) == "&lt;b&gt;، x"
    assert render("{{ items|join_list }}", "zh-hans", items=["甲", "乙"]) == "甲、乙"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Figures\xa0: 12"),
        ("zh-hans", "Figures：12"),
        ("ar", "Figures: 12"),
        ("en", "Figures: 12"),
    ],
)
def test_a_label_is_followed_by_the_languages_colon(language, text):
    """French spaces its colon, Chinese writes a full-width one: never a bare Latin ":"."""
    assert render("Figures{% colon %}12", language) == text
