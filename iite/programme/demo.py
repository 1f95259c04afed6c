# ruff: noqa: E501  (titles and descriptions in several languages are data)
"""Demo data for 2026: the strategy's named conferences, regional events, competitions,
awards, publications and policy advice, with participation across regions, sexes and
target groups. Idempotent and deterministic (a seeded random generator).

Webinars, trainings and youth consultations (events), platforms and courses (learning)
are left to their domains, which attach their own records to these activity codes.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from iite.accounts.models import AgeBand, PersonRole, Sex, User
from iite.partners.models import Partner
from iite.reference.models import Country, PriorityRegion
from iite.strategy.models import (
    Initiative,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

from .models import (
    Activity,
    AggregateParticipation,
    Participation,
    ParticipationRole,
    ParticipationSource,
)

DEMO_DOMAIN = "demo.iite.example.org"
DEMO_USERS = 360
SEED = 2026

# Countries per region the demo people come from (ISO alpha-2), weighted towards the
# strategy's priority regions (III.3): Africa, Eastern Europe and Central Asia, Arab States.
REGION_COUNTRIES: list[tuple[int, list[str]]] = [
    (26, ["KE", "NG", "GH", "ET", "ZA", "RW", "SN", "CI", "UG", "TZ", "CM", "MA"]),
    (22, ["KZ", "UZ", "KG", "TJ", "AM", "AZ", "GE", "MD", "BY", "RU"]),
    (16, ["EG", "JO", "AE", "SA", "TN", "OM", "LB", "QA"]),
    (14, ["CN", "ID", "VN", "TH", "MY", "PH", "IN", "MN"]),
    (8, ["FJ", "JM", "MU", "WS", "TT", "BB"]),
    (8, ["BR", "MX", "CL", "CO", "AR", "PE"]),
    (6, ["FR", "DE", "IT", "ES", "GB", "US", "CA"]),
]
FIRST_NAMES = [
    "Amina",
    "Kwame",
    "Aigerim",
    "Nurlan",
    "Layla",
    "Omar",
    "Mei",
    "Wei",
    "Ana",
    "Carlos",
    "Fatou",
    "Chinedu",
    "Dilnoza",
    "Timur",
    "Salma",
    "Youssef",
    "Siti",
    "Minh",
    "Lucia",
    "Mateo",
    "Grace",
    "Tendai",
    "Gulnara",
    "Arman",
    "Noor",
    "Karim",
    "Priya",
    "Sefo",
    "Marie",
    "Pierre",
    "Olga",
    "Ivan",
    "Zainab",
    "Kofi",
    "Ainur",
    "Rustam",
]
LAST_NAMES = [
    "Mensah",
    "Okafor",
    "Nurlanova",
    "Abdullaev",
    "Haddad",
    "Mansour",
    "Li",
    "Zhang",
    "Silva",
    "Gomez",
    "Diallo",
    "Kamau",
    "Rahimova",
    "Saidov",
    "Farouk",
    "Nguyen",
    "Santos",
    "Dubois",
    "Petrova",
    "Ivanov",
    "Bello",
    "Osei",
    "Tulegenova",
    "Karimov",
]
ROLE_WEIGHTS = [
    (PersonRole.TEACHER, 34),
    (PersonRole.SCHOOL_COUNSELLOR, 3),
    (PersonRole.TEACHER_TRAINER, 6),
    (PersonRole.POLICYMAKER, 12),
    (PersonRole.STUDENT, 22),
    (PersonRole.YOUTH, 8),
    (PersonRole.RESEARCHER, 9),
    (PersonRole.TECHNOLOGY_PARTNER, 2),
    (PersonRole.PARENT, 1),
    (PersonRole.LIFELONG_LEARNER, 3),
]
SEX_WEIGHTS = [(Sex.FEMALE, 55), (Sex.MALE, 42), (Sex.ANOTHER, 1), (Sex.NOT_STATED, 2)]


@dataclass
class DemoActivity:
    code: str
    title: dict[str, str]
    kind: str
    start: datetime.date
    end: datetime.date
    modality: str
    pillars: list[str]
    objectives: list[str]
    unit: str
    initiative: str = ""
    output: str = "7.4"
    partners: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    priorities: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    target_regions: list[str] = field(default_factory=list)
    target_countries: list[str] = field(default_factory=list)
    description: str = ""
    parent: str = ""
    # Individual participation: {role: number of demo people}, drawn from these profile roles.
    people: dict[str, int] = field(default_factory=dict)
    person_roles: Sequence[str] = field(default_factory=list)
    # Aggregate counts at the venue: (total, countries listed).
    venue: tuple[int, list[str]] | None = None


def _d(month: int, day: int) -> datetime.date:
    return datetime.date(2026, month, day)


TEACHERS = ["teachers"]
TEACHER_ROLES = [PersonRole.TEACHER, PersonRole.TEACHER_TRAINER, PersonRole.SCHOOL_COUNSELLOR]
STUDENT_ROLES = [PersonRole.STUDENT, PersonRole.YOUTH]

ACTIVITIES: list[DemoActivity] = [
    DemoActivity(
        "gsec-2026",
        {
            "en": "Global Smart Education Conference 2026",
            "fr": "Conférence mondiale sur l'éducation intelligente 2026",
            "es": "Conferencia Mundial sobre Educación Inteligente 2026",
            "ar": "المؤتمر العالمي للتعليم الذكي 2026",
            "ru": "Глобальная конференция по смарт-образованию 2026",
            "zh-hans": "2026全球智慧教育大会",
        },
        "global_conference",
        _d(8, 18),
        _d(8, 20),
        "hybrid",
        ["P1"],
        ["SO1", "SO2"],
        "DPLM",
        "P1-GSEC",
        partners=["bnu"],
        languages=["en", "zh-hans", "ru"],
        priorities=["gender_equality", "africa_sids"],
        target_groups=["policymakers", "teachers", "researchers_partners_lifelong"],
        description="Evidence, policies and innovations on smart education ecosystems in the AI era, co-organised with Beijing Normal University.",
        people={"speaker": 14, "participant": 70},
        person_roles=[PersonRole.POLICYMAKER, PersonRole.RESEARCHER, PersonRole.TEACHER],
        venue=(640, ["CN", "KZ", "UZ", "EG", "KE", "ID", "TH", "RU", "FR", "BR", "NG", "AE"]),
    ),
    DemoActivity(
        "gmooc-2026",
        {
            "en": "Global MOOC and Online Education Conference 2026",
            "fr": "Conférence mondiale sur les MOOC et l'éducation en ligne 2026",
            "es": "Conferencia Mundial sobre MOOC y Educación en Línea 2026",
            "ar": "المؤتمر العالمي للمساقات الإلكترونية المفتوحة والتعليم عبر الإنترنت 2026",
            "ru": "Глобальная конференция по МООК и онлайн-образованию 2026",
            "zh-hans": "2026世界慕课与在线教育大会",
        },
        "global_conference",
        _d(10, 13),
        _d(10, 14),
        "hybrid",
        ["P1"],
        ["SO1", "SO2"],
        "DPLM",
        "P1-GMOOC",
        partners=["gma"],
        languages=["en", "zh-hans"],
        priorities=["inclusion"],
        target_groups=["policymakers", "researchers_partners_lifelong"],
        description="International cooperation in digital learning and open education, co-organised with the Global MOOC and Online Education Alliance.",
        people={"speaker": 10, "participant": 55},
        person_roles=[PersonRole.RESEARCHER, PersonRole.POLICYMAKER, PersonRole.TEACHER_TRAINER],
        venue=(380, ["CN", "GB", "US", "MY", "KZ", "ZA", "MX"]),
    ),
    DemoActivity(
        "icdll-2026",
        {
            "en": "International Conference on Digital Lifelong Learning 2026",
            "fr": "Conférence internationale sur l'apprentissage numérique tout au long de la vie 2026",
            "es": "Conferencia Internacional sobre Aprendizaje Digital a lo Largo de Toda la Vida 2026",
            "ar": "المؤتمر الدولي للتعلم الرقمي مدى الحياة 2026",
            "ru": "Международная конференция по цифровому обучению на протяжении всей жизни 2026",
            "zh-hans": "2026数字化终身学习国际会议",
        },
        "global_conference",
        _d(11, 5),
        _d(11, 6),
        "onsite",
        ["P1"],
        ["SO1"],
        "TPDN",
        "P1-ICDLL",
        output="1.10",
        partners=["sou", "unesco-uil"],
        languages=["en", "zh-hans"],
        priorities=["inclusion"],
        target_groups=["researchers_partners_lifelong", "policymakers"],
        description="Lifelong learning through ethical and innovative use of AI, co-organised with Shanghai Open University and the UNESCO Institute for Lifelong Learning.",
        people={"speaker": 8, "participant": 30},
        person_roles=[PersonRole.LIFELONG_LEARNER, PersonRole.RESEARCHER, PersonRole.POLICYMAKER],
        venue=(310, ["CN", "DE", "KR", "PH", "GH", "UZ", "BR"]),
    ),
    DemoActivity(
        "ces-2026",
        {
            "en": "Creativity in Education Summit 2026",
            "fr": "Sommet sur la créativité dans l'éducation 2026",
            "es": "Cumbre sobre la Creatividad en la Educación 2026",
            "ar": "قمة الإبداع في التعليم 2026",
            "ru": "Саммит «Креативность в образовании» 2026",
            "zh-hans": "2026教育创造力峰会",
        },
        "global_conference",
        _d(12, 9),
        _d(12, 10),
        "hybrid",
        ["P1"],
        ["SO2"],
        "TPDN",
        "P1-CES",
        partners=["gioct", "oecd"],
        languages=["en", "ru"],
        priorities=["youth"],
        target_groups=TEACHERS,
        description="Creativity, innovation and human-centred learning in the AI era, held with the Global Institute of Creative Thinking and the OECD.",
    ),
    DemoActivity(
        "huawei-ict-mea-ca-2026",
        {
            "en": "Huawei ICT Competition Regional Final 2026: Middle East and Central Asia",
            "fr": "Finale régionale du concours TIC Huawei 2026 : Moyen-Orient et Asie centrale",
            "es": "Final regional del Concurso TIC de Huawei 2026: Oriente Medio y Asia Central",
            "ar": "النهائي الإقليمي لمسابقة هواوي لتكنولوجيا المعلومات والاتصالات 2026: الشرق الأوسط وآسيا الوسطى",
            "ru": "Региональный финал конкурса Huawei ICT 2026: Ближний Восток и Центральная Азия",
            "zh-hans": "2026华为ICT大赛中东中亚区域总决赛",
        },
        "competition",
        _d(5, 12),
        _d(5, 14),
        "onsite",
        ["P5", "P1"],
        ["SO2"],
        "TPDN",
        "P5-HUAWEI-ICT",
        partners=["huawei"],
        languages=["en", "ar", "ru"],
        priorities=["youth", "gender_equality"],
        target_groups=["students_youth"],
        target_regions=["arab-states", "eastern-europe-central-asia"],
        target_countries=["EG", "JO", "AE", "SA", "OM", "KZ", "UZ", "KG", "TJ"],
        description="AI and digital technologies in education and entrepreneurship: the regional final for student teams and their instructors.",
        people={"participant": 60, "judge": 6, "mentor": 10},
        person_roles=STUDENT_ROLES,
        venue=(420, ["EG", "JO", "AE", "SA", "OM", "KZ", "UZ", "KG", "TJ", "TN"]),
    ),
    DemoActivity(
        "gcdf-2026",
        {
            "en": "Global Competition on Design for the Futures 2026",
            "fr": "Concours mondial de design pour les futurs 2026",
            "es": "Concurso Mundial de Diseño para los Futuros 2026",
            "ar": "المسابقة العالمية للتصميم من أجل المستقبل 2026",
            "ru": "Глобальный конкурс «Дизайн для будущего» 2026",
            "zh-hans": "2026面向未来的全球设计大赛",
        },
        "competition",
        _d(3, 1),
        _d(7, 15),
        "online",
        ["P5"],
        ["SO2"],
        "DPLM",
        "P5-GCDF",
        partners=["bnu"],
        languages=["en", "zh-hans"],
        priorities=["youth"],
        target_groups=["students_youth", "teachers"],
        description="Innovative design on AI for Education, AI for Science and AI for Society, co-organised with Beijing Normal University.",
        people={"participant": 90, "judge": 8},
        person_roles=STUDENT_ROLES,
    ),
    DemoActivity(
        "icsa-2026",
        {
            "en": "International Creativity in Schools Award 2026",
            "fr": "Prix international de la créativité à l'école 2026",
            "es": "Premio Internacional a la Creatividad en las Escuelas 2026",
            "ar": "الجائزة الدولية للإبداع في المدارس 2026",
            "ru": "Международная премия «Креативность в школах» 2026",
            "zh-hans": "2026国际学校创造力奖",
        },
        "award",
        _d(6, 1),
        _d(9, 30),
        "online",
        ["P5"],
        ["SO2"],
        "TPDN",
        "P5-ICSA",
        partners=["gioct"],
        languages=["en", "ru"],
        priorities=["youth"],
        target_groups=TEACHERS,
        description="Celebrating excellence in fostering creativity in education.",
        people={"participant": 45, "judge": 5},
        person_roles=TEACHER_ROLES,
    ),
    DemoActivity(
        "gsei-prize-2026",
        {
            "en": "Global Smart Education Innovation Prize 2026",
            "fr": "Prix mondial de l'innovation en éducation intelligente 2026",
            "es": "Premio Mundial a la Innovación en Educación Inteligente 2026",
            "ar": "الجائزة العالمية للابتكار في التعليم الذكي 2026",
            "ru": "Глобальная премия за инновации в смарт-образовании 2026",
            "zh-hans": "2026全球智慧教育创新奖",
        },
        "award",
        _d(4, 1),
        _d(8, 19),
        "online",
        ["P5"],
        ["SO2"],
        "DPLM",
        "P5-GSEI-PRIZE",
        partners=["bnu"],
        languages=["en", "zh-hans"],
        target_groups=["teachers", "policymakers"],
        description="Recognising leading practices in smart and AI-enabled education; presented at the Global Smart Education Conference.",
        parent="gsec-2026",
        people={"participant": 35, "judge": 5},
        person_roles=[PersonRole.TEACHER, PersonRole.POLICYMAKER, PersonRole.RESEARCHER],
    ),
    DemoActivity(
        "bestpaper-2026",
        {
            "en": "Best Research Paper and Best Practice Award 2026",
            "fr": "Prix du meilleur article de recherche et de la meilleure pratique 2026",
            "es": "Premio al Mejor Artículo de Investigación y a la Mejor Práctica 2026",
            "ar": "جائزة أفضل ورقة بحثية وأفضل ممارسة 2026",
            "ru": "Премия за лучшую научную статью и лучшую практику 2026",
            "zh-hans": "2026最佳研究论文与最佳实践奖",
        },
        "award",
        _d(7, 1),
        _d(11, 6),
        "online",
        ["P5"],
        ["SO1"],
        "TPDN",
        "P5-BESTPAPER",
        output="1.10",
        partners=["sou"],
        target_groups=["researchers_partners_lifelong"],
        description="Honouring academic and practical contributions to digital education; presented at the International Conference on Digital Lifelong Learning.",
        parent="icdll-2026",
        people={"participant": 28, "judge": 4},
        person_roles=[
            PersonRole.RESEARCHER,
            PersonRole.LIFELONG_LEARNER,
            PersonRole.TEACHER_TRAINER,
        ],
    ),
    DemoActivity(
        "arab-states-ai-convention-2026",
        {
            "en": "Regional Convention on AI in Education for the Arab States 2026",
            "ar": "المؤتمر الإقليمي للذكاء الاصطناعي في التعليم للدول العربية 2026",
        },
        "regional_convention",
        _d(4, 21),
        _d(4, 22),
        "onsite",
        ["P1"],
        ["SO1", "SO2"],
        "DPLM",
        "P1-REG-AS-SEA",
        partners=["alecso"],
        languages=["ar", "en"],
        priorities=["gender_equality"],
        target_groups=["policymakers", "teachers"],
        target_regions=["arab-states"],
        target_countries=["EG", "JO", "TN", "MA", "OM", "LB"],
        description="AI and emerging technologies in education, for policymakers and teachers of the Arab States.",
        people={"speaker": 9, "participant": 25},
        person_roles=[PersonRole.POLICYMAKER, PersonRole.TEACHER],
        venue=(210, ["EG", "JO", "TN", "MA", "OM", "LB", "AE", "SA", "QA"]),
    ),
    DemoActivity(
        "sea-ai-convention-2026",
        {"en": "Regional Convention on AI in Education for Southeast Asia 2026"},
        "regional_convention",
        _d(9, 8),
        _d(9, 9),
        "hybrid",
        ["P1"],
        ["SO1", "SO2"],
        "DPLM",
        "P1-REG-AS-SEA",
        partners=["seameo"],
        priorities=["inclusion"],
        target_groups=["policymakers", "teachers"],
        target_regions=["southeast-asia"],
        target_countries=["ID", "VN", "TH", "MY", "PH"],
        description="AI and emerging technologies in education for Southeast Asia, with SEAMEO.",
        people={"speaker": 7, "participant": 30},
        person_roles=[PersonRole.POLICYMAKER, PersonRole.TEACHER],
        venue=(150, ["ID", "VN", "TH", "MY", "PH", "KH", "LA"]),
    ),
    DemoActivity(
        "africa-ai-competencies-forum-2026",
        {
            "en": "Forum on AI Competencies for Policymakers, Teachers and Youth in Africa 2026",
            "fr": "Forum sur les compétences en IA des décideurs, enseignants et jeunes en Afrique 2026",
        },
        "regional_convention",
        _d(6, 16),
        _d(6, 17),
        "onsite",
        ["P1", "P4"],
        ["SO2"],
        "TPDN",
        "P1-REG-AFRICA-AI",
        languages=["en", "fr"],
        priorities=["africa_sids", "gender_equality", "youth"],
        target_groups=["policymakers", "teachers", "students_youth"],
        target_regions=["africa"],
        target_countries=["KE", "NG", "GH", "ET", "RW", "SN", "CI", "UG"],
        description="AI competencies for policymakers, teachers and youth in Africa.",
        people={"speaker": 8, "participant": 40},
        person_roles=[PersonRole.TEACHER, PersonRole.POLICYMAKER, PersonRole.YOUTH],
        venue=(260, ["KE", "NG", "GH", "ET", "RW", "SN", "CI", "UG", "TZ", "CM", "ZA"]),
    ),
    DemoActivity(
        "eeca-wellbeing-forum-2026",
        {
            "en": "Regional Forum on Health and Well-being Education, Eastern Europe and Central Asia 2026",
            "ru": "Региональный форум по образованию в области здоровья и благополучия, Восточная Европа и Центральная Азия 2026",
        },
        "regional_convention",
        _d(10, 1),
        _d(10, 2),
        "onsite",
        ["P1", "P4"],
        ["SO3"],
        "ICTHE",
        "P1-REG-EECA-WB",
        languages=["ru"],
        priorities=["youth", "inclusion"],
        target_groups=["teachers", "students_youth"],
        target_regions=["eastern-europe-central-asia"],
        target_countries=["KZ", "UZ", "KG", "TJ", "AM", "MD", "BY"],
        description="A learning environment that fosters personality development: social and emotional skills and the prevention of violence and bullying.",
        people={"speaker": 6, "participant": 35},
        person_roles=[PersonRole.SCHOOL_COUNSELLOR, PersonRole.TEACHER, PersonRole.YOUTH],
        venue=(180, ["KZ", "UZ", "KG", "TJ", "AM", "MD", "BY", "AZ"]),
    ),
    DemoActivity(
        "report-ai-divide-2026",
        {
            "en": "Confronting the AI Divide in Education: Research Report",
            "fr": "Combler la fracture de l'IA dans l'éducation : rapport de recherche",
            "ru": "Преодоление разрыва в области ИИ в образовании: исследовательский доклад",
        },
        "research_report",
        _d(3, 30),
        _d(3, 30),
        "online",
        ["P2"],
        ["SO1"],
        "DPLM",
        "P2-REPORTS",
        output="1.10",
        languages=["en", "fr", "ru"],
        priorities=["africa_sids", "inclusion"],
        target_groups=["policymakers"],
        description="Evidence and recommendations for policymakers on the new AI divide, connectivity and inclusion.",
    ),
    DemoActivity(
        "brief-gender-bias-ai-2026",
        {
            "en": "Gender Bias in AI Tools for Education: Policy Brief",
            "es": "Sesgo de género en las herramientas de IA para la educación: nota de política",
        },
        "policy_brief",
        _d(3, 8),
        _d(3, 8),
        "online",
        ["P2"],
        ["SO1"],
        "DPLM",
        "P2-REPORTS",
        languages=["en", "es"],
        priorities=["gender_equality"],
        target_groups=["policymakers", "teachers"],
        description="What policymakers and teachers can do about gender bias in AI tools used in schools.",
    ),
    DemoActivity(
        "brief-school-cybersecurity-2026",
        {
            "en": "Data Protection and School Cybersecurity: Policy Brief",
            "ru": "Защита данных и кибербезопасность школ: аналитическая записка",
        },
        "policy_brief",
        _d(9, 22),
        _d(9, 22),
        "online",
        ["P2"],
        ["SO2"],
        "DPLM",
        "P2-REPORTS",
        languages=["en", "ru"],
        target_groups=["policymakers"],
        description="Safeguarding learners' data and schools' systems as AI tools enter classrooms.",
    ),
    DemoActivity(
        "practices-ai-teaching-2026",
        {
            "en": "AI in Teaching and Learning: Collection of Best Practices from Teachers",
            "ar": "الذكاء الاصطناعي في التعليم والتعلم: مجموعة من أفضل ممارسات المعلمين",
        },
        "best_practices",
        _d(10, 20),
        _d(10, 20),
        "online",
        ["P2"],
        ["SO1"],
        "TPDN",
        "P2-PRACTICES",
        languages=["en", "ar"],
        priorities=["inclusion"],
        target_groups=TEACHERS,
        description="Practices from teachers on integrating AI in teaching, addressing creativity, inclusion, bias and safety.",
    ),
    DemoActivity(
        "guidance-mil-teachers-2026",
        {"en": "Media and Information Literacy for Teachers in the AI Era: Technical Guidance"},
        "guidance",
        _d(6, 30),
        _d(6, 30),
        "online",
        ["P2"],
        ["SO2"],
        "TPDN",
        "P2-GUIDANCE",
        target_groups=TEACHERS,
        description="Guidance for teachers on Media and Information Literacy when generative AI is everywhere.",
    ),
    DemoActivity(
        "policy-advice-kenya-2026",
        {"en": "Technical assistance to Kenya on a national AI in education strategy"},
        "policy_advice",
        _d(2, 2),
        _d(11, 30),
        "hybrid",
        ["P2"],
        ["SO2"],
        "DPLM",
        priorities=["africa_sids"],
        target_groups=["policymakers"],
        target_regions=["africa"],
        target_countries=["KE"],
        description="Advice to the Ministry of Education on integrating AI competencies into national policy and curricula.",
    ),
    DemoActivity(
        "policy-advice-uzbekistan-2026",
        {
            "en": "Technical assistance to Uzbekistan on digital competencies of teachers",
            "ru": "Техническая помощь Узбекистану в развитии цифровых компетенций учителей",
        },
        "policy_advice",
        _d(4, 1),
        _d(12, 20),
        "hybrid",
        ["P2"],
        ["SO2"],
        "TPDN",
        languages=["ru", "en"],
        target_groups=["policymakers", "teachers"],
        target_regions=["eastern-europe-central-asia"],
        target_countries=["UZ"],
        description="Support for a national framework of teachers' digital and AI competencies.",
    ),
    DemoActivity(
        "policy-advice-jordan-2026",
        {
            "en": "Technical assistance to Jordan on ethical use of AI in schools",
            "ar": "المساعدة التقنية للأردن بشأن الاستخدام الأخلاقي للذكاء الاصطناعي في المدارس",
        },
        "policy_advice",
        _d(5, 4),
        _d(10, 30),
        "hybrid",
        ["P2"],
        ["SO2"],
        "DPLM",
        languages=["ar", "en"],
        priorities=["gender_equality"],
        target_groups=["policymakers"],
        target_regions=["arab-states"],
        target_countries=["JO"],
        description="Recommendations on guidelines for the ethical use of generative AI in schools.",
    ),
]

TODAY = datetime.date(2026, 11, 23)


def _status(activity: DemoActivity) -> str:
    if activity.end < TODAY:
        return "completed"
    if activity.start <= TODAY:
        return "ongoing"
    return "planned"


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _demo_people(rng: random.Random, countries: dict[str, int]) -> list[User]:
    """The demo accounts, created once; the profile of each comes from the seeded generator."""
    specs = []
    for index in range(1, DEMO_USERS + 1):
        iso2 = rng.choice(_weighted(rng, [(codes, w) for w, codes in REGION_COUNTRIES]))
        specs.append(
            {
                "email": f"person{index:04d}@{DEMO_DOMAIN}",
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "country_id": countries.get(iso2),
                "sex": _weighted(rng, SEX_WEIGHTS),
                "role": _weighted(rng, ROLE_WEIGHTS),
                "age_band": rng.choice(
                    [AgeBand.AGE_18_24, AgeBand.AGE_25_34, AgeBand.AGE_35_44, AgeBand.AGE_45_54]
                ),
            }
        )
    existing = set(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True)
    )
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(password=unusable, preferred_language="en", **spec)
            for spec in specs
            if spec["email"] not in existing
        ],
        batch_size=500,
    )
    by_email = {user.email: user for user in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    return [by_email[spec["email"]] for spec in specs]


def _split(rng: random.Random, total: int) -> tuple[int, int, int, int]:
    female = round(total * rng.uniform(0.48, 0.62))
    not_stated = round(total * rng.uniform(0.0, 0.03))
    another = 1 if total > 200 and rng.random() < 0.5 else 0
    male = total - female - not_stated - another
    return female, male, another, not_stated


@transaction.atomic
def load_demo() -> str:
    period = StrategyPeriod.objects.filter(code="2026-2029").first()
    if period is None:
        return "skipped: the 2026–2029 strategy is not loaded"
    rng = random.Random(SEED)
    countries = dict(Country.objects.values_list("iso2", "pk"))
    people = _demo_people(rng, countries)

    def framework(model: Any, codes: list[str]) -> list[Any]:
        return list(model.objects.filter(period=period, code__in=codes))

    partners = {partner.slug: partner for partner in Partner.objects.all()}
    regions = {region.code: region for region in PriorityRegion.objects.all()}
    created = 0
    participations: list[Participation] = []
    for spec in ACTIVITIES:
        activity, was_created = Activity.objects.get_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "description": {"en": spec.description} if spec.description else {},
                "original_language": "en",
                "kind": spec.kind,
                "period": period,
                "start_date": spec.start,
                "end_date": spec.end,
                "modality": spec.modality,
                "languages": spec.languages,
                "status": _status(spec),
                "unit": ProgrammeUnit.objects.filter(period=period, code=spec.unit).first(),
                "output": UnescoOutput.objects.filter(period=period, code=spec.output).first(),
                "initiative": Initiative.objects.filter(period=period, code=spec.initiative).first()
                if spec.initiative
                else None,
                "parent": Activity.objects.filter(code=spec.parent).first()
                if spec.parent
                else None,
            },
        )
        # Drawing the same numbers whether or not the activity exists keeps the run deterministic.
        chosen = _choose_people(rng, people, spec)
        venue = _venue(rng, spec)
        if not was_created:
            continue
        created += 1
        activity.pillars.set(framework(ProgrammePillar, spec.pillars))
        activity.objectives.set(framework(StrategicObjective, spec.objectives))
        activity.priorities.set(framework(Priority, spec.priorities))
        activity.target_groups.set(framework(TargetGroup, spec.target_groups))
        activity.partners.set([partners[slug] for slug in spec.partners if slug in partners])
        activity.target_regions.set([regions[c] for c in spec.target_regions if c in regions])
        activity.target_countries.set(
            [countries[c] for c in spec.target_countries if c in countries]
        )
        completed = activity.status == "completed"
        for role, person in chosen:
            participations.append(
                Participation(
                    activity=activity,
                    person=person,
                    person_key=person.person_key,
                    role=role,
                    attended=completed,
                    completed=completed and spec.kind in ("competition", "award"),
                    certified=False,
                    country_id=person.country_id,
                    sex=person.sex,
                    age_band=person.age_band,
                    person_role=person.role,
                    source=ParticipationSource.ATTENDANCE
                    if spec.kind in ("global_conference", "regional_convention")
                    else ParticipationSource.COMPETITION,
                )
            )
        if venue is not None and completed:
            total, split, listed, group_code = venue
            record = AggregateParticipation.objects.create(
                activity=activity,
                role=ParticipationRole.PARTICIPANT,
                total=total,
                female=split[0],
                male=split[1],
                another=split[2],
                not_stated=split[3],
                country_count=len(listed),
                target_group=TargetGroup.objects.filter(period=period, code=group_code).first(),
                evidence="Registration desk counts (demo data)",
                notes="People counted at the venue who have no account on the platform.",
            )
            record.countries.set([countries[c] for c in listed if c in countries])
    Participation.objects.bulk_create(participations, batch_size=500, ignore_conflicts=True)
    return f"{created} activities, {len(participations)} participation records"


def _choose_people(
    rng: random.Random, people: list[User], spec: DemoActivity
) -> list[tuple[str, User]]:
    """Demo people for each role, preferring the activity's profile roles."""
    preferred = [p for p in people if p.role in spec.person_roles] or people
    chosen: list[tuple[str, User]] = []
    taken: set[int] = set()
    for role, count in spec.people.items():
        pool = preferred if role in ("participant",) else people
        for person in rng.sample(pool, min(count, len(pool))):
            if person.pk not in taken:
                taken.add(person.pk)
                chosen.append((role, person))
    return chosen


def _venue(
    rng: random.Random, spec: DemoActivity
) -> tuple[int, tuple[int, int, int, int], list[str], str] | None:
    if spec.venue is None:
        return None
    total, listed = spec.venue
    group = spec.target_groups[0] if spec.target_groups else "teachers"
    return total, _split(rng, total), listed, group
