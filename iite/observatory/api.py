"""The observatory API: published tools with their current ratings on the ten principles."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from iite.core.pagination import PageNumber

from . import selectors
from .models import Tool
from .principles import PRINCIPLES

router = Router(tags=["observatory"])


class RatingOut(Schema):
    principle: str
    rating: int
    confidence: str
    questions: list[str]


class ToolOut(Schema):
    slug: str
    name: str
    provider: str
    summary: dict[str, str]
    purposes: list[str]
    levels: list[str]
    users: list[str]
    languages: list[str]
    pricing: str
    data_location: str
    data_retention: str
    minimum_age: int | None
    trains_on_user_data: str
    ratings: list[RatingOut]
    url: str

    @staticmethod
    def resolve_provider(obj: Tool) -> str:
        return str(obj.provider_label)

    @staticmethod
    def resolve_summary(obj: Tool) -> dict[str, str]:
        return dict(obj.summary or {})

    @staticmethod
    def resolve_ratings(obj: Tool) -> list[Any]:
        return [rating for rating in getattr(obj, "ratings", []) if rating is not None]

    @staticmethod
    def resolve_url(obj: Tool) -> str:
        return obj.get_absolute_url()


class AssessmentOut(Schema):
    version: str
    protocol: str
    status: str
    published_at: datetime | None


class ToolDetailOut(ToolOut):
    assessments: list[AssessmentOut]

    @staticmethod
    def resolve_assessments(obj: Tool) -> list[dict[str, Any]]:
        return [
            {
                "version": assessment.version,
                "protocol": assessment.protocol.version,
                "status": assessment.status,
                "published_at": assessment.published_at,
            }
            for assessment in selectors.tool_page(obj).history
        ]


class ToolQuery(Schema):
    q: str = Field("", max_length=100)
    purpose: str = Field("", max_length=30)
    level: str = Field("", max_length=30)
    language: str = Field("", max_length=12)
    principle: str = Field("", max_length=20)
    minimum: int | None = Field(None, ge=0, le=4)


@router.get("/tools", response=list[ToolOut], summary="Published AI tools, with filters")
@paginate(PageNumber, page_size=20)
def tools(request: HttpRequest, filters: Query[ToolQuery]) -> Any:
    found = selectors.catalogue_tools(
        selectors.CatalogueFilters(
            q=filters.q.strip(),
            purpose=filters.purpose,
            level=filters.level,
            language=filters.language,
            principle=filters.principle if filters.principle in PRINCIPLES else "",
            minimum=filters.minimum,
        )
    )
    return _RatedPage(found)


class _RatedPage:
    """The queryset, its sliced pages given their current ratings (one query per page)."""

    def __init__(self, tools: Any):
        self.tools = tools

    def __len__(self) -> int:
        return int(self.tools.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, index: Any) -> Any:
        return selectors.with_ratings(self.tools[index])


@router.get("/tools/{slug}", response=ToolDetailOut, summary="One published tool")
def tool_detail(request: HttpRequest, slug: str) -> Any:
    tool = selectors.tool_public(slug)
    if tool is None:
        raise Http404
    return selectors.with_ratings([tool])[0]
