from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iite.reference.models import Country

from .models import AgeBand, PersonRole, Sex


class SignupProfileForm(forms.Form):
    """The profile questions asked at sign-up, with the consent the account rests on."""

    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.ModelChoiceField(
        label=_("Member State of residence"), queryset=Country.objects.all(), required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED)
    role = forms.ChoiceField(label=_("Role"), choices=PersonRole.choices)
    age_band = forms.ChoiceField(
        label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.NOT_STATED
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that IITE processes my profile to deliver its programme and to report "
            "anonymised figures on who it reaches."
        )
    )

    def signup(self, request: Any, user: Any) -> None:
        from .services import user_complete_signup

        user_complete_signup(user=user, data=self.cleaned_data)
