"""Content translated per field, with fallback to the record's own language.

A translatable field stores one JSON object per value, ``{"en": "...", "ru": "..."}``.
Reading it gives a :class:`TranslatedText` that renders in the active language and
falls back to the language the record was written in (``original_language`` on the
model), then to any language that has text. We keep this in a JSON column rather than
django-modeltranslation's column-per-language or django-parler's join-per-model because
the fallback must follow each record's own language (a Russian webinar falls back to
Russian, an Arabic course to Arabic), and adding a language must not need a migration.

Two marks travel with the text when it is shown in HTML:

* A fallback (text in a language other than the reader's) says its language, so screen
  readers pronounce it in that language and the bidi algorithm lays it out in its own
  direction. Templates put ``lang="{{ text|lang_of }}"`` on the element holding the
  text; for a fallback whose direction differs from the page's, the filter gives
  ``lang="en" dir="ltr"`` (see :meth:`TranslatedText.lang_attributes`). Django renders
  ``{{ text }}`` through str(), so the element is the template's; HTML built in Python
  (format_html, conditional_escape) gets ``<span lang dir>`` from ``__html__``.
* A text whose translations are the platform's own, not yet reviewed by the institute,
  carries ``"_pending": true`` in its JSON (:data:`PENDING_REVIEW_KEY`). The data files
  of the platform set it on every text they load; saving a text from a form drops it
  (the person editing it has reviewed it). When such a text is shown in a language
  other than its original, :func:`pending_review_shown` turns true for the request,
  and the footer says discreetly that the translation awaits the institute's review
  (``{% translation_review_note %}`` in ``core/templatetags/platform.py``).
"""

from __future__ import annotations

import json
from contextvars import ContextVar
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.query_utils import DeferredAttribute
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.translation import gettext_lazy as _

PENDING_REVIEW_KEY = "_pending"
"""JSON key of a text whose non-original languages are the platform's own translation."""

_pending_review_shown: ContextVar[bool] = ContextVar("pending_review_shown", default=False)


def pending_review_shown() -> bool:
    """Whether this request showed a translation still pending the institute's review."""
    return _pending_review_shown.get()


def pending_review_reset(**_kwargs: Any) -> None:
    """Forget the mark at the start of each request (connected to request_started)."""
    _pending_review_shown.set(False)


def language_direction(code: str | None) -> str:
    """ "rtl" or "ltr" for a language code of settings.LANGUAGES (or any Django knows)."""
    if not code:
        return "ltr"
    try:
        return "rtl" if translation.get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


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

    def __init__(self, data: dict[str, Any] | None = None, original: str | None = None):
        data = data or {}
        super().__init__(
            {k: v for k, v in data.items() if isinstance(v, str) and v and not k.startswith("_")}
        )
        self.original = original
        self.pending_review = bool(data.get(PENDING_REVIEW_KEY))

    def stored(self) -> dict[str, Any]:
        """The JSON to store: the texts, and the pending-review mark if set."""
        value: dict[str, Any] = dict(self)
        if self.pending_review:
            value[PENDING_REVIEW_KEY] = True
        return value

    def missing_languages(self) -> list[str]:
        """The UI languages this text has no translation for, in settings order."""
        return [code for code in settings.LANGUAGE_CODES if not self.get(code)]

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

    def lang_attributes(self, language: str | None = None) -> tuple[str, str | None]:
        """(lang, dir) for the element showing this text; dir only where it differs.

        dir is None unless the text shown is in a language written in the other
        direction than `language` (default: the active one): English on an Arabic page
        gives ("en", "ltr"), Arabic on a French page ("ar", "rtl"), French on a
        French page ("fr", None).
        """
        active = language or active_language()
        shown = self.language_of(active) or active
        direction = language_direction(shown)
        return shown, (direction if direction != language_direction(active) else None)

    def _note_shown(self, language: str) -> None:
        """Mark the request when it shows a translation still pending review."""
        original = self.original or settings.LANGUAGE_CODE
        if self.pending_review and self.get(language) and language != original:
            _pending_review_shown.set(True)

    def __str__(self) -> str:
        language = active_language()
        self._note_shown(language)
        return self.resolve(language)

    def __html__(self) -> str:
        """The text for HTML built in Python, in a <span lang dir> when it is a fallback."""
        active = active_language()
        self._note_shown(active)
        text = self.resolve(active)
        if not text or self.get(active):
            return str(conditional_escape(text))
        shown, direction = self.lang_attributes(active)
        if direction:
            return str(format_html('<span lang="{}" dir="{}">{}</span>', shown, direction, text))
        return str(format_html('<span lang="{}">{}</span>', shown, text))

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
            value = value.stored()
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: Any) -> None:
        super().validate(value, model_instance)
        unknown = {code for code in value or {} if not code.startswith("_")} - set(
            settings.LANGUAGE_CODES
        )
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


def untranslated_texts(
    languages: list[str] | None = None, exclude: frozenset[str] = frozenset()
) -> list[str]:
    """Every stored translatable text lacking one of `languages` (default: all six).

    One line per text, "app.Model pk field: missing fr, ar", so the content check of the
    test run names what to translate. Empty texts are not counted; models whose label
    ("app.Model") is in `exclude` are not read.
    """

    wanted = languages or list(settings.LANGUAGE_CODES)
    problems: list[str] = []
    for model in apps.get_models():
        if model._meta.label in exclude:
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, TranslatedField)]
        if not fields:
            continue
        for row in model._default_manager.order_by("pk").values("pk", *fields):
            for name in fields:
                text = TranslatedText(row[name] if isinstance(row[name], dict) else {})
                missing = [code for code in wanted if not text.get(code)]
                if text and missing:
                    problems.append(
                        f"{model._meta.label} {row['pk']} {name}: missing {', '.join(missing)}"
                    )
    return problems


def as_translated(value: Any, language: str) -> dict[str, Any]:
    """A data file's text as stored: a table of languages as it is, a plain string as `language`.

    Data files give a text either as one string in the record's own language or as a
    table of the six languages (with ``_pending`` when the platform translated it).
    """
    if isinstance(value, dict):
        return dict(value)
    return {language: value} if value else {}
