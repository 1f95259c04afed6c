"""The staff form of a news item."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedFormField

from .models import NewsItem, Publication
from .news import activities_by_code, activity_choices, publications_by_slug
from .news_images import NewsImage, news_image_prepare

PUBLICATIONS_MAX = 20
ACTIVITIES_MAX = 20
TEXT_MAX = 20_000
ALT_MAX = 500
_SPLIT = re.compile(r"[\s,]+")


def _look_up(
    keys: list[str],
    maximum: int,
    find: Callable[[list[str]], tuple[list[Any], list[str]]],
    *,
    too_many: str | Promise,
    unknown: str | Promise,
    placeholder: str,
) -> list[Any]:
    """The records `find` gives for the keys, or a ValidationError naming the unknown keys."""
    wanted = list(dict.fromkeys(key for key in keys if key))
    if len(wanted) > maximum:
        raise forms.ValidationError(str(too_many) % {"count": maximum})
    found, missing = find(wanted)
    if missing:
        raise forms.ValidationError(str(unknown) % {placeholder: ", ".join(missing)})
    return found


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
    activities = forms.MultipleChoiceField(
        label=_("Activities, events and courses it is about"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Those that started in the last year or start in the next. Readers see only the "
            "public ones, linked to their event or course page."
        ),
    )
    activity_codes = forms.CharField(
        label=_("Other activities"),
        required=False,
        help_text=_("Their codes, separated by spaces or commas."),
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
    )
    image_alt = TranslatedFormField(
        label=_("Description of the image"),
        required=False,
        help_text=_(
            "What the image shows, in a sentence, for readers who cannot see it. Required "
            "with an image unless it is decorative."
        ),
    )
    image_decorative = forms.BooleanField(
        label=_("The image is decorative"),
        required=False,
        help_text=_("It adds nothing the text does not say: screen readers skip it."),
    )
    image_remove = forms.BooleanField(label=_("Remove the image"), required=False)

    def __init__(self, *args: Any, item: NewsItem | None = None, **kwargs: Any) -> None:
        linked: list[str] = []
        if item is not None and item.pk:
            linked = list(item.activities.values_list("code", flat=True))
        if item is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": item.title,
                "summary": item.summary,
                "body": item.body,
                "original_language": item.original_language,
                "slug": item.slug,
                "publications": " ".join(item.publications.values_list("slug", flat=True)),
                "activities": linked,
                "image_alt": item.image_alt,
                "image_decorative": item.image_decorative,
            }
        super().__init__(*args, **kwargs)
        self.item = item
        self.found_publications: list[Publication] = []
        self.found_activities: list[Any] = []
        self.prepared_image: NewsImage | None = None
        choices = activity_choices(linked)
        picker = self.fields["activities"]
        assert isinstance(picker, forms.MultipleChoiceField)
        picker.choices = [(activity.code, self._activity_label(activity)) for activity in choices]
        if item is None or not item.image:
            del self.fields["image_remove"]

    @staticmethod
    def _activity_label(activity: Any) -> str:
        label = f"{activity} ({activity.code}, {activity.start_date:%Y-%m-%d})"
        return label if activity.is_public else f"{label} · {_('not public')}"

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload:
            try:
                self.prepared_image = news_image_prepare(upload)
            except forms.ValidationError as problem:
                raise forms.ValidationError(problem.message_dict["image"]) from problem
        return upload

    def clean_activity_codes(self) -> str:
        text = self.cleaned_data.get("activity_codes", "")
        self.found_activities = _look_up(
            [*self.cleaned_data.get("activities", []), *_SPLIT.split(text)],
            ACTIVITIES_MAX,
            activities_by_code,
            too_many=_("At most %(count)s activities."),
            unknown=_("No activity has the code: %(codes)s."),
            placeholder="codes",
        )
        return text

    def clean_publications(self) -> str:
        text = self.cleaned_data.get("publications", "")
        self.found_publications = _look_up(
            _SPLIT.split(text),
            PUBLICATIONS_MAX,
            publications_by_slug,
            too_many=_("At most %(count)s publications."),
            unknown=_("No publication has the address: %(slugs)s."),
            placeholder="slugs",
        )
        return text

    def _lengths(
        self, cleaned: dict[str, Any], name: str, maximum: int, message: str | Promise
    ) -> None:
        for code, text in (cleaned.get(name) or {}).items():
            if len(text) > maximum:
                self.add_error(name, str(message) % {"language": code, "count": maximum})

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("title", "summary", "body"):
            self._lengths(
                cleaned,
                name,
                TEXT_MAX,
                _("The text in %(language)s is longer than %(count)s characters."),
            )
        self._lengths(
            cleaned,
            "image_alt",
            ALT_MAX,
            _("The description in %(language)s is longer than %(count)s characters."),
        )
        has_image = bool(self.prepared_image) or bool(
            self.item is not None and self.item.image and not cleaned.get("image_remove")
        )
        if "image" in self.errors or "image_alt" in self.errors:
            has_image = False
        if has_image and not cleaned.get("image_decorative") and not cleaned.get("image_alt"):
            self.add_error(
                "image_alt", _("Describe the image in words, or say that it is decorative.")
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
            "activities": self.found_activities,
            "image_alt": data["image_alt"],
            "image_decorative": data["image_decorative"],
            "image": self.prepared_image,
        }

    def update_values(self) -> dict[str, Any]:
        """The service's values for a change: with the image's removal when asked."""
        return {
            **self.service_values(),
            "image_remove": bool(self.cleaned_data.get("image_remove")),
        }
