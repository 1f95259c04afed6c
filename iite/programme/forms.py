"""Forms for activities, participation entry, filters, unit membership and imports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import global_settings, settings
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import User
from iite.core.tabular import TableProblem, table_upload_check
from iite.core.widgets import FilterableCheckboxSelectMultiple
from iite.reference.models import Country, PriorityRegion, UnescoRegion
from iite.strategy.models import (
    Initiative,
    Priority,
    ProgrammePillar,
    ProgrammeUnit,
    StrategicObjective,
    StrategyPeriod,
    TargetGroup,
    UnescoOutput,
)
from iite.strategy.selectors import current_period_items, period_current
from iite.strategy.templatetags.strategy_text import translated

from . import permissions
from .lookups import CountryIndex, split_list
from .models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AggregateParticipation,
    Modality,
    ParticipationRole,
    UnitMembership,
)

# Languages of delivery: the six UI languages first, then the rest of Django's list.
_UI = dict(settings.LANGUAGES)
DELIVERY_LANGUAGES: list[tuple[str, Any]] = [*settings.LANGUAGES] + [
    (code, name)
    for code, name in global_settings.LANGUAGES
    if code not in _UI and "-" not in code and code != "zh-hant"
]
DELIVERY_LANGUAGE_CODES = {code for code, _name in DELIVERY_LANGUAGES}


class FrameworkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {translated(obj, 'title')}"


class FrameworkMultipleChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} · {translated(obj, 'title')}"


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(translated(obj, "name"))


def _period_of(form: forms.BaseForm, instance: Activity | None) -> StrategyPeriod | None:
    raw = form.data.get("period") if form.is_bound else None
    if raw:
        found = StrategyPeriod.objects.filter(pk=raw).first() if str(raw).isdigit() else None
        if found:
            return found
    if instance is not None and instance.period_id:
        return instance.period
    return period_current()


class ActivityForm(forms.ModelForm):
    """Every field of an activity; the strategy choices follow the chosen period."""

    pillars = FrameworkMultipleChoiceField(
        ProgrammePillar.objects.none(), required=False, label=_("Programme pillars")
    )
    objectives = FrameworkMultipleChoiceField(
        StrategicObjective.objects.none(), required=False, label=_("Strategic objectives")
    )
    output = FrameworkChoiceField(
        UnescoOutput.objects.none(), required=False, label=_("UNESCO output")
    )
    # Every activity belongs to a unit (its officers edit it): required for everyone.
    unit = FrameworkChoiceField(ProgrammeUnit.objects.none(), label=_("Programme unit"))
    initiative = FrameworkChoiceField(
        Initiative.objects.none(), required=False, label=_("Initiative")
    )
    target_groups = FrameworkMultipleChoiceField(
        TargetGroup.objects.none(), required=False, label=_("Target groups")
    )
    priorities = FrameworkMultipleChoiceField(
        Priority.objects.none(), required=False, label=_("Priorities")
    )
    target_regions = NamedMultipleChoiceField(
        PriorityRegion.objects.all(),
        required=False,
        label=_("Target priority regions"),
        widget=forms.CheckboxSelectMultiple,
    )
    target_countries = NamedMultipleChoiceField(
        Country.objects.all(),
        required=False,
        label=_("Target countries"),
        widget=FilterableCheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of delivery"),
        choices=DELIVERY_LANGUAGES,
        required=False,
        widget=FilterableCheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "code",
            "title",
            "description",
            "original_language",
            "kind",
            "period",
            "pillars",
            "objectives",
            "output",
            "unit",
            "initiative",
            "parent",
            "start_date",
            "end_date",
            "modality",
            "languages",
            "target_countries",
            "target_regions",
            "target_groups",
            "priorities",
            "partners",
            "status",
            "is_public",
        ]
        labels = {"period": _("Strategy period"), "parent": _("Part of")}
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "code": _("A short unique name used in addresses and imports, e.g. gsec-2026."),
            "is_public": _("Public activities and their aggregate figures appear on the site."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        period = _period_of(self, instance)
        if period is not None and not self.is_bound and instance is None:
            self.initial.setdefault("period", period.pk)
        for name in ("pillars", "objectives", "output", "unit", "initiative"):
            model = self.fields[name].queryset.model  # type: ignore[attr-defined]
            self.fields[name].queryset = model.objects.filter(period=period)  # type: ignore[attr-defined]
        for name in ("target_groups", "priorities"):
            model = self.fields[name].queryset.model  # type: ignore[attr-defined]
            self.fields[name].queryset = model.objects.filter(period=period)  # type: ignore[attr-defined]
        parent = self.fields["parent"]
        parents = Activity.objects.all()
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        parent.queryset = parents  # type: ignore[attr-defined]
        if not permissions.can_edit_all_activities(user):
            unit_field = self.fields["unit"]
            own_units: list[int] = list(permissions.user_unit_ids(user))
            unit_field.queryset = unit_field.queryset.filter(pk__in=own_units)  # type: ignore[attr-defined]
            unit_field.required = True
            unit_field.help_text = _("You can add activities to the units you belong to.")

    def clean_languages(self) -> list[str]:
        return [code for code in self.cleaned_data.get("languages", []) if code]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        period = data.get("period")
        if start and period and not (period.start_year <= start.year <= period.end_year):
            self.add_error(
                "start_date",
                _("The start date is outside the strategy period %(period)s.")
                % {"period": period.code},
            )
        unit = data.get("unit")
        if not permissions.can_edit_activity_in_unit(self.user, unit.pk if unit else None):
            self.add_error("unit", _("You can only edit activities of your own units."))
        return data


class ActivityFilterForm(forms.Form):
    """The filters of the activity lists; invalid values give field errors and are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    period = forms.ModelChoiceField(
        StrategyPeriod.objects.all(),
        label=_("Strategy period"),
        required=False,
        to_field_name="code",
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1997, max_value=2100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False
    )
    pillar = FrameworkChoiceField(
        ProgrammePillar.objects.select_related("period"),
        label=_("Programme pillar"),
        required=False,
    )
    objective = FrameworkChoiceField(
        StrategicObjective.objects.select_related("period"),
        label=_("Strategic objective"),
        required=False,
    )
    unit = FrameworkChoiceField(
        current_period_items(ProgrammeUnit),
        label=_("Programme unit"),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ActivityStatus.choices],
        required=False,
    )
    modality = forms.ChoiceField(
        label=_("Modality"),
        choices=[("", _("All modalities")), *Modality.choices],
        required=False,
    )
    region = forms.ChoiceField(
        label=_("UNESCO region"),
        choices=[("", _("All regions")), *UnescoRegion.choices],
        required=False,
    )
    priority_region = forms.ModelChoiceField(
        PriorityRegion.objects.all(),
        label=_("Priority region"),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        current = period_current()
        for name in ("pillar", "objective"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(period=current)  # type: ignore[attr-defined]
        self.fields["pillar"].empty_label = _("All pillars")  # type: ignore[attr-defined]
        self.fields["objective"].empty_label = _("All objectives")  # type: ignore[attr-defined]
        self.fields["unit"].empty_label = _("All units")  # type: ignore[attr-defined]
        self.fields["period"].empty_label = _("All periods")  # type: ignore[attr-defined]
        self.fields["priority_region"].empty_label = _("All priority regions")  # type: ignore[attr-defined]
        self.fields["priority_region"].label_from_instance = lambda obj: str(  # type: ignore[attr-defined]
            translated(obj, "name")
        )
        self.fields["period"].label_from_instance = lambda obj: obj.code  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class ParticipationEntryForm(forms.Form):
    """One person's participation, found by the email of their existing account."""

    email = forms.EmailField(label=_("Email of the person's account"))
    role = forms.ChoiceField(label=_("Role"), choices=ParticipationRole.choices)
    attended = forms.BooleanField(label=_("Attended"), required=False)
    completed = forms.BooleanField(label=_("Completed"), required=False)
    certified = forms.BooleanField(label=_("Certified"), required=False)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        person = User.objects.filter(email__iexact=email).first()
        if person is None:
            raise forms.ValidationError(
                _("No account uses this email address. The person needs an account first.")
            )
        self.person = person
        return email


class AggregateParticipationForm(forms.ModelForm):
    """Counts for an onsite event; the split by sex must add up to the total."""

    countries_text = forms.CharField(
        label=_("Countries"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("ISO codes or names separated by commas or semicolons, e.g. KZ; UZ; Kenya."),
    )

    class Meta:
        model = AggregateParticipation
        fields = [
            "role",
            "total",
            "female",
            "male",
            "another",
            "not_stated",
            "countries_text",
            "country_count",
            "target_group",
            "completed",
            "certified",
            "evidence",
            "notes",
        ]
        labels = {"role": _("Role"), "target_group": _("Target group")}
        help_texts = {
            "country_count": _(
                "How many countries the people came from, if more than the countries listed."
            )
        }

    def __init__(self, *args: Any, activity: Activity, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.instance.activity = activity
        field = self.fields["target_group"]
        field.queryset = TargetGroup.objects.filter(period=activity.period_id)  # type: ignore[attr-defined]
        field.label_from_instance = lambda obj: str(translated(obj, "title"))  # type: ignore[attr-defined]
        self.country_ids: list[int] = []
        for name in ("female", "male", "another", "not_stated", "completed", "certified"):
            self.fields[name].required = False
            self.fields[name].initial = 0
        for name in ("country_count",):
            self.fields[name].required = False

    def clean_countries_text(self) -> str:
        text = self.cleaned_data.get("countries_text", "")
        ids, unknown = CountryIndex.load().resolve(split_list(text))
        if unknown:
            raise forms.ValidationError(
                _("Unknown countries: %(names)s.") % {"names": ", ".join(unknown)}
            )
        self.country_ids = ids
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in (
            "female",
            "male",
            "another",
            "not_stated",
            "completed",
            "certified",
            "country_count",
        ):
            if data.get(name) is None and name not in self.errors:
                data[name] = 0
        total = data.get("total")
        if total is None:
            return data
        parts = [data.get(name) or 0 for name in ("female", "male", "another", "not_stated")]
        if sum(parts) != total:
            self.add_error(
                "total",
                _("Female, male, another and not stated add up to %(split)s, not %(total)s.")
                % {"split": sum(parts), "total": total},
            )
        for name in ("completed", "certified"):
            if (data.get(name) or 0) > total:
                self.add_error(name, _("This cannot be more than the total."))
        if (data.get("certified") or 0) > (data.get("completed") or 0) and data.get("completed"):
            self.add_error("certified", _("This cannot be more than those who completed."))
        return data

    def _post_clean(self) -> None:
        # The model's own clean() repeats the sum rule that clean() above already
        # reported by field; build the instance without reporting it twice.
        self.instance = construct_instance(self, self.instance, self._meta.fields)


class UnitMembershipForm(forms.Form):
    email = forms.EmailField(label=_("Email of the staff member"))
    unit = forms.ModelChoiceField(current_period_items(ProgrammeUnit), label=_("Programme unit"))

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label_from_instance = lambda obj: str(translated(obj, "title"))  # type: ignore[attr-defined]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        self.user = User.objects.filter(email__iexact=email, is_staff=True).first()
        if self.user is None:
            raise forms.ValidationError(_("No staff account uses this email address."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        user = getattr(self, "user", None)
        if (
            unit
            and user is not None
            and UnitMembership.objects.filter(user=user, unit=unit).exists()
        ):
            self.add_error("unit", _("This person already belongs to this unit."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_("UTF-8 CSV (comma or semicolon) or an Excel workbook (first sheet)."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        try:
            table_upload_check(upload)
        except TableProblem as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload
