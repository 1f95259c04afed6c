"""IATI 2.03 activity file: the strategy's key indicators and the public activities.

One programme-level activity (hierarchy 1) carries the seven indicators as results,
with the baseline, yearly targets and actuals computed from the records; each public
activity of the year (hierarchy 2) follows with its countries, sector, partners and a
result giving the people it engaged. Codes come from the IATI codelists:
ActivityStatus, ActivityDateType, ActivityScope, OrganisationRole, OrganisationType,
Sector (vocabulary 1, OECD DAC 5-digit), IndicatorMeasure 1 (unit), ResultType 1
(output), RelatedActivityType 1/2 (parent/child). Countries are ISO 3166-1 alpha-2.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone
from lxml import etree

from iite.programme.models import Activity, ActivityKind, AggregateParticipation, Participation

from . import indicators as ind

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# UNESCO's organisation identifier (OECD DAC multilateral code 41304); IITE reports under it.
ORG_REF = "XM-DAC-41304"
ORG_NAME = "UNESCO Institute for Information Technologies in Education (IITE)"
ORG_TYPE = "40"  # Multilateral
PROGRAMME_ID = f"{ORG_REF}-IITE-MTS-2026-2029"

STATUS_CODES = {"planned": "1", "ongoing": "2", "completed": "4", "cancelled": "5"}
# OECD DAC purpose codes (vocabulary 1).
SECTOR_BY_KIND: dict[str, str] = {
    ActivityKind.TRAINING: "11130",  # Teacher training
    ActivityKind.WEBINAR: "11130",
    ActivityKind.WEBINAR_SERIES: "11130",
    ActivityKind.COURSE: "11130",
    ActivityKind.PLATFORM: "11130",
    ActivityKind.LEARNING_RESOURCE: "11130",
    ActivityKind.RESEARCH_REPORT: "11182",  # Educational research
    ActivityKind.POLICY_BRIEF: "11182",
    ActivityKind.BEST_PRACTICES: "11182",
}
DEFAULT_SECTOR = "11110"  # Education policy and administrative management
PARTNER_TYPES = {
    "national_commission": "10",
    "ministry": "10",
    "unesco_hq": "40",
    "unesco_field_office": "40",
    "unesco_cat1": "40",
    "unesco_cat2": "15",
    "unesco_chair": "80",
    "aspnet_school": "80",
    "university": "80",
    "technology_company": "70",
    "foundation": "60",
    "ngo": "21",
    "intergovernmental": "40",
    "network": "90",
}


def _iati_lang(code: str) -> str:
    return "zh" if code.startswith("zh") else code


def _narratives(parent: etree._Element, texts: dict[str, str], fallback: str = "") -> None:
    texts = {k: v for k, v in (texts or {}).items() if v} or {"en": fallback or "-"}
    for code, text in texts.items():
        narrative = etree.SubElement(parent, "narrative")
        narrative.set(XML_LANG, _iati_lang(code))
        narrative.text = text


def _text(parent: etree._Element, tag: str, texts: dict[str, str], **attrs: str) -> None:
    element = etree.SubElement(parent, tag, **attrs)
    _narratives(element, texts)


def _reporting_org(activity: etree._Element) -> None:
    org = etree.SubElement(activity, "reporting-org", ref=ORG_REF, type=ORG_TYPE)
    _narratives(org, {"en": ORG_NAME})


def _percentages(count: int) -> list[str]:
    if count <= 0:
        return []
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    values = [share] * count
    values[-1] = Decimal(100) - share * (count - 1)
    return [str(v) for v in values]


def _programme(root: etree._Element, year: int, now: str) -> None:
    first, last = ind.strategy_years()
    activity = etree.SubElement(
        root,
        "iati-activity",
        {"last-updated-datetime": now, XML_LANG: "en", "default-currency": "USD", "hierarchy": "1"},
    )
    etree.SubElement(activity, "iati-identifier").text = PROGRAMME_ID
    _reporting_org(activity)
    _text(activity, "title", {"en": "UNESCO IITE Medium-Term Strategy 2026–2029"})
    _text(
        activity,
        "description",
        {
            "en": "The programme of the UNESCO Institute for Information Technologies in "
            "Education under Intersectoral Output 7.4 and Output 1.10 of Major Programme I, "
            "with the seven key indicators of the strategy computed from recorded activities."
        },
        type="1",
    )
    for role in ("2", "4"):
        org = etree.SubElement(activity, "participating-org", ref=ORG_REF, type=ORG_TYPE, role=role)
        _narratives(org, {"en": ORG_NAME})
    today = datetime.date.today()
    etree.SubElement(activity, "activity-status", code="2" if today.year <= last else "4")
    etree.SubElement(activity, "activity-date", {"type": "2", "iso-date": f"{first}-01-01"})
    etree.SubElement(activity, "activity-date", {"type": "3", "iso-date": f"{last}-12-31"})
    etree.SubElement(activity, "activity-scope", code="1")
    etree.SubElement(activity, "sector", vocabulary="1", code=DEFAULT_SECTOR, percentage="100")
    computations = {
        y: ind.compute_cached(ind.Scope(year=y)) for y in range(first, min(year, last) + 1)
    }
    for indicator in ind.INDICATORS:
        result = etree.SubElement(activity, "result", type="1", **{"aggregation-status": "true"})
        _text(result, "title", {"en": f"{indicator.number}. {indicator.title}"})
        for measure in indicator.measures:
            element = etree.SubElement(result, "indicator", measure="1", ascending="true")
            _text(element, "title", {"en": str(measure.label)})
            baseline, baseline_year = ind.baseline_for(measure.code)
            if baseline is not None and baseline_year:
                etree.SubElement(
                    element,
                    "baseline",
                    {
                        "year": str(baseline_year),
                        "iso-date": f"{baseline_year}-12-31",
                        "value": str(baseline),
                    },
                )
            for period_year in range(first, last + 1):
                period = etree.SubElement(element, "period")
                etree.SubElement(period, "period-start", {"iso-date": f"{period_year}-01-01"})
                etree.SubElement(period, "period-end", {"iso-date": f"{period_year}-12-31"})
                target = ind.target_for(measure.code, period_year)
                if target is not None:
                    etree.SubElement(period, "target", value=str(target))
                computation = computations.get(period_year)
                if computation is not None:
                    values = computation.measures[measure.code]
                    actual = Decimal(values.years.get(period_year, 0)) + values.reported_years.get(
                        period_year, Decimal("0")
                    )
                    etree.SubElement(period, "actual", value=str(actual.normalize()))


def _activity(root: etree._Element, activity: Activity, people: int, now: str) -> None:
    element = etree.SubElement(
        root,
        "iati-activity",
        {
            "last-updated-datetime": activity.updated_at.isoformat(timespec="seconds"),
            XML_LANG: _iati_lang(activity.original_language),
            "default-currency": "USD",
            "hierarchy": "2",
        },
    )
    etree.SubElement(element, "iati-identifier").text = f"{ORG_REF}-IITE-{activity.code}"
    _reporting_org(element)
    _text(element, "title", dict(activity.title))
    description = {k: v for k, v in dict(activity.description).items() if v}
    _text(element, "description", description or dict(activity.title), type="1")
    for role in ("2", "4"):
        org = etree.SubElement(element, "participating-org", ref=ORG_REF, type=ORG_TYPE, role=role)
        _narratives(org, {"en": ORG_NAME})
    for partner in activity.partners.all():
        attrs = {"role": "4", "type": PARTNER_TYPES.get(partner.kind, "90")}
        org = etree.SubElement(element, "participating-org", attrs)
        _narratives(org, dict(partner.name), fallback=partner.acronym)
    etree.SubElement(element, "activity-status", code=STATUS_CODES.get(activity.status, "2"))
    started = activity.status in ("ongoing", "completed")
    ended = activity.status == "completed"
    etree.SubElement(
        element,
        "activity-date",
        {"type": "2" if started else "1", "iso-date": activity.start_date.isoformat()},
    )
    etree.SubElement(
        element,
        "activity-date",
        {"type": "4" if ended else "3", "iso-date": activity.end_date.isoformat()},
    )
    countries = [c.iso2 for c in activity.target_countries.all()]
    scope_code = "1" if not countries else ("4" if len(countries) == 1 else "3")
    etree.SubElement(element, "activity-scope", code=scope_code)
    for iso2, percentage in zip(countries, _percentages(len(countries)), strict=True):
        etree.SubElement(element, "recipient-country", code=iso2, percentage=percentage)
    etree.SubElement(
        element,
        "sector",
        vocabulary="1",
        code=SECTOR_BY_KIND.get(activity.kind, DEFAULT_SECTOR),
        percentage="100",
    )
    link = etree.SubElement(
        element,
        "document-link",
        format="text/html",
        url=f"{settings.SITE_URL}{activity.get_absolute_url()}",
    )
    _text(link, "title", dict(activity.title))
    etree.SubElement(link, "category", code="A12")  # DocumentCategory: activity web page
    etree.SubElement(element, "related-activity", ref=PROGRAMME_ID, type="1")
    if started:
        result = etree.SubElement(element, "result", type="1", **{"aggregation-status": "true"})
        _text(result, "title", {"en": "People engaged"})
        indicator = etree.SubElement(result, "indicator", measure="1", ascending="true")
        _text(indicator, "title", {"en": "People engaged (distinct persons and aggregate counts)"})
        period = etree.SubElement(indicator, "period")
        etree.SubElement(period, "period-start", {"iso-date": activity.start_date.isoformat()})
        etree.SubElement(period, "period-end", {"iso-date": activity.end_date.isoformat()})
        etree.SubElement(period, "actual", value=str(people))


def iati_activities_xml(*, year: int) -> bytes:
    """The IATI 2.03 file for the year's public activities, with the programme's results."""
    now = timezone.now().replace(microsecond=0).isoformat()
    root = etree.Element("iati-activities", {"version": "2.03", "generated-datetime": now})
    _programme(root, year, now)
    activities = list(
        Activity.objects.filter(
            is_public=True,
            start_date__lte=datetime.date(year, 12, 31),
            end_date__gte=datetime.date(year, 1, 1),
        )
        .prefetch_related("partners", "target_countries")
        .order_by("start_date", "code")
    )
    ids = [a.id for a in activities]
    engaged = dict(
        Participation.objects.filter(activity_id__in=ids)
        .filter(ind.ENGAGED)
        .values("activity_id")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("activity_id", "n")
    )
    grouped = dict(
        AggregateParticipation.objects.filter(activity_id__in=ids)
        .values("activity_id")
        .annotate(n=Sum("total"))
        .values_list("activity_id", "n")
    )
    for activity in activities:
        _activity(
            root, activity, engaged.get(activity.id, 0) + (grouped.get(activity.id) or 0), now
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
