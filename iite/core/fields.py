"""Form fields that refuse what the database cannot even be asked about.

A choice posted as "99999999999999999999" is no record's key, but SQLite cannot take an
integer past 64 bits as a query parameter and Django lets the OverflowError through (a
500). These fields answer it as any unknown choice: a message at the field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

_LARGEST_KEY = 2**63 - 1


def _beyond_any_key(value: Any) -> bool:
    text = str(value).strip()
    return text.lstrip("-").isdigit() and abs(int(text)) > _LARGEST_KEY


class KeyedModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _beyond_any_key(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class KeyedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for item in value or []:
            if _beyond_any_key(item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs
