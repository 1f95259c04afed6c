"""Reference data (the risks of VII.3) and the demo data set; both idempotent."""

from __future__ import annotations

import datetime
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from iite.core.i18n import as_translated
from iite.core.records import records_changed_on_commit
from iite.programme.models import Activity
from iite.reference.models import Country
from iite.strategy.models import ProgrammePillar, StrategicObjective
from iite.strategy.selectors import current_period_items

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
# The keys of a mitigation action in risks.toml that are its text: the six languages and
# the mark of a translation pending the institute's review.
TEXT_KEYS = {"en", "fr", "es", "ar", "ru", "zh-hans", "_pending"}


def _translations_added(stored: Any, loaded: dict[str, Any]) -> dict[str, Any] | None:
    """The loaded languages for a text still as the migration left it, else None.

    Targets, owners and responsibles were plain English text before they became
    translatable; a text that is still exactly the data file's English (nobody edited
    it) takes the file's translations, one that staff changed is left alone.
    """
    texts = {code: text for code, text in dict(stored or {}).items() if not code.startswith("_")}
    if loaded.get("en") and texts == {"en": loaded["en"]} and len(loaded) > 1:
        return loaded
    return None


def load_risks() -> str:
    """Create the three risks of VII.3 with their first mitigation actions, once.

    A risk already in the register is left as staff edited it, except that an owner or a
    responsible still in English only, as the data file wrote it, takes its translations.
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
                "owner": as_translated(entry["owner"], "en"),
                "source_ref": entry["source_ref"],
            },
        )
        if was_created:
            created += 1
            for action in entry.get("actions", []):
                MitigationAction.objects.create(
                    risk=risk,
                    description={key: text for key, text in action.items() if key in TEXT_KEYS},
                    status=action["status"],
                    responsible=as_translated(action.get("responsible", ""), "en"),
                )
        else:
            _risk_translations_add(risk, entry)
    return f"{created} risks created"


def _risk_translations_add(risk: Risk, entry: dict[str, Any]) -> None:
    owner = _translations_added(risk.owner, as_translated(entry["owner"], "en"))
    if owner is not None:
        Risk.objects.filter(pk=risk.pk).update(owner=owner)
    for action in entry.get("actions", []):
        responsible = as_translated(action.get("responsible", ""), "en")
        for stored in risk.actions.filter(description__en=action["en"]):
            texts = _translations_added(stored.responsible, responsible)
            if texts is not None:
                MitigationAction.objects.filter(pk=stored.pk).update(responsible=texts)


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


# The demo items' targets in the other five languages: the platform's translation, pending review.
DEMO_ITEM_TARGETS: dict[str, dict[str, str]] = {
    "Co-organised with Beijing Normal University; 1,000 participants": {
        "fr": "Coorganisée avec l’Université normale de Pékin ; 1 000 participants",
        "es": "Coorganizada con la Universidad Normal de Beijing; 1000 participantes",
        "ar": "بالتنظيم المشترك مع جامعة بكين للمعلمين؛ 1000 مشارك",
        "ru": "Совместно с Пекинским педагогическим университетом; 1000 участников",
        "zh-hans": "与北京师范大学联合主办；1000名参与者",
    },
    "Co-organised with Tsinghua University": {
        "fr": "Coorganisée avec l’Université Tsinghua",
        "es": "Coorganizada con la Universidad de Tsinghua",
        "ar": "بالتنظيم المشترك مع جامعة تسينغهوا",
        "ru": "Совместно с Университетом Цинхуа",
        "zh-hans": "与清华大学联合主办",
    },
    "Co-organised with Shanghai Open University": {
        "fr": "Coorganisée avec l’Université ouverte de Shanghai",
        "es": "Coorganizada con la Universidad Abierta de Shanghái",
        "ar": "بالتنظيم المشترك مع جامعة شنغهاي المفتوحة",
        "ru": "Совместно с Шанхайским открытым университетом",
        "zh-hans": "与上海开放大学联合主办",
    },
    "Co-organised with GIoCT": {
        "fr": "Coorganisé avec le GIoCT",
        "es": "Coorganizada con el GIoCT",
        "ar": "بالتنظيم المشترك مع GIoCT",
        "ru": "Совместно с GIoCT",
        "zh-hans": "与GIoCT联合主办",
    },
    "Teams of students and teachers from the region": {
        "fr": "Des équipes d’élèves et d’enseignants de la région",
        "es": "Equipos de estudiantes y docentes de la región",
        "ar": "فرق من الطلاب والمعلمين من المنطقة",
        "ru": "Команды учащихся и учителей из региона",
        "zh-hans": "来自本地区的学生和教师团队",
    },
    "Co-organised with Beijing Normal University": {
        "fr": "Coorganisé avec l’Université normale de Pékin",
        "es": "Coorganizado con la Universidad Normal de Beijing",
        "ar": "بالتنظيم المشترك مع جامعة بكين للمعلمين",
        "ru": "Совместно с Пекинским педагогическим университетом",
        "zh-hans": "与北京师范大学联合主办",
    },
    "Organised with GIoCT": {
        "fr": "Organisé avec le GIoCT",
        "es": "Organizado con el GIoCT",
        "ar": "بالتنظيم مع GIoCT",
        "ru": "Организуется вместе с GIoCT",
        "zh-hans": "与GIoCT共同组织",
    },
    "Prize for innovative practice": {
        "fr": "Prix récompensant une pratique innovante",
        "es": "Premio a la práctica innovadora",
        "ar": "جائزة للممارسات المبتكرة",
        "ru": "Премия за инновационную практику",
        "zh-hans": "表彰创新实践的奖项",
    },
    "Offered with Shanghai Open University at ICDLL": {
        "fr": "Décerné avec l’Université ouverte de Shanghai lors de l’ICDLL",
        "es": "Otorgado con la Universidad Abierta de Shanghái en la ICDLL",
        "ar": "تُمنح بالتعاون مع جامعة شنغهاي المفتوحة خلال ICDLL",
        "ru": "Вручается вместе с Шанхайским открытым университетом на ICDLL",
        "zh-hans": "与上海开放大学在ICDLL期间共同颁发",
    },
    "Monthly webinars in English, French and Russian": {
        "fr": "Des webinaires mensuels en anglais, en français et en russe",
        "es": "Seminarios web mensuales en inglés, francés y ruso",
        "ar": "ندوات إلكترونية شهرية بالإنكليزية والفرنسية والروسية",
        "ru": "Ежемесячные вебинары на английском, французском и русском языках",
        "zh-hans": "每月以英语、法语和俄语举办网络研讨会",
    },
    "Teachers completing courses with a certificate": {
        "fr": "Des enseignants qui terminent des cours avec un certificat",
        "es": "Docentes que completan cursos con certificado",
        "ar": "معلمون يُتمّون الدورات ويحصلون على شهادة",
        "ru": "Учителя, завершившие курсы с получением сертификата",
        "zh-hans": "完成课程并获得证书的教师",
    },
    "Published in English, Russian and Arabic": {
        "fr": "Publiée en anglais, en russe et en arabe",
        "es": "Publicada en inglés, ruso y árabe",
        "ar": "منشور بالإنكليزية والروسية والعربية",
        "ru": "Публикуется на английском, русском и арабском языках",
        "zh-hans": "以英文、俄文和阿拉伯文出版",
    },
}


# The demo items' titles in the other five languages (the platform's translation).
# The officers' narratives in the six languages: the platform's translation, pending review.
DEMO_ITEM_NARRATIVES: dict[str, dict[str, str]] = {
    "Held in August with Beijing Normal University.": {
        "fr": "Tenue en août avec l’Université normale de Pékin.",
        "es": "Celebrada en agosto con la Universidad Normal de Beijing.",
        "ar": "عُقد في أغسطس بالتعاون مع جامعة بكين للمعلمين.",
        "ru": "Проведена в августе совместно с Пекинским педагогическим университетом.",
        "zh-hans": "8月与北京师范大学共同举办。",
    },
    "Held with Tsinghua University.": {
        "fr": "Tenue avec l’Université Tsinghua.",
        "es": "Celebrada con la Universidad de Tsinghua.",
        "ar": "عُقد بالتعاون مع جامعة تسينغهوا.",
        "ru": "Проведена совместно с Университетом Цинхуа.",
        "zh-hans": "与清华大学共同举办。",
    },
    "Preparations with Shanghai Open University under way.": {
        "fr": "Préparatifs en cours avec l’Université ouverte de Shanghai.",
        "es": "Preparativos en curso con la Universidad Abierta de Shanghái.",
        "ar": "الأعمال التحضيرية جارية مع جامعة شنغهاي المفتوحة.",
        "ru": "Идёт подготовка совместно с Шанхайским открытым университетом.",
        "zh-hans": "正与上海开放大学开展筹备工作。",
    },
    "Programme agreed with GIoCT.": {
        "fr": "Programme convenu avec le GIoCT.",
        "es": "Programa acordado con el GIoCT.",
        "ar": "اتُّفق على البرنامج مع GIoCT.",
        "ru": "Программа согласована с GIoCT.",
        "zh-hans": "已与GIoCT商定议程。",
    },
    "Regional final held in May.": {
        "fr": "Finale régionale tenue en mai.",
        "es": "Final regional celebrada en mayo.",
        "ar": "أُقيمت التصفيات النهائية الإقليمية في مايو.",
        "ru": "Региональный финал проведён в мае.",
        "zh-hans": "区域决赛已于5月举行。",
    },
    "Call for entries open.": {
        "fr": "Appel à candidatures ouvert.",
        "es": "Convocatoria abierta.",
        "ar": "باب المشاركة مفتوح.",
        "ru": "Приём заявок открыт.",
        "zh-hans": "征集报名正在进行。",
    },
    "Launch moved to the second half-year.": {
        "fr": "Lancement reporté au second semestre.",
        "es": "Lanzamiento aplazado al segundo semestre.",
        "ar": "أُرجئ الإطلاق إلى النصف الثاني من السنة.",
        "ru": "Запуск перенесён на второе полугодие.",
        "zh-hans": "启动推迟至下半年。",
    },
    "Jury being formed.": {
        "fr": "Jury en cours de constitution.",
        "es": "Jurado en proceso de constitución.",
        "ar": "يجري تشكيل لجنة التحكيم.",
        "ru": "Идёт формирование жюри.",
        "zh-hans": "评审团正在组建。",
    },
    "Call for papers published with the conference.": {
        "fr": "Appel à communications publié avec la conférence.",
        "es": "Convocatoria de ponencias publicada con la conferencia.",
        "ar": "نُشرت الدعوة لتقديم الأوراق مع المؤتمر.",
        "ru": "Приглашение к подаче докладов опубликовано вместе с конференцией.",
        "zh-hans": "论文征集已随会议发布。",
    },
    "Monthly webinars running in three languages.": {
        "fr": "Webinaires mensuels en cours dans trois langues.",
        "es": "Seminarios web mensuales en curso en tres idiomas.",
        "ar": "ندوات إلكترونية شهرية جارية بثلاث لغات.",
        "ru": "Ежемесячные вебинары проводятся на трёх языках.",
        "zh-hans": "每月网络研讨会以三种语言进行。",
    },
    "New courses published on the E-Library; certificates follow as learners finish.": {
        "fr": "Nouveaux cours publiés dans l’E-Library ; "
        "les certificats suivent à mesure que les apprenants terminent.",
        "es": "Nuevos cursos publicados en la E-Library; "
        "los certificados llegan a medida que los estudiantes terminan.",
        "ar": "نُشرت دورات جديدة في المكتبة الإلكترونية؛ وتصدر الشهادات تباعًا كلما أنهى المتعلمون.",
        "ru": "Новые курсы опубликованы в электронной библиотеке; "
        "сертификаты выдаются по мере завершения обучения.",
        "zh-hans": "新课程已在电子图书馆发布；学习者完成后陆续颁发证书。",
    },
    "Moved to the second half-year with a partner review.": {
        "fr": "Reporté au second semestre, avec une revue par le partenaire.",
        "es": "Aplazado al segundo semestre, con una revisión del socio.",
        "ar": "أُرجئ إلى النصف الثاني من السنة مع مراجعة من الشريك.",
        "ru": "Перенесено на второе полугодие с проверкой у партнёра.",
        "zh-hans": "推迟至下半年，并由合作伙伴审查。",
    },
}

DEMO_ITEM_TITLES: dict[str, dict[str, str]] = {
    "Global Smart Education Conference 2026": {
        "fr": "Conférence mondiale sur l'éducation intelligente 2026",
        "es": "Conferencia Mundial sobre Educación Inteligente 2026",
        "ar": "المؤتمر العالمي للتعليم الذكي 2026",
        "ru": "Глобальная конференция по умному образованию 2026",
        "zh-hans": "2026年全球智慧教育大会",
    },
    "Global MOOC and Online Education Conference 2026": {
        "fr": "Conférence mondiale sur les MOOC et l'éducation en ligne 2026",
        "es": "Conferencia Mundial sobre MOOC y Educación en Línea 2026",
        "ar": "المؤتمر العالمي للمقررات الإلكترونية المفتوحة الحاشدة والتعليم الإلكتروني 2026",
        "ru": "Глобальная конференция по МООК и онлайн-образованию 2026",
        "zh-hans": "2026年世界慕课与在线教育大会",
    },
    "International Conference on Digital Lifelong Learning 2026": {
        "fr": "Conférence internationale sur l'apprentissage numérique tout au long de la vie 2026",
        "es": "Conferencia Internacional sobre Aprendizaje Digital a lo Largo de Toda la Vida 2026",
        "ar": "المؤتمر الدولي للتعلم الرقمي مدى الحياة 2026",
        "ru": "Международная конференция по цифровому обучению на протяжении всей жизни 2026",
        "zh-hans": "2026年国际数字化终身学习大会",
    },
    "Creativity in Education Summit 2026": {
        "fr": "Sommet sur la créativité dans l'éducation 2026",
        "es": "Cumbre sobre la Creatividad en la Educación 2026",
        "ar": "قمة الإبداع في التعليم 2026",
        "ru": "Саммит по творчеству в образовании 2026",
        "zh-hans": "2026年教育创造力峰会",
    },
    "Huawei ICT Competition Regional Final, Middle East and Central Asia": {
        "fr": "Finale régionale du concours Huawei ICT, Moyen-Orient et Asie centrale",
        "es": "Final regional del Concurso Huawei ICT, Oriente Medio y Asia Central",
        "ar": "النهائي الإقليمي لمسابقة هواوي لتكنولوجيا المعلومات والاتصالات، الشرق الأوسط "
        "وآسيا الوسطى",
        "ru": "Региональный финал конкурса Huawei ICT, Ближний Восток и Центральная Азия",
        "zh-hans": "华为ICT大赛区域总决赛（中东和中亚）",
    },
    "Global Competition on Design for the Futures 2026": {
        "fr": "Concours mondial de design pour l'avenir 2026",
        "es": "Concurso Mundial de Diseño para el Futuro 2026",
        "ar": "المسابقة العالمية للتصميم من أجل المستقبل 2026",
        "ru": "Глобальный конкурс «Дизайн для будущего» 2026",
        "zh-hans": "2026年全球未来设计大赛",
    },
    "International Creativity in Schools Award 2026": {
        "fr": "Prix international de la créativité à l'école 2026",
        "es": "Premio Internacional a la Creatividad en las Escuelas 2026",
        "ar": "الجائزة الدولية للإبداع في المدارس 2026",
        "ru": "Международная премия за творчество в школах 2026",
        "zh-hans": "2026年国际学校创造力奖",
    },
    "Global Smart Education Innovation Prize 2026": {
        "fr": "Prix mondial de l'innovation en éducation intelligente 2026",
        "es": "Premio Mundial a la Innovación en Educación Inteligente 2026",
        "ar": "الجائزة العالمية للابتكار في التعليم الذكي 2026",
        "ru": "Глобальная премия за инновации в умном образовании 2026",
        "zh-hans": "2026年全球智慧教育创新奖",
    },
    "Best Research Paper and Best Practice Award 2026": {
        "fr": "Prix du meilleur article de recherche et de la meilleure pratique 2026",
        "es": "Premio al Mejor Artículo de Investigación y a la Mejor Práctica 2026",
        "ar": "جائزة أفضل ورقة بحثية وأفضل ممارسة 2026",
        "ru": "Премия за лучшую научную статью и лучшую практику 2026",
        "zh-hans": "2026年最佳研究论文和最佳实践奖",
    },
    "Webinar series Harnessing AI and Emerging Technologies to Transform Education": {
        "fr": "Série de webinaires « Exploiter l'IA et les technologies émergentes pour "
        "transformer l'éducation »",
        "es": "Serie de seminarios web «Aprovechar la IA y las tecnologías emergentes para "
        "transformar la educación»",
        "ar": "سلسلة الندوات الإلكترونية «تسخير الذكاء الاصطناعي والتكنولوجيات الناشئة لتحويل "
        "التعليم»",
        "ru": "Серия вебинаров «Использование ИИ и новых технологий для трансформации образования»",
        "zh-hans": "“利用人工智能和新兴技术变革教育”系列网络研讨会",
    },
    "AI competencies for teachers: new micro-credential courses on the E-Library for Teachers": {
        "fr": "Compétences des enseignants en IA : nouveaux cours avec microcertification sur la "
        "Bibliothèque électronique pour les enseignants",
        "es": "Competencias docentes en IA: nuevos cursos con microcredencial en la Biblioteca "
        "Electrónica para Docentes",
        "ar": "كفاءات الذكاء الاصطناعي للمعلمين: دورات جديدة بشهادات مصغّرة على المكتبة "
        "الإلكترونية للمعلمين",
        "ru": "Компетенции учителей в области ИИ: новые курсы с микроквалификацией в Электронной "
        "библиотеке для учителей",
        "zh-hans": "教师人工智能能力：教师电子图书馆新的微证书课程",
    },
    "Policy brief on AI and the evolving role of teachers": {
        "fr": "Note d'orientation sur l'IA et l'évolution du rôle des enseignants",
        "es": "Nota de orientación normativa sobre la IA y la evolución del papel de los docentes",
        "ar": "موجز سياسات بشأن الذكاء الاصطناعي والدور المتطور للمعلمين",
        "ru": "Аналитическая записка об ИИ и меняющейся роли учителей",
        "zh-hans": "关于人工智能与教师不断演变的角色的政策简报",
    },
}

# The half-year review of the demo workplan, in the six languages.
DEMO_REVIEW: dict[str, dict[str, Any]] = {
    "achievements": {
        "en": "The Global Smart Education Conference and the Global MOOC and Online "
        "Education Conference were held with their co-organisers; the Huawei ICT "
        "Competition regional final took place; monthly webinars ran in three languages.",
        "fr": "La Conférence mondiale sur l'éducation intelligente et la Conférence mondiale sur "
        "les MOOC et l'éducation en ligne se sont tenues avec leurs coorganisateurs ; la finale "
        "régionale du concours Huawei ICT a eu lieu ; des webinaires mensuels ont été organisés "
        "en trois langues.",
        "es": "La Conferencia Mundial sobre Educación Inteligente y la Conferencia Mundial sobre "
        "MOOC y Educación en Línea se celebraron con sus coorganizadores; tuvo lugar la final "
        "regional del Concurso Huawei ICT; se impartieron seminarios web mensuales en tres "
        "idiomas.",
        "ar": "عُقد المؤتمر العالمي للتعليم الذكي والمؤتمر العالمي للمقررات الإلكترونية المفتوحة "
        "الحاشدة والتعليم الإلكتروني مع الجهات المشاركة في تنظيمهما؛ وجرى النهائي الإقليمي "
        "لمسابقة هواوي لتكنولوجيا المعلومات والاتصالات؛ ونُظمت ندوات إلكترونية شهرية بثلاث لغات.",
        "ru": "Глобальная конференция по умному образованию и Глобальная конференция по МООК и "
        "онлайн-образованию проведены совместно с соорганизаторами; состоялся региональный "
        "финал конкурса Huawei ICT; ежемесячные вебинары проходили на трёх языках.",
        "zh-hans": "全球智慧教育大会和世界慕课与在线教育大会已与联合主办方共同举行；华为ICT大赛"
        "区域总决赛已举办；每月以三种语言举办网络研讨会。",
        "_pending": True,
    },
    "challenges": {
        "en": "In-person workshops were limited by funding; the policy brief on the "
        "role of teachers is behind schedule; few participants from SIDS.",
        "fr": "Les ateliers en présentiel ont été limités faute de financement ; la note "
        "d'orientation sur le rôle des enseignants a pris du retard ; peu de participants "
        "venaient des PEID.",
        "es": "Los talleres presenciales se vieron limitados por la financiación; la nota de "
        "orientación normativa sobre el papel de los docentes va con retraso; hubo pocos "
        "participantes de los PEID.",
        "ar": "كانت حلقات العمل الحضورية محدودة بسبب التمويل؛ وتأخر موجز السياسات بشأن دور "
        "المعلمين عن الجدول الزمني؛ وقلّة من المشاركين من الدول الجزرية الصغيرة النامية.",
        "ru": "Число очных семинаров было ограничено из-за финансирования; подготовка "
        "аналитической записки о роли учителей отстаёт от графика; мало участников из МОСРГ.",
        "zh-hans": "线下讲习班因资金有限而受限；关于教师角色的政策简报进度滞后；来自小岛屿"
        "发展中国家的参与者很少。",
        "_pending": True,
    },
    "recommendations": {
        "en": "Move the policy brief to the second half-year with a partner review; "
        "add French webinars for Francophone Africa; approach SIDS through National "
        "Commissions.",
        "fr": "Reporter la note d'orientation au second semestre avec une relecture par un "
        "partenaire ; ajouter des webinaires en français pour l'Afrique francophone ; contacter "
        "les PEID par l'intermédiaire des commissions nationales.",
        "es": "Trasladar la nota de orientación normativa al segundo semestre con una revisión "
        "por un asociado; añadir seminarios web en francés para el África francófona; llegar a "
        "los PEID a través de las comisiones nacionales.",
        "ar": "نقل موجز السياسات إلى النصف الثاني من السنة مع مراجعة من أحد الشركاء؛ وإضافة ندوات "
        "إلكترونية بالفرنسية لأفريقيا الناطقة بالفرنسية؛ والتواصل مع الدول الجزرية الصغيرة "
        "النامية عن طريق اللجان الوطنية.",
        "ru": "Перенести аналитическую записку на второе полугодие с рецензированием партнёром; "
        "добавить вебинары на французском языке для франкоязычной Африки; выходить на МОСРГ "
        "через национальные комиссии.",
        "zh-hans": "将政策简报推迟至下半年并请合作伙伴审阅；为非洲法语国家增加法语网络研讨会；"
        "通过全国委员会联系小岛屿发展中国家。",
        "_pending": True,
    },
}


def _demo_target(target: str) -> dict[str, Any]:
    return {"en": target, **DEMO_ITEM_TARGETS.get(target, {}), "_pending": True}


def load_demo() -> str:
    """The 2026 workplan, its half-year review, risk reviews and two reported values."""

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
    pillars = {p.code: p for p in current_period_items(ProgrammePillar)}
    objectives = {o.code: o for o in current_period_items(StrategicObjective)}
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
                "title": {"en": title, **DEMO_ITEM_TITLES.get(title, {}), "_pending": True},
                "activity": activities.get(code),
                "target": _demo_target(target),
                "measure": measure,
                "target_value": value,
                "planned_cost_usd": Decimal(cost),
                "narrative": {
                    "en": narrative,
                    **DEMO_ITEM_NARRATIVES.get(narrative, {}),
                    "_pending": True,
                },
            },
        )
        if not created and item.activity_id is None and activities.get(code):
            item.activity = activities[code]
            item.save(update_fields=["activity", "updated_at"])
        if not created and (texts := _translations_added(item.target, _demo_target(target))):
            WorkplanItem.objects.filter(pk=item.pk).update(target=texts)
        if created:
            item.pillars.set([pillars[c] for c in pillar_codes if c in pillars])
            item.objectives.set([objectives[c] for c in objective_codes if c in objectives])
    WorkplanReview.objects.get_or_create(
        workplan=workplan,
        kind=ReviewKind.HALF_YEAR,
        defaults={
            "reviewed_on": datetime.date(2026, 7, 15),
            **DEMO_REVIEW,
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
