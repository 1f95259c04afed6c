from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .forms import CountryFilterForm


def country_list(request: HttpRequest) -> HttpResponse:
    """Member States and regions: counts by grouping and the filterable list of countries."""
    form = CountryFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    countries = selectors.sorted_by_name(selectors.countries(**filters))
    context = {
        "form": form,
        "countries": countries,
        "filtered": any(filters.values()),
    }
    if request.headers.get("HX-Request"):
        return render(request, "reference/_results.html", context)
    context["summary"] = selectors.country_summary()
    context["metadata"] = selectors.reference_file_metadata()
    return render(request, "reference/country_list.html", context)
