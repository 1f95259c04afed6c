"""Scrub what identifies a young person from text before it is stored.

E-mail addresses, phone numbers, web addresses, street addresses, school names and
names introduced as names ("my name is...", "меня зовут...") become placeholders.
Detection runs on the text as typed, in memory; only the scrubbed text is kept. The
rules lean toward removing too much: a counsellor can ask again, a leak cannot be undone.
"""

from __future__ import annotations

import re

_NAME_WORD = r"[^\W\d_][\w'’-]*"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)),
    ("[link]", re.compile(r"\b(https?://|www\.)\S+", re.IGNORECASE)),
    ("[phone]", re.compile(r"(?<!\w)\+?\d[\d\s().-]{5,}\d(?!\w)")),
    # Schools: a school word followed by a number or a name ("school No. 12", "гимназия №5",
    # "Lycée Victor Hugo", "мектеп-гимназия 34").
    (
        "[school]",
        re.compile(
            r"\b(school|high school|academy|college|lyc[ée]e|coll[èe]ge|[ée]cole|colegio|escuela|"
            r"instituto|"
            r"школ[аеуы]?|гимнази[яиюей]|лице[йяюе]|колледж|мектеп\w*|maktab\w*|мактаб\w*|litsey\w*|лицей\w*)"
            r"\s*(№|no\.?|n°|#|number|номер)?\s*(\d+|(?-i:[A-ZÀ-ÖА-ЯЁҚҒҮҰӨҺІЎ]\w+)(\s(?-i:[A-ZÀ-ÖА-ЯЁҚҒҮҰӨҺІЎ]\w+)){0,2})",
            re.IGNORECASE,
        ),
    ),
    (
        "[school]",
        re.compile(
            r"(مدرسة|ثانوية)\s+\S+(\s+\S+)?|[\u4e00-\u9fff]{1,6}(中学|小学|学校)"
            r"|\b\d+(-?\w{1,3})?\s*-?\s*(maktab|мектеп|мактаб|школ|school|гимнази|лице)\w*",
            re.IGNORECASE,
        ),
    ),
    # Street addresses: a street word and a house number, in either order.
    (
        "[address]",
        re.compile(
            r"\b\d+[a-z]?,?\s+("
            + _NAME_WORD
            + r"\s){0,3}(street|st\.|road|rd\.|avenue|ave\.|lane)\b"
            r"|\b(street|rue|calle|avenida|ул\.?|улица|пр\.?|проспект|мкр\.?|микрорайон|көшесі|көчөсү|ko'chasi|кўчаси|شارع)"
            r"\s+(" + _NAME_WORD + r"\s?){0,3},?\s*\d+\w?",
            re.IGNORECASE,
        ),
    ),
    (
        "[name]",
        re.compile(
            r"\b(my name is|i am called|i'm called|je m'appelle|mon nom est|me llamo|mi nombre es|"
            r"меня зовут|моё имя|мое имя|менің атым|менин атым|mening ismim|ismim|менинг исмим|"
            r"исмим)\s+(" + _NAME_WORD + r")(\s+" + _NAME_WORD + r")?",
            re.IGNORECASE,
        ),
    ),
    ("[name]", re.compile(r"(اسمي|أنا اسمي)\s+\S+(\s+\S+)?")),
    ("[name]", re.compile(r"(我叫)[\u4e00-\u9fff]{1,3}")),
]


def scrub(text: str) -> str:
    """The text with identifying details replaced by placeholders such as [phone]."""
    result = text
    for placeholder, pattern in _RULES:
        if placeholder == "[name]":
            result = pattern.sub(_keep_intro, result)
        else:
            result = pattern.sub(placeholder, result)
    return result


def _keep_intro(match: re.Match[str]) -> str:
    intro = match.group(1)
    return f"{intro} [name]"
