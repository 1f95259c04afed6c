"""What every staff and public form does with a service's refusal."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def errors_to_form(form: Any, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message at the field it names,
    the rest (and messages for fields the form does not have) above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
