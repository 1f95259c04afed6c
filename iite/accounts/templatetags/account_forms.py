"""Form rendering helpers shared by our pages and allauth's (templates/allauth/elements)."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def described_widget(field: forms.BoundField) -> SafeString:
    """The field's widget, tied to its help text and errors for screen readers."""
    attrs: dict[str, Any] = {}
    described = []
    if field.help_text and field.auto_id:
        described.append(f"{field.auto_id}_helptext")
    if field.errors and field.auto_id:
        described.append(f"{field.auto_id}_errors")
        attrs["aria-invalid"] = "true"
    if described and not _uses_fieldset(field):
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


def _uses_fieldset(field: forms.BoundField) -> bool:
    return bool(getattr(field.field.widget, "use_fieldset", False))


@register.filter
def uses_fieldset(field: forms.BoundField) -> bool:
    return _uses_fieldset(field)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def describedby_ids(field: forms.BoundField) -> str:
    ids = []
    if field.help_text and field.auto_id:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors and field.auto_id:
        ids.append(f"{field.auto_id}_errors")
    return " ".join(ids)
