"""Demo events for `make run`: idempotent, keyed by slug.

The 2026 webinar series "Harnessing AI and Emerging Technologies to Transform Education"
(Pillar 4) in Russian, French, English and Arabic, some past with attendance and some
open for registration; a training workshop; a youth forum with a consultation; and the
pages of the four flagship conferences (Pillar 1) around the programme's activities.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from iite.accounts.models import User
from iite.partners.models import Partner
from iite.programme.models import Activity
from iite.reference.models import Country, PriorityRegion
from iite.strategy.models import StrategyPeriod, TargetGroup

from .consultations import consultation_submit
from .models import (
    ConsultationQuestion,
    Event,
    EventSession,
    EventStatus,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Speaker,
    Theme,
)
from .services import event_create, registration_mark_attended

THEMES = {
    "ai-competencies": {
        "en": "AI competencies",
        "fr": "Compétences en IA",
        "ru": "Компетенции в области ИИ",
        "ar": "كفاءات الذكاء الاصطناعي",
        "es": "Competencias en IA",
        "zh-hans": "人工智能素养",
    },
    "ethics-of-ai": {
        "en": "Ethics of AI",
        "fr": "Éthique de l'IA",
        "ru": "Этика ИИ",
        "ar": "أخلاقيات الذكاء الاصطناعي",
        "es": "Ética de la IA",
        "zh-hans": "人工智能伦理",
    },
    "mil": {
        "en": "Media and information literacy",
        "fr": "Éducation aux médias et à l'information",
        "ru": "Медийная и информационная грамотность",
        "ar": "الدراية الإعلامية والمعلوماتية",
        "es": "Alfabetización mediática e informacional",
        "zh-hans": "媒体与信息素养",
    },
    "health-well-being": {
        "en": "Health and well-being",
        "fr": "Santé et bien-être",
        "ru": "Здоровье и благополучие",
        "ar": "الصحة والرفاه",
        "es": "Salud y bienestar",
        "zh-hans": "健康与福祉",
    },
    "smart-education": {
        "en": "Smart education",
        "fr": "Éducation intelligente",
        "ru": "Умное образование",
        "ar": "التعليم الذكي",
        "es": "Educación inteligente",
        "zh-hans": "智慧教育",
    },
    "open-education": {
        "en": "Open education and OER",
        "fr": "Éducation ouverte et REL",
        "ru": "Открытое образование и ОЗР",
        "ar": "التعليم المفتوح والموارد التعليمية المفتوحة",
        "es": "Educación abierta y REA",
        "zh-hans": "开放教育与开放教育资源",
    },
}

SERIES_TITLE = {
    "en": "Harnessing AI and Emerging Technologies to Transform Education",
    "fr": "Exploiter l'IA et les technologies émergentes pour transformer l'éducation",
    "ru": "Использование ИИ и новых технологий для трансформации образования",
    "ar": "تسخير الذكاء الاصطناعي والتكنولوجيات الناشئة لتحويل التعليم",
    "es": "Aprovechar la IA y las tecnologías emergentes para transformar la educación",
    "zh-hans": "利用人工智能和新兴技术变革教育",
}

# (slug, language, month, day, hour UTC, zone, title, themes, regions)
WEBINARS = [
    (
        "webinar-ai-teachers-ru-2026-02",
        "ru",
        2,
        17,
        10,
        "Europe/Moscow",
        {
            "ru": "ИИ в работе учителя: практики Центральной Азии",
            "en": "AI in teachers' work: practices from Central Asia",
        },
        ["ai-competencies"],
        ["eastern-europe-central-asia"],
    ),
    (
        "webinar-coding-fr-2026-04",
        "fr",
        4,
        14,
        12,
        "Africa/Dakar",
        {
            "fr": "Initiation au codage pour les enseignants d'Afrique francophone",
            "en": "Coding for teachers in Francophone Africa",
        },
        ["ai-competencies"],
        ["africa"],
    ),
    (
        "webinar-ethics-en-2026-06",
        "en",
        6,
        9,
        13,
        "UTC",
        {"en": "Ethics of AI in the classroom: bias, data protection and school cybersecurity"},
        ["ethics-of-ai"],
        [],
    ),
    (
        "webinar-mil-ar-2026-09",
        "ar",
        9,
        22,
        11,
        "Asia/Riyadh",
        {
            "ar": "الدراية الإعلامية والمعلوماتية في عصر الذكاء الاصطناعي",
            "en": "Media and information literacy in the age of AI",
        },
        ["mil"],
        ["arab-states"],
    ),
    (
        "webinar-assessment-ru-2026-12",
        "ru",
        12,
        8,
        9,
        "Asia/Almaty",
        {
            "ru": "Оценивание и ИИ: новые подходы для учителей",
            "en": "Assessment and AI: new approaches for teachers",
        },
        ["ai-competencies", "ethics-of-ai"],
        ["eastern-europe-central-asia"],
    ),
    (
        "webinar-wellbeing-fr-2026-12",
        "fr",
        12,
        15,
        13,
        "Africa/Abidjan",
        {
            "fr": "Santé et bien-être à l'école : l'apport des outils numériques",
            "en": "Health and well-being at school: what digital tools bring",
        },
        ["health-well-being"],
        ["africa"],
    ),
    (
        "webinar-genai-en-2026-12",
        "en",
        12,
        17,
        14,
        "UTC",
        {"en": "Generative AI and the new role of teachers"},
        ["ai-competencies"],
        [],
    ),
    (
        "webinar-arabic-content-ar-2026-12",
        "ar",
        12,
        21,
        10,
        "Asia/Dubai",
        {
            "ar": "توطين المحتوى الرقمي وتعدد اللغات في التعليم",
            "en": "Localising digital content and multilingualism in education",
        },
        ["open-education"],
        ["arab-states"],
    ),
]

FLAGSHIPS = [
    (
        "gsec-2026",
        "Global Smart Education Conference 2026",
        ["bnu"],
        "Asia/Shanghai",
        8,
        18,
        3,
        ["smart-education"],
        "Beijing",
    ),
    (
        "gmooc-2026",
        "Global MOOC and Online Education Conference 2026",
        ["gma"],
        "Asia/Shanghai",
        10,
        20,
        2,
        ["open-education"],
        "Beijing",
    ),
    (
        "icdll-2026",
        "International Conference on Digital Lifelong Learning 2026",
        ["sou", "unesco-uil"],
        "Asia/Shanghai",
        11,
        26,
        2,
        ["ai-competencies"],
        "Shanghai",
    ),
    (
        "ces-2026",
        "Creativity in Education Summit 2026",
        ["gioct", "oecd"],
        "Europe/Paris",
        12,
        9,
        2,
        ["smart-education"],
        "Paris",
    ),
]

DEMO_PEOPLE = [
    ("aigerim.demo@example.org", "Aigerim Nurlanovna", "KZ", "female", "teacher", "ru"),
    ("ivan.demo@example.org", "Ivan Petrov", "RU", "male", "teacher_trainer", "ru"),
    ("aminata.demo@example.org", "Aminata Diallo", "SN", "female", "teacher", "fr"),
    ("kofi.demo@example.org", "Kofi Mensah", "GH", "male", "policymaker", "en"),
    ("layla.demo@example.org", "Layla Haddad", "JO", "female", "student", "ar"),
    ("omar.demo@example.org", "Omar Farouk", "EG", "male", "youth", "ar"),
    ("mei.demo@example.org", "Wang Mei", "CN", "female", "researcher", "zh-hans"),
    ("lucia.demo@example.org", "Lucía Gómez", "CO", "female", "teacher", "es"),
]


def _period() -> StrategyPeriod:
    period = StrategyPeriod.objects.filter(is_current=True).first()
    if period is None:
        period, _created = StrategyPeriod.objects.get_or_create(
            code="2026-2029",
            defaults={
                "start_year": 2026,
                "end_year": 2029,
                "is_current": True,
                "title": {"en": "Medium-Term Strategy 2026–2029"},
            },
        )
    return period


def _people() -> list[User]:
    people = []
    for email, name, iso2, sex, role, language in DEMO_PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                None,
                name=name,
                country=Country.objects.filter(iso2=iso2).first(),
                sex=sex,
                role=role,
                preferred_language=language,
            )
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    return people


def _groups(*roles: str) -> list[TargetGroup]:
    return [
        group
        for group in TargetGroup.objects.filter(period__is_current=True)
        if set(group.person_roles or []) & set(roles)
    ]


def _at(month: int, day: int, hour: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=UTC)


def _event(slug: str, **values: Any) -> tuple[Event, bool]:
    existing = Event.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    values.setdefault("status", EventStatus.PUBLISHED)
    return event_create(slug=slug, **values), True


def load_demo_events() -> str:
    _period()
    themes = {}
    for slug, name in THEMES.items():
        themes[slug], _created = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    regions = {r.code: r for r in PriorityRegion.objects.all()}
    people = _people()
    now = timezone.now()
    created = 0

    series, made = _event(
        "harnessing-ai-webinars-2026",
        title=SERIES_TITLE,
        kind="webinar_series",
        original_language="en",
        modality="online",
        languages=["ru", "fr", "en", "ar"],
        starts_at=_at(2, 17, 10),
        ends_at=_at(12, 21, 12),
        time_zone="UTC",
        registration_open=False,
        summary={
            "en": (
                "IITE's regular multilingual webinars for teachers, policymakers and students: "
                "Russian for Central Asia, French for Francophone Africa, Arabic for the Arab "
                "States and English for everyone."
            ),
            "ru": "Регулярные многоязычные вебинары ИИТО для учителей, руководителей и студентов.",
        },
        themes=[themes["ai-competencies"], themes["ethics-of-ai"]],
        target_groups=_groups("teacher", "policymaker", "student"),
    )
    created += made
    for slug, language, month, day, hour, zone, title, theme_codes, region_codes in WEBINARS:
        starts = _at(month, day, hour)
        event, made = _event(
            slug,
            title=title,
            kind="webinar",
            original_language=language,
            modality="online",
            languages=[language],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            time_zone=zone,
            series=series,
            capacity=500,
            joining_url="https://zoom.example.org/j/8123456789",
            captions=True,
            accessible_materials=True,
            summary=title,
            themes=[themes[code] for code in theme_codes],
            target_regions=[regions[code] for code in region_codes if code in regions],
            target_groups=_groups("teacher", "teacher_trainer"),
        )
        if not made:
            continue
        created += 1
        EventSession.objects.create(
            event=event,
            title=title,
            original_language=language,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=90),
            language=language,
        )
        Speaker.objects.create(
            event=event,
            name="Dr. Natalia Amelina",
            affiliation="UNESCO IITE",
            bio={"en": "Senior National Project Officer in Education, UNESCO IITE."},
            consent_to_publish=True,
        )
        RegistrationQuestion.objects.create(
            event=event,
            label={
                "en": "What do you hope to learn?",
                "ru": "Что вы хотите узнать?",
                "fr": "Qu'espérez-vous apprendre ?",
                "ar": "ما الذي تأمل أن تتعلمه؟",
            },
            kind="text",
        )
        speakers_language = [p for p in people if p.preferred_language == language] or people[:2]
        for person in speakers_language:
            registration = Registration.objects.create(
                event=event, user=person, status=RegistrationStatus.CONFIRMED
            )
            if event.ends_at < now:
                registration_mark_attended(registration=registration, minutes=80)
            else:
                from iite.programme.services import participation_record

                participation_record(activity=event.activity, person=person, source="registration")

    training, made = _event(
        "training-ai-tools-almaty-2026",
        title={
            "en": "Training workshop: AI tools in everyday teaching",
            "ru": "Тренинг: инструменты ИИ в повседневном преподавании",
        },
        kind="training",
        original_language="ru",
        modality="hybrid",
        languages=["ru", "en"],
        starts_at=_at(12, 14, 4),
        ends_at=_at(12, 15, 12),
        time_zone="Asia/Almaty",
        venue="Almaty",
        capacity=40,
        sign_language=True,
        captions=True,
        summary={
            "en": "Two days of hands-on practice for teacher trainers of Central Asia.",
            "ru": "Два дня практики для преподавателей-тренеров Центральной Азии.",
        },
        themes=[themes["ai-competencies"]],
        target_regions=[regions["eastern-europe-central-asia"]]
        if "eastern-europe-central-asia" in regions
        else [],
        target_groups=_groups("teacher_trainer", "teacher"),
    )
    if made:
        created += 1
        for day in (14, 15):
            EventSession.objects.create(
                event=training,
                title={"en": f"Day {day - 13}: morning practice"},
                starts_at=_at(12, day, 4),
                ends_at=_at(12, day, 7),
                room="Hall A",
                language="ru",
            )
            EventSession.objects.create(
                event=training,
                title={"en": f"Day {day - 13}: afternoon projects"},
                starts_at=_at(12, day, 8),
                ends_at=_at(12, day, 12),
                room="Hall A",
                language="ru",
            )

    forum, made = _event(
        "youth-forum-ai-education-2026",
        title={
            "en": "Youth Forum: technology in how we learn",
            "ar": "منتدى الشباب: التكنولوجيا في طريقة تعلمنا",
            "fr": "Forum de la jeunesse : la technologie dans notre façon d'apprendre",
        },
        kind="youth_forum",
        original_language="en",
        modality="online",
        languages=["en", "ar", "fr"],
        starts_at=_at(10, 12, 12),
        ends_at=_at(10, 12, 15),
        time_zone="UTC",
        consultation_open=True,
        consultation_anonymous=True,
        summary={"en": "A youth consultation on the use of technology in educational practice."},
        themes=[themes["ethics-of-ai"], themes["health-well-being"]],
        target_groups=_groups("youth", "student"),
    )
    if made:
        created += 1
        q1 = ConsultationQuestion.objects.create(
            event=forum,
            text={
                "en": "Which tool helps you learn most?",
                "fr": "Quel outil vous aide le plus à apprendre ?",
                "ar": "ما الأداة التي تساعدك أكثر على التعلم؟",
            },
            kind="choice",
            options=["AI chat assistants", "Video lessons", "Online courses", "Social media"],
            order=1,
        )
        q2 = ConsultationQuestion.objects.create(
            event=forum,
            text={
                "en": "How safe do you feel online at school?",
                "fr": "À quel point vous sentez-vous en sécurité en ligne à l'école ?",
                "ar": "ما مدى شعورك بالأمان على الإنترنت في المدرسة؟",
            },
            kind="scale",
            order=2,
        )
        q3 = ConsultationQuestion.objects.create(
            event=forum,
            text={"en": "What should teachers know about AI?"},
            kind="open",
            required=False,
            order=3,
        )
        answers = [
            ("AI chat assistants", "4", "How to check what AI says."),
            ("Video lessons", "3", "That we use it already."),
            ("AI chat assistants", "2", ""),
            ("Online courses", "5", "How to keep our data private."),
            ("Social media", "3", "Bias in AI answers."),
        ]
        for person, (choice, scale, text) in zip(people, answers, strict=False):
            consultation_submit(
                event=forum,
                user=person,
                answers={q1.pk: choice, q2.pk: scale, q3.pk: text},
                language=person.preferred_language,
            )

    for code, conference, partner_slugs, zone, month, day, days, theme_codes, venue in FLAGSHIPS:
        if Event.objects.filter(slug=code).exists():
            continue
        activity = Activity.objects.filter(code=code).first()
        starts = datetime(2026, month, day, 1, 0, tzinfo=UTC)
        title = {"en": conference}
        modality = "hybrid"
        languages = ["en", "zh-hans"] if zone == "Asia/Shanghai" else ["en", "fr"]
        extra: dict[str, Any] = {}
        if activity is not None:
            # The programme recorded this conference first: the event page follows its
            # title, dates and modality instead of rewriting them.
            starts = datetime.combine(activity.start_date, time(9), tzinfo=ZoneInfo(zone))
            days = (activity.end_date - activity.start_date).days + 1
            title = dict(activity.title)
            modality = activity.modality
            languages = list(activity.languages) or languages
            if activity.description:
                extra["description"] = dict(activity.description)
        event = event_create(
            slug=code,
            activity=activity,
            title=title,
            kind="global_conference",
            original_language="en",
            modality=modality,
            languages=languages,
            starts_at=starts,
            ends_at=starts + timedelta(days=days - 1, hours=9),
            time_zone=zone,
            venue=venue,
            status=EventStatus.PUBLISHED,
            captions=True,
            summary={"en": f"{conference}: a flagship conference of IITE's Pillar 1."},
            themes=[themes[c] for c in theme_codes],
            partners=list(Partner.objects.filter(slug__in=partner_slugs)),
            target_groups=_groups("policymaker", "teacher", "researcher"),
            **extra,
        )
        created += 1
        for offset in range(days):
            start = starts + timedelta(days=offset)
            EventSession.objects.create(
                event=event,
                title={"en": f"Day {offset + 1}: plenary"},
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                room="Plenary hall",
                language="en",
            )
            EventSession.objects.create(
                event=event,
                title={"en": f"Day {offset + 1}: parallel sessions"},
                starts_at=start + timedelta(hours=5),
                ends_at=start + timedelta(hours=9),
                room="Rooms 1–4",
                language="en",
            )
    return f"{created} events created"
