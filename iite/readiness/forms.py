from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iite.accounts.forms import CountryChoiceField
from iite.core.fields import KeyedModelChoiceField, KeyedModelMultipleChoiceField
from iite.core.i18n import translated_order
from iite.core.validators import validate_single_line
from iite.reference.models import Country

from .models import Action, Area, Campaign, Framework, Statement
from .selectors import campaigns_of, frameworks_current


class FrameworkChoiceField(KeyedModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.get_level_display()}, v{obj.version})"


class StatementChoiceField(KeyedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.area.code}.{obj.code} {obj.text}"


class CampaignForm(forms.ModelForm):
    framework = FrameworkChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    country = CountryChoiceField(label=_("Country"), queryset=Country.objects.none())
    institution = forms.CharField(
        label=_("School or ministry"), max_length=200, validators=[validate_single_line]
    )
    optional = StatementChoiceField(
        label=_("Optional items to include"),
        queryset=Statement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Campaign
        fields = (
            "framework",
            "institution",
            "country",
            "opens_on",
            "closes_on",
            "min_respondents",
            "previous",
            "share_with_institute",
        )
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        frameworks = frameworks_current()
        if self.instance.pk:
            frameworks = Framework.objects.filter(pk=self.instance.framework_id)
            self.fields["framework"].disabled = True
        self.fields["framework"].queryset = frameworks  # type: ignore[attr-defined]
        self.fields["country"].queryset = Country.objects.order_by(  # type: ignore[attr-defined]
            translated_order("name"), "iso2"
        )
        previous = campaigns_of(user)
        if self.instance.pk:
            previous = previous.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = previous  # type: ignore[attr-defined]
        self.fields["previous"].required = False
        self.fields["optional"].queryset = (  # type: ignore[attr-defined]
            Statement.objects.filter(optional=True, area__framework__in=frameworks)
            .select_related("area")
            .order_by("area__framework", "area__order", "order")
        )
        if self.instance.pk:
            self.fields["optional"].initial = list(
                self.instance.optional_statements.values_list("pk", flat=True)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        framework = data.get("framework") or (self.instance.pk and self.instance.framework)
        previous = data.get("previous")
        if framework and previous and previous.framework.code != framework.code:
            self.add_error("previous", _("Choose an earlier campaign of the same framework."))
        if framework and any(s.area.framework_id != framework.pk for s in data.get("optional", [])):
            self.add_error("optional", _("Choose optional items of the chosen framework."))
        return data


class StartForm(forms.Form):
    """The respondent's first step: nothing to fill in, only a consent to go on."""


class ResumeForm(forms.Form):
    key = forms.CharField(label=_("Resume key"), max_length=40, validators=[validate_single_line])


class AccessForm(forms.Form):
    code = forms.CharField(label=_("Access code"), max_length=12, validators=[validate_single_line])


NOT_KNOWN = "na"


def answers_form(
    statements: list[Statement], scale: list[tuple[int, str]], initial: dict[int, Any]
):  # type: ignore[no-untyped-def]
    """A form with one radio question per statement: 1–5, or "I don't know"."""
    choices = [(str(value), f"{value} · {label}") for value, label in scale]
    choices.append((NOT_KNOWN, str(_("I don't know / not applicable"))))
    fields = {
        f"s{s.pk}": forms.ChoiceField(
            label=str(s.text),
            choices=choices,
            widget=forms.RadioSelect,
            required=False,
            initial=(NOT_KNOWN if initial.get(s.pk, 0) is None else str(initial.get(s.pk, ""))),
        )
        for s in statements
    }
    return type("AnswersForm", (forms.Form,), fields)


def answers_from(form: forms.Form, statements: list[Statement]) -> dict[int, int | None]:
    values: dict[int, int | None] = {}
    for statement in statements:
        raw = form.cleaned_data.get(f"s{statement.pk}")
        if raw == NOT_KNOWN:
            values[statement.pk] = None
        elif raw:
            values[statement.pk] = int(raw)
    return values


class AreaChoiceField(KeyedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class PrioritiesForm(forms.Form):
    areas = AreaChoiceField(
        label=_("Priority areas (two or three)"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            framework=campaign.framework
        )
        self.fields["areas"].initial = list(campaign.priorities.values_list("area_id", flat=True))


class ActionForm(forms.ModelForm):
    resources = forms.MultipleChoiceField(
        label=_("Linked offers of the institute"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        fields = ("text", "owner", "due_on", "status", "progress_note", "resources")
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, offers: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(o["key"], o["title"]) for o in offers]
        self.fields["resources"].choices = choices  # type: ignore[attr-defined]
        for name in ("text", "owner", "progress_note"):
            self.fields[name].validators.append(validate_single_line)
