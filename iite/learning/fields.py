"""Core's TranslatedField, with a descriptor that also wraps values loaded from the database.

`iite.core.i18n._TranslatedDescriptor` defines only `__get__`, so Python looks in the
instance's `__dict__` first and a row loaded from the database gives a plain dict:
templates then print the dict. Defining `__set__` makes the descriptor a data descriptor,
so every read goes through `__get__` and returns TranslatedText. Migrations still refer
to the core field, so this module can go once core's descriptor has the same `__set__`.
"""

from __future__ import annotations

from typing import Any

from iite.core.i18n import TranslatedField as CoreTranslatedField
from iite.core.i18n import TranslatedText, _TranslatedDescriptor


class _Descriptor(_TranslatedDescriptor):
    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.attname] = value


class TranslatedField(CoreTranslatedField):
    descriptor_class = _Descriptor

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "iite.core.i18n.TranslatedField", args, kwargs


def as_text(value: Any, original: str | None = None) -> TranslatedText:
    """Any translated value (TranslatedText, dict or str) as TranslatedText."""
    if isinstance(value, TranslatedText):
        return value
    if isinstance(value, dict):
        return TranslatedText(value, original)
    return TranslatedText({"en": str(value)} if value else {}, original)
