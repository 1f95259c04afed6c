"""Until core's translated-field descriptor is a data descriptor, make it one.

`iite.core.i18n._TranslatedDescriptor` defines only __get__, so Python never calls it
once Model.__init__ has put the raw dict in the instance's __dict__: `{{ event.title }}`
would print the dict. Defining __set__ makes the descriptor take precedence and wrap
the value in TranslatedText on every read, as core documents. The guard leaves core's
own fix alone when it lands (requested in the events report).
"""

from __future__ import annotations

from typing import Any

from iite.core import i18n


def _set(self: Any, instance: Any, value: Any) -> None:
    instance.__dict__[self.field.attname] = value


def ensure_translated_descriptor() -> None:
    descriptor = i18n._TranslatedDescriptor
    if "__set__" not in vars(descriptor):
        descriptor.__set__ = _set  # type: ignore[attr-defined]
