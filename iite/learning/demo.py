"""The demo data set of `make run`: the four platforms of Pillar 3 and courses in several languages.

Idempotent: a platform or course that exists already (by its slug) is left as it is.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from .models import Course, Level, Licence, Module, Platform, QuestionKind, Status, Topic

PLATFORMS: list[dict[str, Any]] = [
    {
        "slug": "e-library",
        "initiative_code": "P3-ELIBRARY",
        "partners": ["netdragon"],
        "name": {
            "en": "E-Library for Teachers",
            "ar": "المكتبة الإلكترونية للمعلمين",
            "ru": "Электронная библиотека для учителей",
            "zh-hans": "教师电子图书馆",
            "fr": "Bibliothèque numérique pour les enseignants",
            "es": "Biblioteca electrónica para docentes",
        },
        "tagline": {
            "en": "Online courses, video series and micro-credentials for school teachers.",
            "ar": "دورات عبر الإنترنت وسلاسل فيديو وشهادات مصغّرة لمعلمي المدارس.",
            "ru": "Онлайн-курсы, видеосерии и микроквалификации для школьных учителей.",
            "zh-hans": "面向中小学教师的在线课程、视频系列和微证书。",
        },
        "description": {
            "en": "<p>Operated jointly by UNESCO IITE and NetDragon, the E-Library offers school "
            "teachers online courses and communication tools in English, Arabic, Russian and "
            "Chinese, with a focus on AI competencies for teachers and the inclusive use of AI "
            "and emerging technologies in teaching.</p>",
            "ru": "<p>Совместная платформа ИИТО ЮНЕСКО и NetDragon: онлайн-курсы и средства "
            "общения для школьных учителей на английском, арабском, русском и "
            "китайском языках.</p>",
        },
        "languages": ["en", "ar", "ru", "zh-hans"],
        "audiences": ["teacher", "teacher_trainer"],
        "accent_colour": "#0a4d8c",
        "order": 1,
    },
    {
        "slug": "iioe",
        "initiative_code": "P3-IIOE-RU",
        "partners": ["unesco-ichei"],
        "original_language": "ru",
        "name": {
            "ru": "Образовательная платформа IIOE",
            "en": "IIOE Learning Platform (Russian version)",
        },
        "tagline": {
            "ru": "Микроквалификационные курсы для преподавателей вузов Центральной Азии и "
            "русскоязычных стран.",
            "en": "Micro-credential courses for university teachers in Central Asia and "
            "Russian-speaking countries.",
        },
        "description": {
            "ru": "<p>Платформа Международного института онлайн-образования (IIOE), которую "
            "ведут Центр ЮНЕСКО категории 2 по инновациям в высшем образовании (ICHEI) и ИИТО: "
            "медиа- и информационная грамотность и ИИ в преподавании.</p>",
            "en": "<p>Operated by the UNESCO Category 2 Centre for Higher Education Innovation "
            "(ICHEI) and IITE: media and information literacy and AI tools in teaching.</p>",
        },
        "languages": ["ru"],
        "audiences": ["teacher", "teacher_trainer", "researcher"],
        "accent_colour": "#6a1b9a",
        "order": 2,
    },
    {
        "slug": "health-well-being",
        "initiative_code": "P3-HEALTH",
        "partners": [],
        "name": {
            "en": "Learning Platform on Health and Well-being",
            "ru": "Образовательная платформа по здоровью и благополучию",
        },
        "tagline": {
            "en": "Socio-emotional learning, healthy relationships and the prevention of "
            "bullying and cyberbullying.",
            "ru": "Социально-эмоциональное обучение, здоровые отношения и профилактика "
            "травли и кибербуллинга.",
        },
        "description": {
            "en": "<p>Courses and micro-learning for education specialists and youth workers on "
            "socio-emotional learning, healthy living and relationships, and the prevention of "
            "school violence, bullying and cyberbullying.</p>",
            "ru": "<p>Курсы и микрообучение для специалистов образования "
            "и молодёжных работников.</p>",
        },
        "languages": ["ru", "en"],
        "audiences": ["teacher", "school_counsellor", "youth"],
        "accent_colour": "#1b6e3a",
        "order": 3,
    },
    {
        "slug": "creativity-in-education",
        "initiative_code": "P3-CREATIVITY",
        "partners": ["gioct"],
        "name": {
            "en": "Creativity in Education",
            "zh-hans": "教育中的创造力",
        },
        "tagline": {
            "en": "Micro-credential courses that help schools and teachers foster creativity.",
            "zh-hans": "帮助学校和教师培养创造力的微证书课程。",
        },
        "description": {
            "en": "<p>A new platform developed with the Global Institute of Creative Thinking "
            "(GIoCT) and shared through the Creativity in Education Network.</p>",
            "zh-hans": "<p>与全球创造性思维研究所（GIoCT）共同开发的新平台。</p>",
        },
        "languages": ["en", "zh-hans"],
        "audiences": ["teacher", "policymaker"],
        "accent_colour": "#a14900",
        "order": 4,
    },
]


def _q(kind: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "text": text, **extra}


COURSES: list[dict[str, Any]] = [
    {
        "slug": "ai-in-the-classroom-ar",
        "language": "ar",
        "platforms": ["e-library"],
        "partners": ["netdragon"],
        "topic": Topic.AI_COMPETENCIES,
        "level": Level.INTRODUCTORY,
        "audiences": ["teacher"],
        "hours": 3,
        "title": "الذكاء الاصطناعي في الفصل الدراسي: مقدمة للمعلمين",
        "summary": "تعرّف على ما يستطيع الذكاء الاصطناعي فعله وما لا يستطيعه، وكيف تستخدمه "
        "بأمان وإنصاف في التدريس.",
        "achievement": "ai-in-the-classroom-ar",
        "modules": [
            {
                "title": "ما هو الذكاء الاصطناعي؟",
                "lessons": [
                    (
                        "reading",
                        "الذكاء الاصطناعي بكلمات بسيطة",
                        "<p>الذكاء الاصطناعي هو مجموعة من التقنيات التي تتعلّم من البيانات "
                        "لتقوم بمهام مثل التعرّف على الكلام أو اقتراح الإجابات.</p>"
                        "<ul><li>يتعلّم من الأمثلة.</li><li>قد يخطئ.</li>"
                        "<li>لا يحلّ محلّ المعلّم.</li></ul>",
                    ),
                    (
                        "micro",
                        "وحدة تعلّم مصغّرة: خمس دقائق عن البيانات",
                        "<p>كل نظام ذكاء اصطناعي يعتمد على البيانات التي تدرّب عليها. إذا "
                        "كانت البيانات منحازة فستكون النتائج منحازة أيضًا.</p>",
                    ),
                ],
            },
            {
                "title": "استخدام الذكاء الاصطناعي بمسؤولية",
                "lessons": [
                    (
                        "reading",
                        "الخصوصية والإنصاف",
                        "<p>قبل استخدام أي أداة، اسأل: ما البيانات التي تجمعها عن طلابي؟ "
                        "ومن يستطيع الوصول إليها؟</p>",
                    ),
                ],
                "quiz": {
                    "title": "اختبار قصير: الذكاء الاصطناعي في الفصل",
                    "questions": [
                        _q(
                            QuestionKind.SINGLE,
                            "على ماذا يعتمد نظام الذكاء الاصطناعي في التعلّم؟",
                            choices=[("البيانات", True), ("الحظ", False), ("الطقس", False)],
                        ),
                        _q(
                            QuestionKind.MULTIPLE,
                            "ما الأسئلة التي ينبغي طرحها قبل استخدام أداة ذكاء اصطناعي؟",
                            choices=[
                                ("ما البيانات التي تجمعها؟", True),
                                ("من يستطيع الوصول إلى البيانات؟", True),
                                ("ما لون شعارها؟", False),
                            ],
                        ),
                        _q(
                            QuestionKind.TRUE_FALSE,
                            "الذكاء الاصطناعي لا يخطئ أبدًا.",
                            correct_true=False,
                        ),
                        _q(
                            QuestionKind.SHORT,
                            "ما الكلمة التي تصف نتائج نظام تدرّب على بيانات غير منصفة؟",
                            accepted_answers=["منحازة", "متحيزة"],
                        ),
                    ],
                },
            },
        ],
    },
    {
        "slug": "mil-university-teachers-ru",
        "language": "ru",
        "platforms": ["iioe"],
        "partners": ["unesco-ichei"],
        "topic": Topic.MEDIA_INFORMATION_LITERACY,
        "level": Level.INTERMEDIATE,
        "audiences": ["teacher", "teacher_trainer"],
        "hours": 6,
        "title": "Медиа- и информационная грамотность для преподавателей вузов",
        "summary": "Как научить студентов проверять источники, распознавать дезинформацию и "
        "ответственно пользоваться генеративным ИИ.",
        "achievement": "mil-university-teachers-ru",
        "modules": [
            {
                "title": "Проверка источников",
                "lessons": [
                    (
                        "reading",
                        "Пять вопросов к любому источнику",
                        "<p>Кто автор? Когда опубликовано? Какие доказательства? Кто выигрывает? "
                        "Что говорят другие источники?</p>",
                    ),
                    (
                        "micro",
                        "Микрообучение: обратный поиск изображений",
                        "<p>Обратный поиск изображений помогает найти "
                        "первоисточник фотографии.</p>",
                    ),
                ],
                "quiz": {
                    "title": "Проверка знаний",
                    "questions": [
                        _q(
                            QuestionKind.TRUE_FALSE,
                            "Дата публикации помогает оценить источник.",
                            correct_true=True,
                        ),
                        _q(
                            QuestionKind.SHORT,
                            "Как называется намеренно ложная информация?",
                            accepted_answers=["дезинформация"],
                        ),
                    ],
                },
            }
        ],
    },
    {
        "slug": "preventing-bullying",
        "language": "en",
        "translations": {
            "ru": {
                "title": "Профилактика травли и кибербуллинга в школе",
                "summary": "Как распознать травлю, поддержать пострадавших и выстроить "
                "безопасную школьную среду.",
            }
        },
        "platforms": ["health-well-being"],
        "partners": [],
        "topic": Topic.BULLYING_PREVENTION,
        "level": Level.INTRODUCTORY,
        "audiences": ["teacher", "school_counsellor"],
        "hours": 4,
        "title": "Preventing bullying and cyberbullying at school",
        "summary": "Recognise bullying, support those affected and build a safe school climate.",
        "achievement": "preventing-bullying",
        "modules": [
            {
                "title": "Recognising bullying",
                "lessons": [
                    (
                        "reading",
                        "What bullying is and what it is not",
                        "<p>Bullying is repeated, intentional harm where there is an imbalance "
                        "of power. Cyberbullying happens through phones and the internet.</p>",
                    ),
                    (
                        "micro",
                        "Micro-learning: three signs to notice",
                        "<ol><li>Changes in mood.</li><li>Avoiding school.</li>"
                        "<li>Lost or damaged belongings.</li></ol>",
                    ),
                ],
                "quiz": {
                    "title": "Check your understanding",
                    "questions": [
                        _q(
                            QuestionKind.TRUE_FALSE,
                            "A single argument between friends is always bullying.",
                            correct_true=False,
                        ),
                        _q(
                            QuestionKind.SINGLE,
                            "What marks bullying?",
                            choices=[
                                ("Repeated harm and an imbalance of power", True),
                                ("Any disagreement", False),
                            ],
                        ),
                    ],
                },
            }
        ],
    },
    {
        "slug": "socio-emotional-learning-ru",
        "language": "ru",
        "platforms": ["health-well-being"],
        "partners": [],
        "topic": Topic.SOCIO_EMOTIONAL,
        "level": Level.INTRODUCTORY,
        "audiences": ["teacher", "youth"],
        "hours": 2,
        "title": "Социально-эмоциональное обучение: первые шаги",
        "summary": "Короткий курс о том, как развивать у учеников самосознание и эмпатию.",
        "modules": [
            {
                "title": "Основы",
                "lessons": [
                    (
                        "reading",
                        "Пять компетенций",
                        "<p>Самосознание, самоуправление, социальная осознанность, навыки "
                        "отношений и ответственное принятие решений.</p>",
                    )
                ],
            }
        ],
    },
    {
        "slug": "creativity-classroom-zh",
        "language": "zh-hans",
        "platforms": ["creativity-in-education", "e-library"],
        "partners": ["gioct"],
        "topic": Topic.CREATIVITY,
        "level": Level.INTRODUCTORY,
        "audiences": ["teacher"],
        "hours": 3,
        "title": "课堂中的创造力",
        "summary": "在日常教学中培养学生创造性思维的实用方法。",
        "achievement": "creativity-classroom-zh",
        "modules": [
            {
                "title": "什么是创造力？",
                "lessons": [
                    (
                        "reading",
                        "创造力可以培养",
                        "<p>创造力不是少数人的天赋，而是可以通过练习培养的能力。</p>",
                    ),
                    (
                        "micro",
                        "微学习：开放式问题",
                        "<p>用“如果……会怎样？”开头的问题鼓励学生提出多种答案。</p>",
                    ),
                ],
                "quiz": {
                    "title": "小测验",
                    "questions": [
                        _q(QuestionKind.TRUE_FALSE, "创造力可以通过练习培养。", correct_true=True),
                    ],
                },
            }
        ],
    },
    {
        "slug": "generative-ai-for-teachers",
        "language": "en",
        "platforms": ["e-library"],
        "partners": ["netdragon"],
        "topic": Topic.AI_IN_TEACHING,
        "level": Level.INTERMEDIATE,
        "audiences": ["teacher", "teacher_trainer"],
        "hours": 5,
        "title": "Generative AI for teachers: planning lessons with care",
        "summary": "Use generative AI to plan lessons and feedback while protecting learners' "
        "data and checking every output.",
        "modules": [
            {
                "title": "Working with generative AI",
                "lessons": [
                    (
                        "reading",
                        "Prompts, outputs and checks",
                        "<p>Treat every output as a draft: check facts, bias and fit for your "
                        "learners before you use it.</p>",
                    )
                ],
            }
        ],
    },
    {
        "slug": "initiation-codage-fr",
        "language": "fr",
        "platforms": ["e-library"],
        "partners": [],
        "topic": Topic.DIGITAL_CITIZENSHIP,
        "level": Level.INTRODUCTORY,
        "audiences": ["teacher", "student"],
        "hours": 4,
        "title": "Initiation au codage pour les enseignants",
        "summary": "Premiers pas en programmation pour enseigner la pensée informatique en "
        "classe, conçu pour les pays francophones d'Afrique.",
        "modules": [
            {
                "title": "La pensée informatique",
                "lessons": [
                    (
                        "reading",
                        "Décomposer un problème",
                        "<p>Un grand problème devient plus simple quand on le "
                        "découpe en étapes.</p>",
                    )
                ],
            }
        ],
    },
    {
        "slug": "inclusive-ai-draft",
        "language": "en",
        "status": Status.DRAFT,
        "platforms": ["e-library"],
        "partners": [],
        "topic": Topic.INCLUSION,
        "level": Level.ADVANCED,
        "audiences": ["teacher"],
        "hours": 2,
        "title": "Inclusive AI: designing for every learner",
        "summary": "Accessibility-first design of AI-supported lessons (in preparation).",
        "modules": [
            {
                "title": "Accessibility first",
                "lessons": [
                    (
                        "reading",
                        "Who is left out?",
                        "<p>Start from the learners at the margins.</p>",
                    )
                ],
            }
        ],
    },
]


# Demo learners (no password: they cannot sign in) and how far each got: courses they
# completed, and courses they started (first lesson done). Their records feed the
# indicators on teachers and students completing courses with micro-credentials.
LEARNERS: list[tuple[str, str, str, str, str, str, list[str], list[str]]] = [
    ("fatima.learner@example.org", "Fatima Al-Sayed", "EG", "female", "teacher", "ar",
     ["ai-in-the-classroom-ar"], []),
    ("youssef.learner@example.org", "Youssef Benali", "MA", "male", "teacher", "ar",
     ["ai-in-the-classroom-ar"], ["generative-ai-for-teachers"]),
    ("noura.learner@example.org", "Noura Haddad", "JO", "female", "student", "ar",
     [], ["ai-in-the-classroom-ar"]),
    ("dana.learner@example.org", "Dana Seitkali", "KZ", "female", "teacher_trainer", "ru",
     ["mil-university-teachers-ru"], ["socio-emotional-learning-ru"]),
    ("timur.learner@example.org", "Timur Rakhimov", "UZ", "male", "teacher", "ru",
     ["mil-university-teachers-ru", "preventing-bullying"], []),
    ("li.learner@example.org", "Li Na", "CN", "female", "teacher", "zh-hans",
     ["creativity-classroom-zh"], []),
    ("awa.learner@example.org", "Awa Ndiaye", "SN", "female", "teacher", "fr",
     [], ["initiation-codage-fr"]),
    ("sam.learner@example.org", "Samuel Okoro", "NG", "male", "student", "en",
     ["preventing-bullying"], ["generative-ai-for-teachers"]),
]  # fmt: skip


def _answers(quiz: Any) -> dict[str, Any]:
    """The right answers to a demo quiz."""
    answers: dict[str, Any] = {}
    for question in quiz.questions.prefetch_related("choices"):
        correct = [str(choice.pk) for choice in question.choices.all() if choice.is_correct]
        if question.kind == QuestionKind.SINGLE:
            answers[str(question.pk)] = correct[0]
        elif question.kind == QuestionKind.MULTIPLE:
            answers[str(question.pk)] = correct
        elif question.kind == QuestionKind.TRUE_FALSE:
            answers[str(question.pk)] = "true" if question.correct_true else "false"
        else:
            answers[str(question.pk)] = question.accepted_answers[0]
    return answers


def _demo_learners() -> int:
    """Enrol the demo learners through the learners' own services; returns new enrolments."""
    from iite.accounts.models import User
    from iite.reference.models import Country

    from .models import Enrolment, Lesson, Quiz
    from .services import enrolment_create, lesson_complete, quiz_attempt_submit

    courses = {course.slug: course for course in Course.objects.filter(status=Status.PUBLISHED)}
    created = 0
    for email, name, iso2, sex, role, language, completed, started in LEARNERS:
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
        for slug in [*completed, *started]:
            course = courses.get(slug)
            if course is None or Enrolment.objects.filter(user=user, course=course).exists():
                continue
            enrolment = enrolment_create(user=user, course=course)
            created += 1
            lessons = list(
                Lesson.objects.filter(module__course=course).order_by("module__order", "order")
            )
            # Learners who only started have done the first of several lessons.
            done = lessons if slug in completed else lessons[:1] if len(lessons) > 1 else []
            for lesson in done:
                lesson_complete(enrolment=enrolment, lesson=lesson)
            if slug in completed:
                for quiz in Quiz.objects.filter(module__course=course):
                    quiz_attempt_submit(enrolment=enrolment, quiz=quiz, answers=_answers(quiz))
    return created


def _partners(slugs: list[str]) -> list[Any]:
    from iite.partners.models import Partner

    return list(Partner.objects.filter(slug__in=slugs))


def _achievement(code: str, course: Course) -> Any:
    from iite.credentials.models import Achievement

    language = course.original_language
    achievement, _created = Achievement.objects.get_or_create(
        code=code,
        defaults={
            "name": dict(course.title),
            "description": dict(course.summary),
            "criteria": {
                language: {
                    "ar": "<p>إكمال جميع الدروس المطلوبة والنجاح في اختبارات الدورة.</p>",
                    "ru": "<p>Пройти все обязательные уроки и сдать тесты курса.</p>",
                    "zh-hans": "<p>完成所有必修课并通过课程测验。</p>",
                    "fr": "<p>Terminer toutes les leçons obligatoires et réussir "
                    "les quiz du cours.</p>",
                }.get(
                    language,
                    "<p>Complete every required lesson and pass the course's quizzes.</p>",
                )
            },
            "original_language": language,
            "activity": course.activity,
        },
    )
    return achievement


def _build_content(course: Course, spec: dict[str, Any]) -> None:
    from .models import Choice, Lesson, Question, Quiz

    language = course.original_language
    for module_order, module_spec in enumerate(spec["modules"], start=1):
        module = Module.objects.create(
            course=course,
            order=module_order,
            title={language: module_spec["title"]},
            original_language=language,
        )
        for lesson_order, (kind, title, body) in enumerate(module_spec["lessons"], start=1):
            Lesson.objects.create(
                module=module,
                order=lesson_order,
                kind=kind,
                title={language: title},
                body={language: body},
                estimated_minutes=5 if kind == "micro" else 15,
                original_language=language,
            )
        quiz_spec = module_spec.get("quiz")
        if not quiz_spec:
            continue
        quiz = Quiz.objects.create(
            module=module,
            order=1,
            title={language: quiz_spec["title"]},
            passing_score=75,
            max_attempts=3,
            original_language=language,
        )
        for question_order, question_spec in enumerate(quiz_spec["questions"], start=1):
            question = Question.objects.create(
                quiz=quiz,
                order=question_order,
                kind=question_spec["kind"],
                text={language: question_spec["text"]},
                correct_true=question_spec.get("correct_true"),
                accepted_answers=question_spec.get("accepted_answers", []),
                original_language=language,
            )
            for choice_order, (text, correct) in enumerate(
                question_spec.get("choices", []), start=1
            ):
                Choice.objects.create(
                    question=question,
                    order=choice_order,
                    text={language: text},
                    is_correct=correct,
                    original_language=language,
                )


@transaction.atomic
def load_demo() -> str:
    from django.utils import timezone

    from .caching import catalogue_cache_clear
    from .services import _activity_sync, course_create, platform_create

    created_platforms = created_courses = 0
    for spec in PLATFORMS:
        if Platform.objects.filter(slug=spec["slug"]).exists():
            continue
        fields = {key: value for key, value in spec.items() if key != "partners"}
        platform_create(partners=_partners(spec["partners"]), **fields)
        created_platforms += 1
    platforms = {platform.slug: platform for platform in Platform.objects.all()}
    for spec in COURSES:
        if Course.objects.filter(slug=spec["slug"]).exists():
            continue
        language = spec["language"]
        title = {language: spec["title"]}
        summary = {language: spec["summary"]}
        for other, texts in spec.get("translations", {}).items():
            title[other] = texts["title"]
            summary[other] = texts["summary"]
        course = course_create(
            created_by=None,
            platforms=[platforms[slug] for slug in spec["platforms"] if slug in platforms],
            partners=_partners(spec["partners"]),
            slug=spec["slug"],
            title=title,
            summary=summary,
            original_language=language,
            languages=[language, *spec.get("translations", {})],
            level=spec["level"],
            audiences=spec["audiences"],
            topic=spec["topic"],
            estimated_hours=spec["hours"],
            licence=Licence.CC_BY_SA,
        )
        _build_content(course, spec)
        if spec.get("achievement"):
            course.achievement = _achievement(spec["achievement"], course)
        # Demo courses arrive already reviewed; real ones go through the studio's workflow.
        course.status = spec.get("status", Status.PUBLISHED)
        if course.status == Status.PUBLISHED:
            course.published_at = timezone.now()
        course.save()
        _activity_sync(
            course.activity, title=course.title, description=course.summary, source=course
        )
        created_courses += 1
    enrolments = _demo_learners()
    catalogue_cache_clear()
    return f"{created_platforms} platforms, {created_courses} courses, {enrolments} enrolments"
