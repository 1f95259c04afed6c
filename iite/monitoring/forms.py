"""Staff forms: validation happens here and in the models' clean(); services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from iite.programme.models import Activity
from iite.strategy.models import ProgrammePillar, StrategicObjective
from iite.strategy.selectors import current_period_items

from . import indicators
from .models import (
    MitigationAction,
    ReportedValue,
    Risk,
    Workplan,
    WorkplanItem,
    WorkplanReview,
    WorkplanStatus,
)
from .services import TRANSITIONS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def measure_choices(blank: bool = False) -> list[tuple[str, str]]:
    choices = [
        (m.code, f"{i.number}. {m.label}") for i in indicators.INDICATORS for m in i.measures
    ]
    return [("", "—"), *choices] if blank else choices


def _formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ReportedValueForm(forms.ModelForm):
    measure = forms.ChoiceField(label=_("Indicator and sub-measure"), choices=measure_choices)

    class Meta:
        model = ReportedValue
        fields = [
            "measure",
            "year",
            "half",
            "value",
            "country",
            "description",
            "evidence_file",
            "evidence_url",
            "reported_on",
        ]
        formfield_callback = _formfield
        widgets = {"reported_on": _DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = indicators.strategy_years()
        year = data.get("year")
        if year and not first - 4 <= year <= last:
            self.add_error("year", _("Enter a year of the strategy period or the one before."))
        measure = data.get("measure") or ""
        if measure.startswith("member_states."):
            if not data.get("country"):
                self.add_error(
                    "country", _("Name the country supported, so that it is counted once.")
                )
            if data.get("value") is not None and data["value"] != 1:
                self.add_error("value", _("A reported Member State counts as 1."))
        elif data.get("country"):
            self.add_error("country", _("A country is only given for the Member States indicator."))
        upload = data.get("evidence_file")
        if upload and getattr(upload, "size", 0) > 10 * 1024 * 1024:
            self.add_error("evidence_file", _("The file is larger than 10 MB."))
        return data


class WorkplanForm(forms.ModelForm):
    class Meta:
        model = Workplan
        fields = ["year", "title", "original_language"]


class WorkplanItemForm(forms.ModelForm):
    measure = forms.ChoiceField(
        label=_("Indicator sub-measure"),
        choices=lambda: measure_choices(blank=True),
        required=False,
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.order_by("-start_date", "code"),
        required=False,
        to_field_name="code",
        # A code to type, not a list of every activity the institute ever ran.
        widget=forms.TextInput,
        help_text=_("The code of the activity that delivers this item, once it exists."),
    )

    class Meta:
        model = WorkplanItem
        fields = [
            "title",
            "original_language",
            "objectives",
            "pillars",
            "activity",
            "target",
            "measure",
            "target_value",
            "planned_cost_usd",
            "order",
        ]
        widgets = {
            "objectives": forms.CheckboxSelectMultiple,
            "pillars": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.activity_id and not self.is_bound:
            self.initial["activity"] = self.instance.activity.code
        self.fields["objectives"].queryset = current_period_items(StrategicObjective)  # type: ignore[attr-defined]
        self.fields["pillars"].queryset = current_period_items(ProgrammePillar)  # type: ignore[attr-defined]


class WorkplanStatusForm(forms.Form):
    """The workplan's next status: only the transitions open from where it is, with no
    default, so that nobody sets a plan back to draft by submitting the form as it comes."""

    status = forms.ChoiceField(label=_("New status"), choices=WorkplanStatus.choices)
    on = forms.DateField(label=_("Date"), widget=_DATE)
    reference = forms.CharField(label=_("Governing Board decision"), required=False, max_length=200)

    def __init__(self, *args: Any, workplan: Workplan | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if workplan is not None:
            allowed = next_statuses(WorkplanStatus(workplan.status))
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                ("", "—"),
                *[(code, label) for code, label in WorkplanStatus.choices if code in allowed],
            ]


def next_statuses(status: WorkplanStatus) -> set[str]:
    return {str(s) for s in TRANSITIONS[status]}


class ItemNarrativeForm(forms.ModelForm):
    class Meta:
        model = WorkplanItem
        fields = ["narrative"]


class RevisionOpenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the approved workplan needs revising"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
    )


class RevisionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("submit", _("Submit for approval")),
            ("approve", _("Approved by the Governing Board")),
            ("reject", _("Not approved")),
        ],
    )
    on = forms.DateField(label=_("Date"), widget=_DATE)
    reference = forms.CharField(label=_("Governing Board decision"), required=False, max_length=200)


class WorkplanReviewForm(forms.ModelForm):
    class Meta:
        model = WorkplanReview
        fields = [
            "achievements",
            "challenges",
            "recommendations",
            "original_language",
            "reviewed_on",
        ]
        widgets = {"reviewed_on": _DATE}


class RiskForm(forms.ModelForm):
    class Meta:
        model = Risk
        fields = [
            "code",
            "title",
            "description",
            "original_language",
            "category",
            "likelihood",
            "impact",
            "owner",
            "status",
            "source_ref",
        ]


class MitigationActionForm(forms.ModelForm):
    class Meta:
        model = MitigationAction
        fields = ["description", "original_language", "responsible", "due_date", "status"]
        widgets = {"due_date": _DATE}


class RiskReviewForm(forms.Form):
    reviewed_on = forms.DateField(label=_("Reviewed on"), widget=_DATE)
    likelihood = forms.IntegerField(label=_("Likelihood (1–5)"), min_value=1, max_value=5)
    impact = forms.IntegerField(label=_("Impact (1–5)"), min_value=1, max_value=5)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
