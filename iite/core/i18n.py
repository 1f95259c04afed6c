"""Content translated per field, with fallback to the record's own language.

A translatable field stores one JSON object per value, ``{"en": "...", "ru": "..."}``.
Reading it gives a :class:`TranslatedText` that renders in the active language and
falls back to the language the record was written in (``original_language`` on the
model), then to any language that has text. We keep this in a JSON column rather than
django-modeltranslation's column-per-language or django-parler's join-per-model because
the fallback must follow each record's own language (a Russian webinar falls back to
Russian, an Arabic course to Arabic), and adding a language must not need a migration.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def active_language() -> str:
    """The active UI language, normalised to one of settings.LANGUAGES."""
    code = (translation.get_language() or settings.LANGUAGE_CODE).lower()
    if code in settings.LANGUAGE_CODES:
        return code
    if code.startswith("zh"):
        return "zh-hans"
    base = code.split("-")[0]
    return base if base in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE


class TranslatedText(dict[str, str]):
    """A field's text in several languages; str() picks the best one for the reader."""

    def __init__(self, data: dict[str, str] | None = None, original: str | None = None):
        super().__init__({k: v for k, v in (data or {}).items() if isinstance(v, str) and v})
        self.original = original

    def resolve(self, language: str | None = None) -> str:
        language = language or active_language()
        for code in (language, self.original, settings.LANGUAGE_CODE):
            if code and self.get(code):
                return self[code]
        return next(iter(self.values()), "")

    def language_of(self, language: str | None = None) -> str | None:
        """The language whose text resolve() shows, so templates can mark lang=""."""
        language = language or active_language()
        for code in (language, self.original, settings.LANGUAGE_CODE):
            if code and self.get(code):
                return code
        return next(iter(self.keys()), None)

    def is_fallback(self, language: str | None = None) -> bool:
        language = language or active_language()
        return bool(self) and not self.get(language)

    def __str__(self) -> str:
        return self.resolve()

    def __html__(self) -> str:
        from django.utils.html import conditional_escape

        return str(conditional_escape(self.resolve()))

    def __bool__(self) -> bool:
        return any(self.values())


class _TranslatedDescriptor(DeferredAttribute):
    """Wraps the stored dict on every read.

    A data descriptor (it defines __set__), so Python consults it even though the
    value lives in the instance's __dict__.
    """

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        original = getattr(instance, "original_language", None)
        if not isinstance(value, TranslatedText):
            if isinstance(value, str):
                value = {original or settings.LANGUAGE_CODE: value}
            value = TranslatedText(value, original)
            instance.__dict__[self.field.attname] = value
        else:
            value.original = original
        return value


class TranslatedField(models.JSONField):
    """A JSON object of language code to text, read as TranslatedText."""

    descriptor_class = _TranslatedDescriptor

    def __init__(self, *args: Any, rich: bool = False, **kwargs: Any):
        self.rich = rich
        kwargs.setdefault("default", dict)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.rich:
            kwargs["rich"] = True
        return name, path, args, kwargs

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, TranslatedText):
            value = dict(value)
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        unknown = set(value or {}) - set(settings.LANGUAGE_CODES)
        if unknown:
            raise ValidationError(
                _("Unknown language code(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
            )

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        defaults: dict[str, Any] = {"rich": self.rich, "required": not self.blank}
        defaults.update(kwargs)
        for unused in ("encoder", "decoder", "form_class", "max_length"):
            defaults.pop(unused, None)
        return TranslatedFormField(**defaults)


class TranslatedWidget(forms.MultiWidget):
    template_name = "core/widgets/translated.html"

    def __init__(self, rich: bool = False, attrs: dict[str, Any] | None = None):
        widget = forms.Textarea(attrs={"rows": 4}) if rich else forms.TextInput()
        self.languages = settings.LANGUAGES
        super().__init__([widget for _code in settings.LANGUAGES], attrs)
        self.widgets_names = [f"_{code}" for code in settings.LANGUAGE_CODES]

    def decompress(self, value: Any) -> list[str]:
        value = value or {}
        if isinstance(value, str):
            import json

            try:
                value = json.loads(value)
            except ValueError:
                value = {settings.LANGUAGE_CODE: value}
        return [value.get(code, "") for code in settings.LANGUAGE_CODES]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        for sub, (code, label) in zip(context["widget"]["subwidgets"], self.languages, strict=True):
            sub["language_code"] = code
            sub["language_label"] = label
        return context


class TranslatedFormField(forms.MultiValueField):
    """One input per UI language; at least one must be filled when required."""

    def __init__(self, *, rich: bool = False, required: bool = True, **kwargs: Any):
        kwargs.pop("max_length", None)
        fields = [forms.CharField(required=False, strip=True) for _code in settings.LANGUAGES]
        kwargs.setdefault(
            "error_messages", {"required": _("Enter the text in at least one language.")}
        )
        super().__init__(
            fields=fields,
            widget=TranslatedWidget(rich=rich),
            require_all_fields=False,
            required=required,
            **kwargs,
        )

    def compress(self, data_list: list[str]) -> dict[str, str]:
        if not data_list:
            return {}
        return {
            code: text
            for code, text in zip(settings.LANGUAGE_CODES, data_list, strict=False)
            if text
        }

    def clean(self, value: Any) -> dict[str, str]:
        result = super().clean(value)
        if self.required and not result:
            raise ValidationError(_("Enter the text in at least one language."), code="required")
        return result


def translated_search(field: str, term: str) -> Q:
    """A Q matching `term` in any language of a TranslatedField (SQLite and PostgreSQL)."""
    query = Q()
    for code in settings.LANGUAGE_CODES:
        query |= Q(**{f"{field}__{code}__icontains": term})
    return query


def translated_order(field: str, language: str | None = None) -> KeyTextTransform:
    """An expression ordering by the field's text in the given (or active) language."""
    return KeyTextTransform(language or active_language(), field)
