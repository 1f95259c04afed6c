"""Reference data (the risks of VII.3) and the demo data set; both idempotent."""

from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from iite.core.records import records_changed_on_commit

from .models import (
    MitigationAction,
    ReportedValue,
    ReviewKind,
    Risk,
    RiskReview,
    Workplan,
    WorkplanItem,
    WorkplanReview,
    WorkplanStatus,
)

DATA = Path(__file__).resolve().parent / "data"


def load_risks() -> str:
    """Create the three risks of VII.3 with their first mitigation actions, once.

    A risk already in the register is left as staff edited it.
    """
    with (DATA / "risks.toml").open("rb") as handle:
        data = tomllib.load(handle)
    created = 0
    for entry in data["risks"]:
        risk, was_created = Risk.objects.get_or_create(
            code=entry["code"],
            defaults={
                "title": entry["title"],
                "description": entry["description"],
                "category": entry["category"],
                "likelihood": entry["likelihood"],
                "impact": entry["impact"],
                "owner": entry["owner"],
                "source_ref": entry["source_ref"],
            },
        )
        if was_created:
            created += 1
            for action in entry.get("actions", []):
                MitigationAction.objects.create(
                    risk=risk,
                    description={"en": action["en"]},
                    status=action["status"],
                    responsible=action.get("responsible", ""),
                )
    return f"{created} risks created"


# (code of the activity C1's demo creates, title, pillars, objectives, target, measure,
#  target value, planned cost in USD, the officer's progress narrative)
DEMO_ITEMS: list[tuple[str, str, list[str], list[str], str, str, int | None, int, str]] = [
    (
        "gsec-2026",
        "Global Smart Education Conference 2026",
        ["P1"],
        ["SO1", "SO2"],
        "Co-organised with Beijing Normal University; 1,000 participants",
        "conventions.people",
        1000,
        60000,
        "Held in August with Beijing Normal University.",
    ),
    (
        "gmooc-2026",
        "Global MOOC and Online Education Conference 2026",
        ["P1"],
        ["SO2"],
        "Co-organised with Tsinghua University",
        "conventions.held",
        1,
        40000,
        "Held with Tsinghua University.",
    ),
    (
        "icdll-2026",
        "International Conference on Digital Lifelong Learning 2026",
        ["P1"],
        ["SO1"],
        "Co-organised with Shanghai Open University",
        "conventions.held",
        1,
        35000,
        "Preparations with Shanghai Open University under way.",
    ),
    (
        "ces-2026",
        "Creativity in Education Summit 2026",
        ["P1"],
        ["SO2"],
        "Co-organised with GIoCT",
        "conventions.joint",
        1,
        30000,
        "Programme agreed with GIoCT.",
    ),
    (
        "huawei-ict-mea-ca-2026",
        "Huawei ICT Competition Regional Final, Middle East and Central Asia",
        ["P5"],
        ["SO2"],
        "Teams of students and teachers from the region",
        "competitions.participants",
        300,
        15000,
        "Regional final held in May.",
    ),
    (
        "gcdf-2026",
        "Global Competition on Design for the Futures 2026",
        ["P5"],
        ["SO2"],
        "Co-organised with Beijing Normal University",
        "competitions.held",
        1,
        20000,
        "Call for entries open.",
    ),
    (
        "icsa-2026",
        "International Creativity in Schools Award 2026",
        ["P5"],
        ["SO2"],
        "Organised with GIoCT",
        "competitions.held",
        1,
        10000,
        "Launch moved to the second half-year.",
    ),
    (
        "gsei-prize-2026",
        "Global Smart Education Innovation Prize 2026",
        ["P5"],
        ["SO2"],
        "Prize for innovative practice",
        "competitions.held",
        1,
        10000,
        "Jury being formed.",
    ),
    (
        "bestpaper-2026",
        "Best Research Paper and Best Practice Award 2026",
        ["P5", "P2"],
        ["SO1"],
        "Offered with Shanghai Open University at ICDLL",
        "competitions.held",
        1,
        5000,
        "Call for papers published with the conference.",
    ),
    (
        "",
        "Webinar series Harnessing AI and Emerging Technologies to Transform Education",
        ["P4"],
        ["SO2"],
        "Monthly webinars in English, French and Russian",
        "webinars.held",
        24,
        18000,
        "Monthly webinars running in three languages.",
    ),
    (
        "",
        "AI competencies for teachers: new micro-credential courses on the E-Library for Teachers",
        ["P3"],
        ["SO2"],
        "Teachers completing courses with a certificate",
        "platforms.certified",
        6000,
        45000,
        "New courses published on the E-Library; certificates follow as learners finish.",
    ),
    (
        "",
        "Policy brief on AI and the evolving role of teachers",
        ["P2"],
        ["SO1"],
        "Published in English, Russian and Arabic",
        "research.published",
        1,
        12000,
        "Moved to the second half-year with a partner review.",
    ),
]


def load_demo() -> str:
    """The 2026 workplan, its half-year review, risk reviews and two reported values."""
    from iite.programme.models import Activity
    from iite.reference.models import Country
    from iite.strategy.models import ProgrammePillar, StrategicObjective

    workplan, _created = Workplan.objects.get_or_create(
        year=2026,
        defaults={
            "title": {
                "en": "Annual workplan 2026",
                "fr": "Plan de travail annuel 2026",
                "es": "Plan de trabajo anual 2026",
                "ar": "خطة العمل السنوية 2026",
                "ru": "Годовой план работы на 2026 год",
                "zh-hans": "2026年年度工作计划",
            },
            "status": WorkplanStatus.APPROVED,
            "submitted_on": datetime.date(2025, 11, 20),
            "approved_on": datetime.date(2025, 12, 5),
            "approval_reference": "Governing Board, session of December 2025",
        },
    )
    activities = {
        a.code: a for a in Activity.objects.filter(code__in=[i[0] for i in DEMO_ITEMS if i[0]])
    }
    pillars = {p.code: p for p in ProgrammePillar.objects.filter(period__is_current=True)}
    objectives = {o.code: o for o in StrategicObjective.objects.filter(period__is_current=True)}
    for order, (
        code,
        title,
        pillar_codes,
        objective_codes,
        target,
        measure,
        value,
        cost,
        narrative,
    ) in enumerate(DEMO_ITEMS):
        item, created = WorkplanItem.objects.get_or_create(
            workplan=workplan,
            order=order,
            defaults={
                "title": {"en": title},
                "activity": activities.get(code),
                "target": target,
                "measure": measure,
                "target_value": value,
                "planned_cost_usd": Decimal(cost),
                "narrative": {"en": narrative},
            },
        )
        if not created and item.activity_id is None and activities.get(code):
            item.activity = activities[code]
            item.save(update_fields=["activity", "updated_at"])
        if created:
            item.pillars.set([pillars[c] for c in pillar_codes if c in pillars])
            item.objectives.set([objectives[c] for c in objective_codes if c in objectives])
    WorkplanReview.objects.get_or_create(
        workplan=workplan,
        kind=ReviewKind.HALF_YEAR,
        defaults={
            "reviewed_on": datetime.date(2026, 7, 15),
            "achievements": {
                "en": "The Global Smart Education Conference and the Global MOOC and Online "
                "Education Conference were held with their co-organisers; the Huawei ICT "
                "Competition regional final took place; monthly webinars ran in three languages."
            },
            "challenges": {
                "en": "In-person workshops were limited by funding; the policy brief on the "
                "role of teachers is behind schedule; few participants from SIDS."
            },
            "recommendations": {
                "en": "Move the policy brief to the second half-year with a partner review; "
                "add French webinars for Francophone Africa; approach SIDS through National "
                "Commissions."
            },
        },
    )
    reviews = {
        "programme-role": [
            (datetime.date(2026, 1, 20), 3, 4, "Initial assessment for 2026."),
            (datetime.date(2026, 7, 10), 3, 3, "Contributions to the GEM Report agreed."),
        ],
        "funding-sustainability": [
            (datetime.date(2026, 1, 20), 4, 5, "Initial assessment for 2026."),
            (datetime.date(2026, 7, 10), 4, 4, "Two new donors; gap remains for H2."),
        ],
        "contribution-account": [
            (datetime.date(2026, 1, 20), 2, 4, "Initial assessment for 2026.")
        ],
    }
    for code, entries in reviews.items():
        risk = Risk.objects.filter(code=code).first()
        if risk is None or risk.reviews.exists():
            continue
        for reviewed_on, likelihood, impact, note in entries:
            RiskReview.objects.create(
                risk=risk, reviewed_on=reviewed_on, likelihood=likelihood, impact=impact, note=note
            )
        latest = entries[-1]
        risk.likelihood, risk.impact = latest[1], latest[2]
        risk.save(update_fields=["likelihood", "impact", "updated_at"])
    uzbekistan = Country.objects.filter(iso2="UZ").first()
    demo_values: list[dict[str, Any]] = [
        {
            "measure": "webinars.people",
            "year": 2026,
            "half": 1,
            "value": Decimal("85"),
            "description": (
                "Workshop for school principals held by the UNESCO Almaty Office with IITE "
                "trainers; attendance sheet kept by the Office."
            ),
            "evidence_url": "https://www.unesco.org/en/fieldoffice/almaty",
            "reported_on": datetime.date(2026, 6, 30),
        },
    ]
    if uzbekistan is not None:
        demo_values.append(
            {
                "measure": "member_states.supported",
                "year": 2026,
                "half": 1,
                "value": Decimal("1"),
                "country": uzbekistan,
                "description": (
                    "Policy advice to the Ministry of Preschool and School Education on the "
                    "national AI-in-education guidelines."
                ),
                "evidence_url": "https://www.unesco.org/en/articles",
                "reported_on": datetime.date(2026, 5, 18),
            }
        )
    created_values = 0
    for values in demo_values:
        _obj, made = ReportedValue.objects.get_or_create(
            measure=values["measure"],
            year=values["year"],
            description=values["description"],
            defaults=values,
        )
        created_values += int(made)
    records_changed_on_commit(sender="monitoring", kinds={"reported_value"})
    return f"workplan 2026 with {workplan.items.count()} items; {created_values} reported values"
