"""Form labels end with the language's own punctuation, once.

Django appends the form's label suffix (":") unless a label already ends in one of
":?.!" (its catalogue's list, untranslated in Arabic and Chinese). A question asked in
Arabic ends with "؟" and one in Chinese with "？", so Django wrote "ما الذي تريد أن
تتعلمه؟:". The bound field here knows the terminal punctuation of the six UN languages,
and writes Chinese's full-width colon "：" where Django writes a Latin one. Settings
install it for every form through FORM_RENDERER.
"""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString

from iite.core.i18n import active_language

TERMINAL_PUNCTUATION = frozenset(":?.!;…" + "؟؛" + "：？。！；" + "\u00a0\u202f")
"""Marks after which a label takes no colon: Latin, Arabic and full-width (Chinese) ones."""

LABEL_COLONS = {"zh-hans": "："}
"""The colon after a label, where the language's differs from the catalogue's ":"."""


def label_suffix_for(label: str, suffix: str | None, language: str | None = None) -> str:
    """The suffix to write after `label`: none after punctuation, else the language's colon."""
    if not suffix or not label or label.rstrip()[-1:] in TERMINAL_PUNCTUATION:
        return ""
    if suffix.strip() == ":":
        return LABEL_COLONS.get(language or active_language(), suffix)
    return suffix


class PunctuatedBoundField(BoundField):
    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        text = contents or self.label
        if label_suffix is None:
            label_suffix = (
                self.field.label_suffix
                if self.field.label_suffix is not None
                else self.form.label_suffix
            )
        # An empty suffix stops Django from adding its own.
        return super().label_tag(contents, attrs, label_suffix_for(str(text), label_suffix), tag)


class FormRenderer(DjangoTemplates):
    """Django's template renderer with labels punctuated per language."""

    bound_field_class = PunctuatedBoundField
