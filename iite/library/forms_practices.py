"""Forms of best-practice submissions: the submitter's and the moderator's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.core.fields import KeyedModelMultipleChoiceField
from iite.core.i18n import active_language
from iite.reference.selectors import countries, sorted_by_name

from .models import PRACTICE_LICENCES, PracticeSubmission, Theme
from .services import PRACTICE_FIELDS


def country_choices() -> list[tuple[str, str]]:
    """Every country by name in the reader's language, by its ISO code."""
    return [("", str(_("— not tied to one country —")))] + [
        (country.iso2, str(country.display_name)) for country in sorted_by_name(countries())
    ]


class PracticeForm(forms.Form):
    """What a teacher or student writes; the service validates it again and names the field."""

    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what you do and what it changed."),
    )
    body = forms.CharField(
        label=_("The practice"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "The context (level, subject, pupils), what you did step by step, and the "
            "evidence that it works."
        ),
    )
    language = forms.ChoiceField(label=_("Language you write in"), choices=settings.LANGUAGES)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[])
    source_url = forms.URLField(
        label=_("Address where it is described (optional)"),
        required=False,
        max_length=500,
        assume_scheme="https",
    )
    licence = forms.ChoiceField(
        label=_("Licence"),
        choices=PRACTICE_LICENCES,
        initial="CC-BY-SA-3.0-IGO",
        help_text=_("Published practices are open: anyone may reuse them under this licence."),
    )
    credit_name = forms.CharField(
        label=_("Credit me as (optional)"),
        required=False,
        max_length=200,
        help_text=_("The name shown on the published practice; leave empty not to be named."),
    )
    consent = forms.BooleanField(
        label=_(
            "I may share this practice, and I agree that it is published under the licence chosen."
        ),
    )

    def __init__(self, *args: Any, submission: PracticeSubmission | None = None, **kwargs: Any):
        if "initial" not in kwargs:
            if submission is not None:
                kwargs["initial"] = {field: getattr(submission, field) for field in PRACTICE_FIELDS}
                kwargs["initial"]["country"] = submission.country.iso2 if submission.country else ""
            else:
                kwargs["initial"] = {"language": active_language()}
        super().__init__(*args, **kwargs)
        field = self.fields["country"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = country_choices()

    def service_values(self) -> dict[str, str]:
        values = {field: self.cleaned_data[field] for field in PRACTICE_FIELDS}
        values["country"] = self.cleaned_data["country"]
        return values


class ModerationForm(forms.Form):
    """A reviewer's decision; the note is what the author reads."""

    ACTIONS = (
        ("review", _("Take for review")),
        ("changes", _("Request changes")),
        ("decline", _("Decline")),
        ("accept", _("Accept and publish")),
    )

    action = forms.ChoiceField(choices=ACTIONS)
    notes = forms.CharField(
        label=_("Note to the author"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required to request changes or to decline: the author reads it."),
    )
    themes = KeyedModelMultipleChoiceField(
        label=_("Themes of the published practice"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
