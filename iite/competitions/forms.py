"""Forms of the entry, the team, the review and the jury's staff pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .models import Criterion, Edition, Entry, MemberRole, Prize, Result, SupervisorRole

MAX_LINKS = 10


class EntryForm(forms.Form):
    title = forms.CharField(label=_("Title of the entry"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    team_name = forms.CharField(label=_("Team name"), max_length=120, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    links = forms.CharField(
        label=_("Links to your work (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    supervisor_name = forms.CharField(
        label=_("Supervising teacher or guardian"),
        max_length=200,
        required=False,
        help_text=_("Required when a member of the entry is under 18."),
    )
    supervisor_email = forms.EmailField(label=_("Their e-mail address"), required=False)
    supervisor_role = forms.ChoiceField(
        label=_("They are the entrant's"),
        choices=[("", "—"), *SupervisorRole.choices],
        required=False,
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.edition = edition
        categories = list(edition.categories.all())
        if categories:
            field = cast(forms.ChoiceField, self.fields["category"])
            field.choices = [("", "—")] + [(str(c.pk), str(c.name)) for c in categories]
        else:
            del self.fields["category"]
        if not edition.allows_teams:
            del self.fields["team_name"]
        self.questions = list(edition.questions.all())
        for question in self.questions:
            # Answers may stay empty in a draft; submission checks the required ones.
            self.fields[f"q_{question.pk}"] = forms.CharField(
                label=str(question.text),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    @classmethod
    def initial_of(cls, entry: Entry) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": entry.title,
            "summary": entry.summary,
            "team_name": entry.team_name,
            "category": str(entry.category_id or ""),
            "links": "\n".join(entry.links or []),
            "supervisor_name": entry.supervisor_name,
            "supervisor_email": entry.supervisor_email,
            "supervisor_role": entry.supervisor_role,
        }
        for key, value in (entry.answers or {}).items():
            initial[f"q_{key}"] = value
        return initial

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Give at most %(n)s links.") % {"n": MAX_LINKS})
        validate = URLValidator(schemes=["https", "http"])
        for number, line in enumerate(lines, start=1):
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _("Line %(n)s is not a web address (https://…).") % {"n": number}
                ) from None
        return lines

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        category = next(
            (c for c in self.edition.categories.all() if str(c.pk) == data.get("category")), None
        )
        return {
            "title": data["title"],
            "summary": data["summary"],
            "team_name": data.get("team_name", ""),
            "category": category,
            "links": data["links"],
            "supervisor_name": data["supervisor_name"],
            "supervisor_email": data["supervisor_email"],
            "supervisor_role": data["supervisor_role"],
            "answers": {str(q.pk): data.get(f"q_{q.pk}", "") for q in self.questions},
        }


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices, initial=MemberRole.MEMBER)


CONFIDENCE_CHOICES = [
    ("1", _("1 — low: outside my expertise")),
    ("2", _("2 — medium")),
    ("3", _("3 — high: my field")),
]


class ReviewForm(forms.Form):
    confidence = forms.TypedChoiceField(
        label=_("Your confidence"), choices=CONFIDENCE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the jury"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [
                (str(level), f"{level} — {text}" if str(text) else str(level))
                for level, text in criterion.levels()
            ]
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(criterion)s (weight %(weight)s)")
                % {"criterion": criterion.name, "weight": criterion.weight},
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"criterion_{c.pk}"], self.cleaned_data[f"note_{c.pk}"])
            for c in self.criteria
        }

    def criterion_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"criterion_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]


class ConflictForm(forms.Form):
    note = forms.CharField(label=_("Why (seen by staff only)"), max_length=300, required=False)


class JudgeInviteForm(forms.Form):
    email = forms.EmailField(label=_("Judge's e-mail address (an account on the platform)"))


class ResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=Result.choices, required=False)
    prize = forms.ChoiceField(label=_("Prize"), required=False)

    def __init__(self, *args: Any, prizes: list[Prize], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.prizes = {str(p.pk): p for p in prizes}
        prize = cast(forms.ChoiceField, self.fields["prize"])
        prize.choices = [("", "—")] + [(k, str(p.name)) for k, p in self.prizes.items()]

    def prize_chosen(self) -> Prize | None:
        return self.prizes.get(self.cleaned_data.get("prize") or "")
