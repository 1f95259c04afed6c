from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ElectoralGroup, MembershipStatus, UnescoRegion
from .selectors import priority_regions


class CountryFilterForm(forms.Form):
    """The filters of the Member States page; every field is optional."""

    region = forms.ChoiceField(label=_("UNESCO region"), required=False)
    group = forms.ChoiceField(label=_("Electoral group"), required=False)
    priority = forms.ChoiceField(label=_("Priority region"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        everything: list[tuple[str, Any]] = [("", _("All"))]
        choices: dict[str, list[tuple[str, Any]]] = {
            "region": list(UnescoRegion.choices),
            "group": list(ElectoralGroup.choices),
            "priority": [(r.code, str(r.display_name)) for r in priority_regions()],
            "status": list(MembershipStatus.choices),
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = everything + options

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for selectors.countries(); empty when the form is invalid."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "region": data.get("region") or None,
            "electoral_group": data.get("group") or None,
            "priority_region": data.get("priority") or None,
            "status": data.get("status") or None,
        }
