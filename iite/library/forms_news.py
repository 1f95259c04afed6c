"""The staff form of a news item."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedFormField

from .models import NewsItem, Publication
from .news import publications_by_slug

PUBLICATIONS_MAX = 20
TEXT_MAX = 20_000
_SPLIT = re.compile(r"[\s,]+")


class NewsForm(forms.Form):
    title = TranslatedFormField(label=_("Title"))
    summary = TranslatedFormField(label=_("Summary"), required=False)
    body = TranslatedFormField(label=_("Text"), rich=True, required=False)
    original_language = forms.ChoiceField(
        label=_("Original language"), choices=settings.LANGUAGES, initial="en"
    )
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        required=False,
        help_text=_("Left empty, it is made from the title."),
    )
    publications = forms.CharField(
        label=_("Publications it is about"),
        required=False,
        help_text=_("Their addresses in the library, separated by spaces or commas."),
    )

    def __init__(self, *args: Any, item: NewsItem | None = None, **kwargs: Any) -> None:
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": item.title,
                "summary": item.summary,
                "body": item.body,
                "original_language": item.original_language,
                "slug": item.slug,
                "publications": " ".join(item.publications.values_list("slug", flat=True)),
            }
        super().__init__(*args, **kwargs)
        self.found_publications: list[Publication] = []

    def clean_publications(self) -> str:
        text = self.cleaned_data.get("publications", "")
        slugs = [slug for slug in _SPLIT.split(text) if slug]
        if len(slugs) > PUBLICATIONS_MAX:
            raise forms.ValidationError(
                _("At most %(count)s publications.") % {"count": PUBLICATIONS_MAX}
            )
        self.found_publications, unknown = publications_by_slug(slugs)
        if unknown:
            raise forms.ValidationError(
                _("No publication has the address: %(slugs)s.") % {"slugs": ", ".join(unknown)}
            )
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("title", "summary", "body"):
            for code, text in (cleaned.get(name) or {}).items():
                if len(text) > TEXT_MAX:
                    self.add_error(
                        name,
                        _("The text in %(language)s is longer than %(count)s characters.")
                        % {"language": code, "count": TEXT_MAX},
                    )
        return cleaned

    def service_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "original_language": data["original_language"],
            "slug": data["slug"],
            "publications": self.found_publications,
        }
