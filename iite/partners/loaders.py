"""Initial partners named in the strategy (reference data) and the demo data set.

Both loaders are idempotent: a record that exists is left as staff edited it; only a
missing country is filled in (the countries may be loaded after a first run).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from iite.reference.models import Country

from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    BudgetAllocation,
    BudgetComponent,
    BudgetLine,
    CostCategory,
    EngagementLevel,
    ExtrabudgetaryProject,
    FundingStatus,
    InKindContribution,
    InKindKind,
    MemberStateEngagement,
    Partner,
    PartnerType,
    RelationshipLevel,
    Sector,
)

S, P = RelationshipLevel.STRATEGIC, RelationshipLevel.PROJECT

# slug, acronym, kind, sector, level, country ISO2, website, names by language.
STRATEGY_PARTNERS: list[tuple[str, str, str, str, str, str, str, dict[str, str]]] = [
    (
        "bnu",
        "BNU",
        PartnerType.UNIVERSITY,
        Sector.ACADEMIC,
        S,
        "CN",
        "https://www.bnu.edu.cn",
        {
            "en": "Beijing Normal University",
            "fr": "Université normale de Pékin",
            "es": "Universidad Normal de Pekín",
            "ar": "جامعة بكين للمعلمين",
            "ru": "Пекинский педагогический университет",
            "zh-hans": "北京师范大学",
        },
    ),
    (
        "tsinghua",
        "",
        PartnerType.UNIVERSITY,
        Sector.ACADEMIC,
        S,
        "CN",
        "https://www.tsinghua.edu.cn",
        {
            "en": "Tsinghua University",
            "fr": "Université Tsinghua",
            "es": "Universidad Tsinghua",
            "ar": "جامعة تسينغهوا",
            "ru": "Университет Цинхуа",
            "zh-hans": "清华大学",
        },
    ),
    (
        "sou",
        "SOU",
        PartnerType.UNIVERSITY,
        Sector.ACADEMIC,
        S,
        "CN",
        "https://www.sou.edu.cn",
        {
            "en": "Shanghai Open University",
            "fr": "Université ouverte de Shanghai",
            "es": "Universidad Abierta de Shanghái",
            "ar": "جامعة شنغهاي المفتوحة",
            "ru": "Шанхайский открытый университет",
            "zh-hans": "上海开放大学",
        },
    ),
    (
        "unesco-ichei",
        "UNESCO-ICHEI",
        PartnerType.UNESCO_CAT2,
        Sector.UNESCO,
        S,
        "CN",
        "https://en.ichei.org",
        {
            "en": (
                "International Centre for Higher Education Innovation under the auspices of UNESCO"
            ),
            "fr": (
                "Centre international pour l'innovation dans l'enseignement supérieur "
                "sous l'égide de l'UNESCO"
            ),
            "ru": "Международный центр инноваций в высшем образовании под эгидой ЮНЕСКО",
            "zh-hans": "联合国教科文组织高等教育创新中心",
            "es": (
                "Centro Internacional para la Innovación en la Educación Superior "
                "bajo los auspicios de la UNESCO"
            ),
            "ar": "المركز الدولي للابتكار في التعليم العالي تحت رعاية اليونسكو",
        },
    ),
    (
        "netdragon",
        "",
        PartnerType.TECHNOLOGY_COMPANY,
        Sector.PRIVATE,
        S,
        "CN",
        "https://www.netdragon.com",
        {
            "en": "NetDragon",
            "zh-hans": "网龙网络公司",
            "fr": "NetDragon",
            "es": "NetDragon",
            "ar": "نت دراغون",
            "ru": "NetDragon",
        },
    ),
    (
        "huawei",
        "",
        PartnerType.TECHNOLOGY_COMPANY,
        Sector.PRIVATE,
        S,
        "CN",
        "https://www.huawei.com",
        {
            "en": "Huawei",
            "ar": "هواوي",
            "zh-hans": "华为",
            "fr": "Huawei",
            "es": "Huawei",
            "ru": "Huawei",
        },
    ),
    (
        "gioct",
        "GIoCT",
        PartnerType.FOUNDATION,
        Sector.PHILANTHROPIC,
        S,
        "",
        "",
        {
            "en": "Charitable Institute Global Institute of Creative Thinking",
            "fr": "Institut caritatif Global Institute of Creative Thinking",
            "es": "Instituto benéfico Global Institute of Creative Thinking",
            "ar": "المؤسسة الخيرية «المعهد العالمي للتفكير الإبداعي»",
            "ru": "Благотворительное учреждение «Глобальный институт творческого мышления»",
            "zh-hans": "慈善机构全球创造性思维研究所",
        },
    ),
    (
        "investment-in-the-future",
        "",
        PartnerType.FOUNDATION,
        Sector.PHILANTHROPIC,
        S,
        "RU",
        "",
        {
            "en": "Charitable Foundation Investment in the Future",
            "ru": "Благотворительный фонд «Вклад в будущее»",
            "fr": "Fondation caritative « Investir dans l'avenir »",
            "es": "Fundación benéfica «Inversión en el Futuro»",
            "ar": "المؤسسة الخيرية «الاستثمار في المستقبل»",
            "zh-hans": "“投资未来”慈善基金会",
        },
    ),
    (
        "gsenet",
        "GSENET",
        PartnerType.NETWORK,
        Sector.ACADEMIC,
        S,
        "",
        "",
        {
            "en": "Global Smart Education Network",
            "fr": "Réseau mondial pour l'éducation intelligente",
            "ru": "Глобальная сеть умного образования",
            "es": "Red Mundial de Educación Inteligente",
            "ar": "الشبكة العالمية للتعليم الذكي",
            "zh-hans": "全球智慧教育合作联盟",
        },
    ),
    (
        "gma",
        "GMA",
        PartnerType.NETWORK,
        Sector.ACADEMIC,
        S,
        "",
        "",
        {
            "en": "Global MOOC and Online Education Alliance",
            "ru": "Глобальный альянс МООК и онлайн-образования",
            "zh-hans": "世界慕课与在线教育联盟",
            "fr": "Alliance mondiale des MOOC et de l'éducation en ligne",
            "es": "Alianza Mundial de MOOC y Educación en Línea",
            "ar": "التحالف العالمي للمقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني",
        },
    ),
    (
        "cesnet",
        "CESNET",
        PartnerType.NETWORK,
        Sector.ACADEMIC,
        S,
        "",
        "",
        {
            "en": "Creativity in Education Summit Network",
            "fr": "Réseau du Sommet sur la créativité dans l'éducation",
            "es": "Red de la Cumbre sobre la Creatividad en la Educación",
            "ar": "شبكة قمة الإبداع في التعليم",
            "ru": "Сеть Саммита по творчеству в образовании",
            "zh-hans": "教育创造力峰会网络",
        },
    ),
    (
        "gdllnet",
        "GDLLNET",
        PartnerType.NETWORK,
        Sector.ACADEMIC,
        S,
        "",
        "",
        {
            "en": "Global Network for Digital Lifelong Learning",
            "fr": "Réseau mondial pour l'apprentissage numérique tout au long de la vie",
            "es": "Red Mundial de Aprendizaje Digital a lo Largo de Toda la Vida",
            "ar": "الشبكة العالمية للتعلم الرقمي مدى الحياة",
            "ru": "Глобальная сеть цифрового обучения на протяжении всей жизни",
            "zh-hans": "全球数字化终身学习网络",
        },
    ),
    (
        "alecso",
        "ALECSO",
        PartnerType.INTERGOVERNMENTAL,
        Sector.INTERGOVERNMENTAL,
        P,
        "TN",
        "https://www.alecso.org",
        {
            "en": "Arab League Educational, Cultural and Scientific Organization",
            "fr": "Organisation arabe pour l'éducation, la culture et les sciences",
            "ar": "المنظمة العربية للتربية والثقافة والعلوم",
            "es": "Organización Árabe para la Educación, la Cultura y la Ciencia",
            "ru": "Организация Лиги арабских государств по вопросам образования, культуры и науки",
            "zh-hans": "阿拉伯联盟教育、文化及科学组织",
        },
    ),
    (
        "seameo",
        "SEAMEO",
        PartnerType.INTERGOVERNMENTAL,
        Sector.INTERGOVERNMENTAL,
        P,
        "TH",
        "https://www.seameo.org",
        {
            "en": "Southeast Asian Ministers of Education Organization",
            "fr": "Organisation des ministres de l'Éducation de l'Asie du Sud-Est",
            "es": "Organización de Ministros de Educación del Sudeste Asiático",
            "ar": "منظمة وزراء التعليم في جنوب شرق آسيا",
            "ru": "Организация министров образования стран Юго-Восточной Азии",
            "zh-hans": "东南亚教育部长组织",
        },
    ),
    (
        "rehabilitation-international",
        "RI",
        PartnerType.NGO,
        Sector.CIVIL_SOCIETY,
        P,
        "US",
        "https://www.riglobal.org",
        {
            "en": "Rehabilitation International",
            "fr": "Rehabilitation International",
            "es": "Rehabilitation International",
            "ar": "المنظمة الدولية لإعادة التأهيل",
            "ru": "Международная организация по реабилитации",
            "zh-hans": "国际康复组织",
        },
    ),
    (
        "oecd",
        "OECD",
        PartnerType.INTERGOVERNMENTAL,
        Sector.INTERGOVERNMENTAL,
        P,
        "FR",
        "https://www.oecd.org",
        {
            "en": "Organisation for Economic Co-operation and Development",
            "fr": "Organisation de coopération et de développement économiques",
            "es": "Organización para la Cooperación y el Desarrollo Económicos",
            "ar": "منظمة التعاون والتنمية في الميدان الاقتصادي",
            "ru": "Организация экономического сотрудничества и развития",
            "zh-hans": "经济合作与发展组织",
        },
    ),
    (
        "unesco-uil",
        "UIL",
        PartnerType.UNESCO_CAT1,
        Sector.UNESCO,
        P,
        "DE",
        "https://www.uil.unesco.org",
        {
            "en": "UNESCO Institute for Lifelong Learning",
            "fr": "Institut de l'UNESCO pour l'apprentissage tout au long de la vie",
            "es": "Instituto de la UNESCO para el Aprendizaje a lo Largo de Toda la Vida",
            "ar": "معهد اليونسكو للتعلم مدى الحياة",
            "ru": "Институт ЮНЕСКО по обучению на протяжении всей жизни",
            "zh-hans": "联合国教科文组织终身学习研究所",
        },
    ),
]


# When the long-standing partnerships began (the first of January of the year the
# cooperation started, to be refined by staff on each partner's page). SEAMEO and the
# OECD have none: the strategy names them as partnerships to build in 2026-2029.
PARTNER_SINCE: dict[str, datetime.date] = {
    "bnu": datetime.date(2016, 1, 1),
    "tsinghua": datetime.date(2020, 1, 1),
    "sou": datetime.date(2019, 1, 1),
    "unesco-ichei": datetime.date(2019, 1, 1),
    "netdragon": datetime.date(2017, 1, 1),
    "huawei": datetime.date(2019, 1, 1),
    "gioct": datetime.date(2021, 1, 1),
    "investment-in-the-future": datetime.date(2019, 1, 1),
    "gsenet": datetime.date(2017, 1, 1),
    "gma": datetime.date(2020, 1, 1),
    "cesnet": datetime.date(2021, 1, 1),
    "gdllnet": datetime.date(2021, 1, 1),
    "alecso": datetime.date(2022, 1, 1),
    "rehabilitation-international": datetime.date(2022, 1, 1),
    "unesco-uil": datetime.date(2019, 1, 1),
}


def _country(iso2: str) -> Any:

    return Country.objects.filter(iso2=iso2).first() if iso2 else None


def load_strategic_partners() -> str:
    """The strategic partners, four global networks and bodies named in VI.1 and Pillar 1."""
    created = filled = 0
    for slug, acronym, kind, sector, level, iso2, website, names in STRATEGY_PARTNERS:
        partner, was_created = Partner.objects.get_or_create(
            slug=slug,
            defaults={
                "name": {**names, "_pending": True},
                "original_language": "en",
                "acronym": acronym,
                "kind": kind,
                "sector": sector,
                "relationship_level": level,
                "country": _country(iso2),
                "website": website,
                "is_public": True,
            },
        )
        created += was_created
        if partner.partner_since is None and slug in PARTNER_SINCE:
            partner.partner_since = PARTNER_SINCE[slug]
            partner.save(update_fields=["partner_since", "updated_at"])
        if not was_created and partner.country_id is None and iso2:
            country = _country(iso2)
            if country is not None:
                partner.country = country
                partner.save(update_fields=["country", "updated_at"])
                filled += 1
    return f"{created} partners created, {filled} countries filled"


def _partner(slug: str) -> Partner | None:
    return Partner.objects.filter(slug=slug).first()


def _agreement(partner: Partner | None, title: str, **fields: Any) -> Agreement | None:
    if partner is None:
        return None
    agreement, _created = Agreement.objects.get_or_create(
        partner=partner, title=title, defaults=fields
    )
    return agreement


def load_demo_partnerships() -> str:
    """Demo agreements, the 2026 budget, extrabudgetary projects, in-kind and engagements."""
    d = datetime.date
    bnu, netdragon, huawei = _partner("bnu"), _partner("netdragon"), _partner("huawei")
    future, sou, gma = _partner("investment-in-the-future"), _partner("sou"), _partner("gma")
    _agreement(
        bnu,
        "Memorandum of understanding on smart education",
        kind=AgreementKind.MOU,
        status=AgreementStatus.ACTIVE,
        signed_on=d(2024, 4, 20),
        start_date=d(2024, 5, 1),
        end_date=d(2028, 4, 30),
    )
    netdragon_agreement = _agreement(
        netdragon,
        "Contribution agreement: E-Library for Teachers",
        kind=AgreementKind.CONTRIBUTION,
        status=AgreementStatus.ACTIVE,
        signed_on=d(2024, 12, 10),
        start_date=d(2025, 1, 1),
        end_date=d(2026, 12, 31),
    )
    _agreement(
        huawei,
        "Letter of intent: Regional ICT Competition",
        kind=AgreementKind.LETTER_OF_INTENT,
        status=AgreementStatus.SIGNED,
        signed_on=d(2026, 3, 1),
        start_date=d(2026, 3, 1),
    )
    future_agreement = _agreement(
        future,
        "Contribution agreement: Creativity in Education",
        kind=AgreementKind.CONTRIBUTION,
        status=AgreementStatus.DRAFT,
    )
    projects = []
    if netdragon is not None:
        project, _c = ExtrabudgetaryProject.objects.get_or_create(
            code="eb-elibrary-2025-2026",
            defaults={
                "title": {
                    "en": "E-Library for Teachers: AI competencies",
                    "ru": "Электронная библиотека для учителей: компетенции в области ИИ",
                    "fr": "Bibliothèque électronique pour les enseignants : compétences en IA",
                    "es": "Biblioteca Electrónica para Docentes: competencias en IA",
                    "ar": "المكتبة الإلكترونية للمعلمين: كفاءات الذكاء الاصطناعي",
                    "zh-hans": "教师电子图书馆：人工智能能力",
                },
                "donor": netdragon,
                "agreement": netdragon_agreement,
                "status": FundingStatus.SECURED,
                "start_date": d(2025, 1, 1),
                "end_date": d(2026, 12, 31),
                "amount_usd": Decimal("800000"),
                "currency": "USD",
                "original_amount": Decimal("800000"),
            },
        )
        projects.append(project)
    if future is not None:
        project, _c = ExtrabudgetaryProject.objects.get_or_create(
            code="eb-creativity-2026-2027",
            defaults={
                "title": {
                    "en": "Creativity in Education platform",
                    "fr": "Plateforme Créativité dans l'éducation",
                    "es": "Plataforma Creatividad en la Educación",
                    "ar": "منصة الإبداع في التعليم",
                    "ru": "Платформа «Творчество в образовании»",
                    "zh-hans": "教育创造力平台",
                    "_pending": True,
                },
                "donor": future,
                "agreement": future_agreement,
                "status": FundingStatus.PLEDGED,
                "start_date": d(2026, 1, 1),
                "end_date": d(2027, 12, 31),
                "amount_usd": Decimal("500000"),
                "currency": "RUB",
                "original_amount": Decimal("40000000"),
                "exchange_rate": Decimal("0.0125"),
            },
        )
        projects.append(project)
    lines: list[tuple[Any, ...]] = [
        (
            BudgetComponent.REGULAR_BUDGET,
            FundingStatus.SECURED,
            None,
            None,
            Decimal("1100000"),
            "USD",
            None,
            None,
            "UNESCO regular budget allocation, 43 C/5",
        ),
        (
            BudgetComponent.HOST_COUNTRY,
            FundingStatus.SECURED,
            None,
            None,
            Decimal("2500000"),
            "RUB",
            Decimal("200000000"),
            Decimal("0.0125"),
            "Regular contribution of the Russian Federation",
        ),
        (
            BudgetComponent.DECENTRALISED,
            FundingStatus.SECURED,
            None,
            None,
            Decimal("300000"),
            "USD",
            None,
            None,
            "Health and well-being education programme",
        ),
    ]
    for project in projects:
        lines.append(
            (
                BudgetComponent.EXTRABUDGETARY,
                project.status,
                project.donor,
                project,
                Decimal("400000") if project.code.startswith("eb-elibrary") else Decimal("250000"),
                "USD",
                None,
                None,
                f"{project.code}: 2026 tranche",
            )
        )
    for component, status, donor, project, amount, currency, original, rate, description in lines:
        BudgetLine.objects.get_or_create(
            year=2026,
            component=component,
            description=description,
            defaults={
                "biennium": "2026-2027",
                "status": status,
                "donor": donor,
                "project": project,
                "amount_usd": amount,
                "currency": currency,
                "original_amount": original if original is not None else amount,
                "exchange_rate": rate,
            },
        )
    _demo_budget_2026()
    in_kind = [
        (
            bnu,
            InKindKind.VENUE,
            "Venue of the Global Smart Education Conference",
            d(2026, 8, 18),
            "120000",
            "The university's published rate for its conference centre, three days",
        ),
        (
            huawei,
            InKindKind.TRAVEL,
            "Travel of finalists to the Regional ICT Competition",
            d(2026, 5, 20),
            "45000",
            "Tickets and hotel invoices provided by the partner",
        ),
        (
            netdragon,
            InKindKind.IT_PRODUCT,
            "Hosting and development of the E-Library for Teachers",
            d(2026, 6, 30),
            "60000",
            "Partner's cost statement for hosting and two developers",
        ),
        (
            sou,
            InKindKind.PUBLICATION,
            "Proceedings of the Conference on Digital Lifelong Learning",
            d(2026, 11, 5),
            "15000",
            "Printing and editing quote",
        ),
        (
            gma,
            InKindKind.WEBINAR,
            "Hosting of a webinar series on MOOCs",
            d(2026, 4, 15),
            "5000",
            "Market rate of the webinar platform licence",
        ),
    ]
    for partner, kind, description, day, value, basis in in_kind:
        if partner is None:
            continue
        InKindContribution.objects.get_or_create(
            partner=partner,
            description=description,
            defaults={
                "kind": kind,
                "date": day,
                "amount_usd": Decimal(value),
                "currency": "USD",
                "original_amount": Decimal(value),
                "basis_of_valuation": basis,
            },
        )
    engagements = _demo_engagements()
    return (
        f"{len(projects)} projects, {len(in_kind)} in-kind contributions, {engagements} engagements"
    )


# The 2026 budget as VI.2 describes it: the regular budget and the host country's
# contribution pay for operations and the fundamental staffing; the decentralised funds
# for the ICT in Health Education unit's staff and programme (Strategic Objective 3);
# extrabudgetary funds for the core staff of two units and the programmes of Objectives
# 1 and 2. Guaranteed funds do not cover all programme and core staff costs (VII.3), so
# the year needs more than is secured: the gap lies in the extrabudgetary component.
DEMO_BUDGET_2026: list[tuple[str, str, str, str]] = [
    (BudgetComponent.REGULAR_BUDGET, CostCategory.STAFF, "800000", "Fundamental staffing"),
    (BudgetComponent.REGULAR_BUDGET, CostCategory.OPERATIONS, "300000", "Operations"),
    (BudgetComponent.HOST_COUNTRY, CostCategory.STAFF, "1200000", "Fundamental staffing"),
    (BudgetComponent.HOST_COUNTRY, CostCategory.OPERATIONS, "1000000", "Premises and operations"),
    (BudgetComponent.HOST_COUNTRY, CostCategory.PROGRAMME, "300000", "Programme activities"),
    (BudgetComponent.DECENTRALISED, CostCategory.STAFF, "180000", "ICT in Health Education unit"),
    (BudgetComponent.DECENTRALISED, CostCategory.PROGRAMME, "120000", "Health and well-being"),
    (BudgetComponent.EXTRABUDGETARY, CostCategory.STAFF, "450000", "Core staff of two units"),
    (BudgetComponent.EXTRABUDGETARY, CostCategory.PROGRAMME, "900000", "Objectives 1 and 2"),
]


def _demo_budget_2026() -> None:
    for component, category, amount, description in DEMO_BUDGET_2026:
        BudgetAllocation.objects.get_or_create(
            year=2026,
            component=component,
            category=category,
            defaults={"amount_usd": Decimal(amount), "description": description},
        )


def _demo_engagements() -> int:
    """Engagement records with a few Member States (when the countries are loaded)."""
    d = datetime.date
    count = 0
    for iso2, level, body_slug, body_names, mou in [
        (
            "RU",
            EngagementLevel.COMPREHENSIVE,
            "natcom-ru",
            {
                "en": "Commission of the Russian Federation for UNESCO",
                "ru": "Комиссия Российской Федерации по делам ЮНЕСКО",
                "fr": "Commission de la Fédération de Russie pour l'UNESCO",
                "es": "Comisión de la Federación de Rusia para la UNESCO",
                "ar": "لجنة الاتحاد الروسي لليونسكو",
                "zh-hans": "俄罗斯联邦教科文组织委员会",
            },
            True,
        ),
        (
            "KZ",
            EngagementLevel.COMPREHENSIVE,
            "natcom-kz",
            {
                "en": "National Commission of the Republic of Kazakhstan for UNESCO",
                "ru": "Национальная комиссия Республики Казахстан по делам ЮНЕСКО",
                "fr": "Commission nationale de la République du Kazakhstan pour l'UNESCO",
                "es": "Comisión Nacional de la República de Kazajstán para la UNESCO",
                "ar": "اللجنة الوطنية لجمهورية كازاخستان لليونسكو",
                "zh-hans": "哈萨克斯坦共和国教科文组织全国委员会",
            },
            True,
        ),
        (
            "EG",
            EngagementLevel.COOPERATION,
            "moe-eg",
            {
                "en": "Ministry of Education and Technical Education of Egypt",
                "ar": "وزارة التربية والتعليم والتعليم الفني",
                "fr": "Ministère de l'Éducation et de l'Enseignement technique d'Égypte",
                "es": "Ministerio de Educación y Educación Técnica de Egipto",
                "ru": "Министерство образования и технического образования Египта",
                "zh-hans": "埃及教育和技术教育部",
            },
            False,
        ),
        ("UZ", EngagementLevel.CONTACT, "", {}, False),
    ]:
        country = _country(iso2)
        if country is None:
            continue
        agreement = None
        body = None
        if body_slug:
            body, _c = Partner.objects.get_or_create(
                slug=body_slug,
                defaults={
                    "name": {**body_names, "_pending": True},
                    "kind": PartnerType.NATIONAL_COMMISSION
                    if body_slug.startswith("natcom")
                    else PartnerType.MINISTRY,
                    "sector": Sector.PUBLIC,
                    "country": country,
                    "relationship_level": RelationshipLevel.STRATEGIC
                    if mou
                    else RelationshipLevel.PROJECT,
                },
            )
            if mou:
                agreement = _agreement(
                    body,
                    f"Memorandum of understanding with {body_names['en']}",
                    kind=AgreementKind.MOU,
                    status=AgreementStatus.ACTIVE,
                    signed_on=d(2025, 9, 1),
                    start_date=d(2025, 9, 1),
                    end_date=d(2029, 12, 31),
                )
        engagement, created = MemberStateEngagement.objects.get_or_create(
            country=country,
            defaults={
                "level": level,
                "agreement": agreement,
                "is_key_target": level != EngagementLevel.CONTACT,
                "since": d(2025, 9, 1),
                "support": {
                    "en": "Teacher training on AI competencies and policy advice.",
                    "fr": (
                        "Formation des enseignants aux compétences en IA et conseils stratégiques."
                    ),
                    "es": "Formación docente en competencias en IA y asesoramiento normativo.",
                    "ar": (
                        "تدريب المعلمين على كفاءات الذكاء الاصطناعي وتقديم المشورة بشأن السياسات."
                    ),
                    "ru": (
                        "Обучение учителей компетенциям в области ИИ и консультирование "
                        "по вопросам политики."
                    ),
                    "zh-hans": "人工智能能力方面的教师培训和政策咨询。",
                    "_pending": True,
                },
            },
        )
        if created and body is not None:
            engagement.counterparts.add(body)
        count += 1
    return count
