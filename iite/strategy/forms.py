"""Staff forms for each kind of framework item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import PersonRole

from .models import (
    Initiative,
    LineOfAction,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategicRole,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)

_BASE_FIELDS = ["code", "title", "description", "source_ref", "order"]


class FrameworkItemForm(forms.ModelForm):
    """An item of one period: links are limited to that period, codes unique in it."""

    def __init__(self, *args: Any, period: StrategyPeriod, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.period = period
        self.instance.period = period
        self.fields["title"].required = True
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset.model, "period"):
                field.queryset = queryset.filter(period=period)  # type: ignore[attr-defined]
                if isinstance(field, forms.ModelMultipleChoiceField):
                    field.widget = forms.CheckboxSelectMultiple()
                    field.widget.choices = field.choices
            if name == "order":
                field.help_text = _("Position in lists (1 first).")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = (
            type(self.instance)
            ._default_manager.filter(period=self.period, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if clash:
            raise forms.ValidationError(_("Another item of this period already has this code."))
        return code


class OutputForm(FrameworkItemForm):
    class Meta:
        model = UnescoOutput
        fields = _BASE_FIELDS


class ObjectiveForm(FrameworkItemForm):
    class Meta:
        model = StrategicObjective
        fields = [*_BASE_FIELDS, "outputs"]
        labels = {"outputs": _("UNESCO outputs")}


class LineOfActionForm(FrameworkItemForm):
    class Meta:
        model = LineOfAction
        fields = ["objective", *_BASE_FIELDS]
        labels = {"objective": _("Strategic objective")}


class RoleForm(FrameworkItemForm):
    class Meta:
        model = StrategicRole
        fields = _BASE_FIELDS


class PillarForm(FrameworkItemForm):
    class Meta:
        model = ProgrammePillar
        fields = [*_BASE_FIELDS, "roles", "objectives", "outputs"]
        labels = {
            "roles": _("Strategic roles"),
            "objectives": _("Strategic objectives"),
            "outputs": _("UNESCO outputs"),
        }


class InitiativeForm(FrameworkItemForm):
    class Meta:
        model = Initiative
        fields = ["pillar", "kind", *_BASE_FIELDS, "partner_names"]
        labels = {"pillar": _("Programme pillar")}


class PriorityForm(FrameworkItemForm):
    class Meta:
        model = Priority
        fields = _BASE_FIELDS


class TargetGroupForm(FrameworkItemForm):
    person_roles = forms.MultipleChoiceField(
        label=_("Profile roles in this group"),
        choices=PersonRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People who describe themselves with these roles count in this group."),
    )

    class Meta:
        model = TargetGroup
        fields = [*_BASE_FIELDS, "person_roles"]


class UnitForm(FrameworkItemForm):
    class Meta:
        model = ProgrammeUnit
        fields = _BASE_FIELDS


class PeriodForm(forms.ModelForm):
    class Meta:
        model = StrategyPeriod
        fields = ["title", "start_year", "end_year", "is_current", "source_document"]
        labels = {
            "start_year": _("First year"),
            "end_year": _("Last year"),
            "is_current": _("Current period"),
            "source_document": _("Source document"),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year is before the first year."))
        return data


@dataclass(frozen=True)
class ItemKind:
    slug: str
    model: type[Model]
    form: type[FrameworkItemForm]
    label: str | Promise


ITEM_KINDS: dict[str, ItemKind] = {
    kind.slug: kind
    for kind in (
        ItemKind("outputs", UnescoOutput, OutputForm, _("UNESCO output")),
        ItemKind("objectives", StrategicObjective, ObjectiveForm, _("strategic objective")),
        ItemKind("lines", LineOfAction, LineOfActionForm, _("line of action")),
        ItemKind("roles", StrategicRole, RoleForm, _("strategic role")),
        ItemKind("pillars", ProgrammePillar, PillarForm, _("programme pillar")),
        ItemKind("initiatives", Initiative, InitiativeForm, _("initiative")),
        ItemKind("priorities", Priority, PriorityForm, _("priority")),
        ItemKind("target-groups", TargetGroup, TargetGroupForm, _("target group")),
        ItemKind("units", ProgrammeUnit, UnitForm, _("programme unit")),
    )
}
