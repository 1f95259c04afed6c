"""Pagination for every list of the API: done in the database, with a bounded page.

django-ninja's own classes take any `limit` (its maximum is infinite by default) and
slice whatever they are given at whatever offset, so `?limit=99999999999999999999`
built a 280 MB answer and `?page=99999999999999999999` gave a 500 ("datatype mismatch":
an offset past SQLite's 64-bit integers). These classes cap the page size at MAX_LIMIT,
count first, and answer an empty page for an offset past the end without sending it to
the database.

An operation returns a queryset, or a `LazyPage` around one when each row is turned into
a dict: only the page's rows are fetched and serialised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_LIMIT = 100

T = TypeVar("T")


class LazyPage(Generic[T]):
    """A queryset whose rows are serialised only for the slice a page asks for."""

    def __init__(self, queryset: QuerySet[Any], serialise: Callable[[Any], T]):
        self.queryset = queryset
        self.serialise = serialise

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[T]:
        return [self.serialise(row) for row in self.queryset[item]]

    def __iter__(self) -> Iterator[T]:
        raise TypeError("A LazyPage is read one page at a time, by slicing.")


def _count(items: Any) -> int:
    if isinstance(items, QuerySet | LazyPage):
        return items.count()
    return len(items)


def _window(items: Any, offset: int, size: int) -> dict[str, Any]:
    count = _count(items)
    if offset >= count:
        return {"items": [], "count": count}
    return {"items": list(items[offset : offset + size]), "count": count}


class LimitOffset(PaginationBase):
    """`limit` (1 to MAX_LIMIT; more is capped) and `offset` (past the end: empty page)."""

    class Input(Schema):
        limit: int = Field(MAX_LIMIT, ge=1, description=f"At most {MAX_LIMIT}; more is capped.")
        offset: int = Field(0, ge=0)

    class Output(Schema):
        items: list[Any]
        count: int

    def __init__(self, max_limit: int = MAX_LIMIT, **kwargs: Any) -> None:
        self.max_limit = min(max_limit, MAX_LIMIT)
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        return _window(queryset, pagination.offset, min(pagination.limit, self.max_limit))


class PageNumber(PaginationBase):
    """`page` from 1 (past the last page: empty page) and `page_size` capped at MAX_LIMIT."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int | None = Field(
            None, ge=1, description=f"At most {MAX_LIMIT}; more is capped."
        )

    class Output(Schema):
        items: list[Any]
        count: int

    def __init__(self, page_size: int = 20, **kwargs: Any) -> None:
        self.page_size = min(page_size, MAX_LIMIT)
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        size = min(pagination.page_size or self.page_size, MAX_LIMIT)
        return _window(queryset, (pagination.page - 1) * size, size)
