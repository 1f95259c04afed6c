"""Text validated where it enters: no invisible control characters in what people type.

A name holding ESC (\\x1b) was accepted by PATCH /api/me/ and then broke every XLSX
export that listed it (openpyxl's IllegalCharacterError), and such characters can hide
text in a terminal or a log. Forms and the API refuse them with a message naming the
field; exports (core/exports.py) remove any that are already stored.

Applied centrally, so no input can forget it: every form's text fields
(`forms_refuse_control_characters`, installed by the core app), every API operation
(`api_refuse_control_characters`, a view decorator of the whole API) and every cell of an
uploaded table (`iite.core.tabular`, which names the row and column).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja.errors import ValidationError as NinjaValidationError

# C0 controls except tab, line feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A single line also refuses tab and line breaks (and the Unicode line separators).
LINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_MESSAGE = _("Remove the invisible control characters (such as ESC) from this text.")


def strip_control_characters(text: str) -> str:
    """The text without control characters (tab and line breaks kept)."""
    return CONTROL_CHARACTERS.sub("", text)


def validate_plain_text(value: Any) -> None:
    """Refuse control characters other than tab and line breaks (multi-line text); a field
    whose value is a list of texts (options, one per line) is checked item by item."""
    texts = value if isinstance(value, list | tuple) else [value]
    if any(isinstance(text, str) and CONTROL_CHARACTERS.search(text) for text in texts):
        raise ValidationError(CONTROL_MESSAGE, code="control_characters")


def validate_single_line(value: str) -> None:
    """Refuse every control character, tab and line breaks included (names, titles)."""
    if isinstance(value, str) and LINE_CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Write this on one line, without tabs or invisible control characters."),
            code="control_characters",
        )


# --- Every form: one validator on every text field ---------------------------------------------


def forms_refuse_control_characters() -> None:
    """Every text field of every form refuses control characters (tab and line breaks kept).

    Installed once, when the core app's configuration is imported (before any form class
    is defined): each `forms.CharField` (and subclass: URL, e-mail, slug, a translated
    field's inputs...) made from then on gets `validate_plain_text`, unless it already
    has a control-character rule of its own (`validate_single_line`, whose message says
    more), so a new form needs nothing to be safe.
    """
    if getattr(forms.CharField.__init__, "refuses_control_characters", False):
        return
    original = forms.CharField.__init__

    @functools.wraps(original)
    def __init__(self: forms.CharField, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        if not any(v in (validate_plain_text, validate_single_line) for v in self.validators):
            self.validators.append(validate_plain_text)

    __init__.refuses_control_characters = True  # type: ignore[attr-defined]
    forms.CharField.__init__ = __init__  # type: ignore[method-assign]


# --- Every API operation: strings with control characters answer 400 -------------------------

# The most strings of one request that are looked at: a bounded walk for a bounded body.
_MAX_STRINGS = 100_000


def _control_paths(value: Any, path: str) -> Iterator[str]:
    """The dotted paths (body.name, body.items.2.title) of strings, or keys, holding a
    control character, walking without recursion so a deep document costs no stack."""
    stack: list[tuple[Any, str]] = [(value, path)]
    seen = 0
    while stack and seen < _MAX_STRINGS:
        item, where = stack.pop()
        seen += 1
        if isinstance(item, str):
            if CONTROL_CHARACTERS.search(item):
                yield where
        elif isinstance(item, dict):
            for key, inner in item.items():
                name = f"{where}.{key}"
                if isinstance(key, str) and CONTROL_CHARACTERS.search(key):
                    yield name
                stack.append((inner, name))
        elif isinstance(item, list):
            stack.extend((inner, f"{where}.{index}") for index, inner in enumerate(item))


def request_control_paths(request: HttpRequest, path_params: dict[str, Any]) -> list[str]:
    """Where an API request's input (path, query, form or JSON body) holds control characters."""
    found: list[str] = []
    for name, value in path_params.items():
        found += _control_paths(value, f"path.{name}")
    for name, values in request.GET.lists():
        if any(CONTROL_CHARACTERS.search(text) for text in (name, *values)):
            found.append(f"query.{name}")
    if request.method in {"GET", "HEAD", "OPTIONS", "DELETE"}:
        return found
    content_type = request.content_type or ""
    if content_type.startswith(("multipart/", "application/x-www-form-urlencoded")):
        for name, values in request.POST.lists():
            if any(CONTROL_CHARACTERS.search(text) for text in (name, *values)):
                found.append(f"form.{name}")
    elif content_type.endswith("json") or not content_type:
        try:
            document = json.loads(request.body)
        except (ValueError, RecursionError, RequestDataTooBig):
            return found  # ninja answers an unreadable body itself
        found += _control_paths(document, "body")
    return found


def api_refuse_control_characters(run: Callable[..., Any]) -> Callable[..., Any]:
    """A django-ninja view decorator (`api.add_decorator(..., mode="view")`): a request
    whose input holds control characters answers 400 naming each field, in the format of
    the API's other validation errors, before the operation reads it."""

    @functools.wraps(run)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        paths = request_control_paths(request, kwargs)
        if not paths:
            return run(request, *args, **kwargs)
        # The operation's own schema speaks first where it has a more precise message (a
        # single-line field: "Write this on one line..."); every other field is named here.
        errors = _schema_errors(run, request, kwargs)
        for path in paths:
            errors.setdefault(path, str(CONTROL_MESSAGE))
        listed = [{"field": field, "message": message} for field, message in errors.items()]
        return JsonResponse({"detail": "Invalid input.", "errors": listed}, status=400)

    return checked


def _schema_errors(run: Callable[..., Any], request: HttpRequest, kwargs: Any) -> dict[str, str]:
    """The errors the operation's input schema gives for this request, by field, without
    running the operation (`run` is the ninja Operation's bound `run`); none if it cannot
    say."""
    get_values = getattr(getattr(run, "__self__", None), "_get_values", None)
    if get_values is None:
        return {}
    try:
        get_values(request, kwargs, HttpResponse())
    except NinjaValidationError as exc:
        return {
            ".".join(str(part) for part in error.get("loc", [])): str(error.get("msg", ""))
            for error in exc.errors
        }
    except Exception:
        return {}
    return {}
