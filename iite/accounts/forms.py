from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import translated_order
from iite.core.validators import validate_single_line
from iite.core.zones import zone_choices
from iite.reference.models import Country
from iite.reference.selectors import country_name

from .consent import CONSENT_TEXTS, PROFILE_PROCESSING_VERSION
from .models import AgeBand, ConsentPurpose, PersonRole, Sex, User
from .services import user_complete_signup

PROFILE_FIELDS = ("name", "country", "sex", "age_band", "role", "institution", "languages")


class CountryChoiceField(forms.ModelChoiceField):
    """Member States and Associate Members by name in the reader's language."""

    def label_from_instance(self, obj: Any) -> str:
        return country_name(obj)


def _language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]


class ProfileFieldsMixin(forms.Form):
    """The profile the strategy's indicators disaggregate by (III.4, results framework)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        validators=[validate_single_line],
    )
    country = CountryChoiceField(
        label=_("Member State of residence"),
        queryset=Country.objects.none(),
        required=False,
        empty_label=_("Not listed, or I prefer not to say"),
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED, widget=forms.RadioSelect
    )
    age_band = forms.ChoiceField(
        label=_("Age band"), choices=AgeBand.choices, initial=AgeBand.NOT_STATED
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose the role that describes you best")), *PersonRole.choices],
        help_text=_("What you mostly do: it tells us which groups the programme reaches."),
    )
    institution = forms.CharField(
        label=_("Institution"),
        max_length=200,
        required=False,
        help_text=_("Your school, university, ministry or organisation (optional)."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        validators=[validate_single_line],
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you work in"),
        choices=_language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ordered when the form is built, so the order follows the active language.
        self.fields["country"].queryset = Country.objects.order_by(  # type: ignore[attr-defined]
            translated_order("name"), "iso2"
        )


class SignupProfileForm(ProfileFieldsMixin):
    """The profile questions asked at sign-up, with the consent the account rests on.

    allauth's sign-up form inherits from this class (ACCOUNT_SIGNUP_FORM_CLASS), adding
    email and passwords; `signup()` runs once the user row exists.
    """

    field_order = ["name", "email", "password1", "password2", *PROFILE_FIELDS[1:], "consent"]

    consent = forms.BooleanField(
        label=CONSENT_TEXTS[(ConsentPurpose.PROFILE_PROCESSING, PROFILE_PROCESSING_VERSION)],
        error_messages={
            "required": _("We can only create your account with your agreement to this.")
        },
    )

    def signup(self, request: Any, user: Any) -> None:

        user_complete_signup(user=user, data=self.cleaned_data, request=request)


class ProfileForm(ProfileFieldsMixin):
    """The same profile questions, for editing on the account page."""

    preferred_language = forms.ChoiceField(
        label=_("Language for emails from the platform"),
        choices=_language_choices,
        required=False,
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone for event times"),
        choices=lambda: [("", _("Detect from my device")), *zone_choices()],
        required=False,
        help_text=_("Pages and e-mails show event times in this zone as well as the venue's."),
    )

    @classmethod
    def initial_for(cls, user: User) -> dict[str, Any]:
        return {
            "name": user.name,
            "country": user.country_id,
            "sex": user.sex or Sex.NOT_STATED,
            "age_band": user.age_band or AgeBand.NOT_STATED,
            "role": user.role,
            "institution": user.institution,
            "languages": list(user.languages or []),
            "preferred_language": user.preferred_language or settings.LANGUAGE_CODE,
            "time_zone": user.time_zone,
        }


class AccountDeleteForm(forms.Form):
    """Deleting the account asks for the password, so a borrowed session cannot do it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("This is not your current password."), code="password_incorrect"
            )
        return password
