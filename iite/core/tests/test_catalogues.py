"""Every UI catalogue is complete: no empty or fuzzy translation, every plural form filled."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    path
    for path in [
        *ROOT.glob("locale/*/LC_MESSAGES/django.po"),
        *ROOT.glob("iite/*/locale/*/LC_MESSAGES/django.po"),
    ]
)


def _text(lines: list[str]) -> str:
    return "".join(ast.literal_eval(line) for line in lines)


def _entries(path: Path) -> list[tuple[str, list[str], bool]]:
    """(msgid, msgstr forms, fuzzy) for each entry of a .po file, the header left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fuzzy = False
        current: list[str] | None = None
        msgid: list[str] = []
        forms: dict[int, list[str]] = {}
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid "):
                current = msgid = [line[6:]]
            elif line.startswith("msgid_plural "):
                current = [line[13:]]
            elif match := re.match(r"msgstr(?:\[(\d+)\])? (.*)", line):
                current = forms.setdefault(int(match.group(1) or 0), [])
                current.append(match.group(2))
            elif line.startswith('"') and current is not None:
                current.append(line)
        if msgid and _text(msgid):
            entries.append((_text(msgid), [_text(forms[k]) for k in sorted(forms)], fuzzy))
    return entries


def _plural_count(path: Path) -> int:
    match = re.search(r"nplurals=(\d+)", path.read_text(encoding="utf-8"))
    assert match, path
    return int(match.group(1))


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_has_no_empty_or_fuzzy_translation(path: Path):
    """A reader of this language never meets an English string the catalogue left empty or fuzzy."""
    plurals = _plural_count(path)
    problems = [
        msgid
        for msgid, forms, fuzzy in _entries(path)
        if fuzzy or not forms or any(not form for form in forms) or len(forms) not in (1, plurals)
    ]
    assert problems == []


def test_every_ui_language_has_catalogues():
    """Each UI language other than English has a project catalogue."""
    codes = {path.parts[-3] for path in CATALOGUES}
    assert {"fr", "es", "ar", "ru", "zh_Hans"} <= codes


def test_the_check_sees_fuzzy_and_missing_plural_forms(tmp_path: Path):
    """A fuzzy entry and an empty Arabic plural form are both found."""
    path = tmp_path / "django.po"
    path.write_text(
        'msgid ""\nmsgstr "Plural-Forms: nplurals=6; plural=n==0 ? 0 : 1;\\n"\n\n'
        '#, fuzzy\nmsgid "Issue credentials"\nmsgstr "Mes titres"\n\n'
        'msgid "%(count)s person"\nmsgid_plural "%(count)s people"\n'
        'msgstr[0] "a"\nmsgstr[1] "b"\nmsgstr[2] "c"\nmsgstr[3] ""\nmsgstr[4] "e"\nmsgstr[5] "f"\n\n'
        'msgid "Name"\nmsgstr "الاسم"\n',
        encoding="utf-8",
    )
    entries = {msgid: (forms, fuzzy) for msgid, forms, fuzzy in _entries(path)}
    assert entries["Issue credentials"] == (["Mes titres"], True)
    assert entries["%(count)s person"][0][3] == ""
    assert entries["Name"] == (["الاسم"], False)
    assert _plural_count(path) == 6
