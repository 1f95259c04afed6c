"""Template helpers of the library's search page."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict

from ..search import SearchFilters

register = template.Library()


@register.simple_tag
def facet_query(filters: SearchFilters, name: str, value: Any) -> str:
    """The query string of the search with one facet set to `value` (or removed), page 1."""
    params = filters.as_params()
    if value:
        params[name] = str(value)
    else:
        params.pop(name, None)
    query = QueryDict(mutable=True)
    query.update(params)
    return query.urlencode()


@register.simple_tag
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "")
