"""Staff forms of the well-being assistant: the answer bank, its review, the helplines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.reference.selectors import countries, sorted_by_name

from .models import LANGUAGES, Answer, AnswerStatus, Helpline, Topic

# The fields whose change makes a new version of an answer that needs a new review.
ANSWER_CONTENT = ("topic", "questions", "keywords", "body")


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Answer
        fields = ["key", "topic", "language", "questions", "keywords", "body"]
        widgets = {
            "questions": forms.Textarea(attrs={"rows": 5}),
            "body": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The key and language name the entry; another language is a new entry.
            for name in ("key", "language"):
                self.fields[name].disabled = True

    def clean_questions(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Give at least one question a young person might ask."))
        return "\n".join(lines)

    def content_changed(self) -> bool:
        return any(name in self.changed_data for name in ANSWER_CONTENT)


class ApproveForm(forms.Form):
    review_due = forms.DateField(
        label=_("Review again by"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_review_due(self) -> Any:
        day = self.cleaned_data["review_due"]
        if day <= timezone.localdate():
            raise forms.ValidationError(_("Give a review date in the future."))
        return day


class AnswerFilterForm(forms.Form):
    """The answer bank's filters; an unknown value is ignored, never an error page."""

    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All")), *Topic.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All")), *LANGUAGES]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *AnswerStatus.choices]
    )
    review_due = forms.BooleanField(label=_("Review due"), required=False)

    def values(self) -> dict[str, Any]:
        if self.is_valid():
            return self.cleaned_data
        return {
            name: self.cleaned_data.get(name, self.fields[name].initial or "")
            for name in self.fields
            if name not in self.errors
        }


def country_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [
        (item.iso2, str(item.display_name)) for item in sorted_by_name(countries())
    ]


class HelplineForm(forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"))
    url = forms.URLField(
        label=_("web site or chat"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Helpline
        fields = [
            "country",
            "name",
            "phone",
            "url",
            "hours",
            "languages",
            "for_children",
            "order",
            "active",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country: Any = self.fields["country"]
        country.choices = country_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("phone") and not data.get("url") and "phone" not in self.errors:
            self.add_error("phone", _("Give a phone number or a web address (or both)."))
        return data
