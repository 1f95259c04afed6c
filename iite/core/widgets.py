"""Form widgets shared by the staff forms."""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms


def collation_key(text: str) -> tuple[str, str]:
    """An ICU-free sort key: letters without their accents, case folded ("Åland" by "A").

    Arabic and Cyrillic sort by their alphabets' code-point order, which follows the
    alphabet; ties fall back to the exact text so the order is stable.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return (base.casefold(), text)


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """A long list of checkboxes, sorted by name, with a filter box where JavaScript runs.

    Replaces Ctrl-click multi-selects: without JavaScript it is a scrollable list of
    checkboxes; static/js/platform.js reveals the filter input and hides what does not match.
    """

    template_name = "core/widgets/filterable_checkboxes.html"

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        groups = super().optgroups(name, value, attrs)
        return sorted(groups, key=lambda group: collation_key(str(group[1][0]["label"])))
