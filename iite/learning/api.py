"""The learning API: platforms and the public catalogue; a signed-in learner's enrolments."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.security import django_auth

from iite.accounts.models import PersonRole
from iite.core.pagination import PageNumber

from . import selectors
from .models import Course, Level, Platform, Topic

router = Router(tags=["learning"])


def _text(value: Any) -> dict[str, str]:
    return dict(value or {})


class PlatformOut(Schema):
    slug: str
    name: dict[str, str]
    tagline: dict[str, str]
    original_language: str
    languages: list[str]
    audiences: list[str]
    website: str
    url: str

    @staticmethod
    def resolve_name(obj: Platform) -> dict[str, str]:
        return _text(obj.name)

    @staticmethod
    def resolve_tagline(obj: Platform) -> dict[str, str]:
        return _text(obj.tagline)

    @staticmethod
    def resolve_url(obj: Platform) -> str:
        return obj.get_absolute_url()


class CourseOut(Schema):
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    original_language: str
    languages: list[str]
    level: str
    topic: str
    audiences: list[str]
    estimated_hours: Decimal
    licence: str
    licence_url: str
    platforms: list[str]
    partners: list[str]
    awards_credential: bool
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_title(obj: Course) -> dict[str, str]:
        return _text(obj.title)

    @staticmethod
    def resolve_summary(obj: Course) -> dict[str, str]:
        return _text(obj.summary)

    @staticmethod
    def resolve_platforms(obj: Course) -> list[str]:
        return [platform.slug for platform in obj.platforms.all()]

    @staticmethod
    def resolve_partners(obj: Course) -> list[str]:
        return [partner.slug for partner in obj.partners.all()]

    @staticmethod
    def resolve_awards_credential(obj: Course) -> bool:
        return obj.achievement_id is not None

    @staticmethod
    def resolve_url(obj: Course) -> str:
        return obj.get_absolute_url()


class LessonOut(Schema):
    id: int
    title: dict[str, str]
    kind: str
    estimated_minutes: int
    is_required: bool

    @staticmethod
    def resolve_title(obj: Any) -> dict[str, str]:
        return _text(obj.title)


class QuizOut(Schema):
    id: int
    title: dict[str, str]
    passing_score: int
    max_attempts: int

    @staticmethod
    def resolve_title(obj: Any) -> dict[str, str]:
        return _text(obj.title)


class ModuleOut(Schema):
    title: dict[str, str]
    lessons: list[LessonOut]
    quizzes: list[QuizOut]

    @staticmethod
    def resolve_title(obj: Any) -> dict[str, str]:
        return _text(obj.title)

    @staticmethod
    def resolve_lessons(obj: Any) -> list[Any]:
        return list(obj.lessons.all())

    @staticmethod
    def resolve_quizzes(obj: Any) -> list[Any]:
        return list(obj.quizzes.all())


class CourseDetailOut(CourseOut):
    description: dict[str, str]
    modules: list[ModuleOut]

    @staticmethod
    def resolve_description(obj: Course) -> dict[str, str]:
        return _text(obj.description)

    @staticmethod
    def resolve_modules(obj: Course) -> list[Any]:
        return selectors.course_modules(obj)


class CatalogueQuery(Schema):
    platform: str = ""
    language: str = Field("", description="A UI language code: en, fr, es, ar, ru, zh-hans.")
    topic: Topic | None = None
    level: Level | None = None
    audience: PersonRole | None = None
    q: str = Field("", max_length=100)


class EnrolmentOut(Schema):
    course: str
    course_title: dict[str, str]
    enrolled_at: datetime
    completed_at: datetime | None
    lessons_done: int
    lessons_total: int
    percent: int
    continue_url: str

    @staticmethod
    def resolve_course(obj: Any) -> str:
        return str(obj.course.slug)

    @staticmethod
    def resolve_course_title(obj: Any) -> dict[str, str]:
        return _text(obj.course.title)

    @staticmethod
    def resolve_percent(obj: Any) -> int:
        return round(100 * obj.lessons_done / obj.lessons_total) if obj.lessons_total else 0

    @staticmethod
    def resolve_continue_url(obj: Any) -> str:

        return reverse("learning:continue", args=[obj.course.slug])


class ErrorOut(Schema):
    detail: str


@router.get("/platforms", response=list[PlatformOut], summary="Learning platforms")
def platforms(request: HttpRequest) -> Any:
    return list(selectors.platforms_public())


@router.get("/courses", response=list[CourseOut], summary="Published courses, with filters")
@paginate(PageNumber, page_size=20)
def courses(request: HttpRequest, filters: Query[CatalogueQuery]) -> Any:
    language = filters.language
    if language and language not in settings.LANGUAGE_CODES:
        language = "-"  # matches nothing: an unknown language has no courses
    return selectors.catalogue_courses(
        selectors.CatalogueFilters(
            platform=filters.platform,
            language=language,
            topic=filters.topic or "",
            level=filters.level or "",
            audience=filters.audience or "",
            q=filters.q.strip(),
        )
    )


@router.get(
    "/courses/{slug}",
    response={200: CourseDetailOut, 404: ErrorOut},
    summary="A published course and its outline",
)
def course_detail(request: HttpRequest, slug: str) -> Any:
    course = selectors.course_for_page(slug)
    if course is None or not course.is_published:
        raise Http404("No published course with this address.")
    return course


@router.get(
    "/me/enrolments",
    response=list[EnrolmentOut],
    auth=django_auth,
    summary="The signed-in learner's courses and progress",
)
def my_enrolments(request: HttpRequest) -> Any:
    return selectors.my_enrolments(request.user)
