"""Staff forms: a new edition with its rubric, rounds, prizes and questions; its settings."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iite.accounts.models import AgeBand, PersonRole
from iite.core.zones import valid_zone, zone_choices
from iite.events.forms import LocalDateTimeField
from iite.partners.selectors import partner_directory
from iite.reference.models import UnescoRegion
from iite.strategy.models import ProgrammeUnit
from iite.strategy.selectors import current_period_items

from .models import Competition, Edition

EDITION_FIELDS = [
    "title",
    "call_text",
    "original_language",
    "opens_at",
    "closes_at",
    "time_zone",
    "eligible_roles",
    "eligible_age_bands",
    "eligible_regions",
    "eligible_countries",
    "team_min",
    "team_max",
    "blind",
    "judges_per_entry",
    "normalise_min_entries",
    "conflict_same_country",
]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CompetitionForm(forms.ModelForm):
    """A competition or award: its name, kind, co-organising partners and website."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Co-organised with"),
        queryset=partner_directory(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    website = forms.URLField(label=_("External website"), required=False, assume_scheme="https")

    class Meta:
        model = Competition
        fields = ["slug", "name", "summary", "original_language", "kind", "partners", "website"]


class EditionForm(forms.ModelForm):
    """An edition's call, dates (typed in its own zone), eligibility and judging settings."""

    opens_at = LocalDateTimeField(label=_("Call opens"))
    closes_at = LocalDateTimeField(label=_("Deadline"))
    time_zone = forms.ChoiceField(label=_("Time zone of the dates"), choices=zone_choices)
    eligible_roles = forms.MultipleChoiceField(
        label=_("Who may enter (none: everyone)"),
        choices=PersonRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_age_bands = forms.MultipleChoiceField(
        label=_("Age bands (none: any age)"),
        choices=AgeBand.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_regions = forms.MultipleChoiceField(
        label=_("UNESCO regions (none with no country: the whole world)"),
        choices=UnescoRegion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Edition
        fields = EDITION_FIELDS

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = ZoneInfo(self.instance.time_zone)
            for name in ("opens_at", "closes_at"):
                self.initial[name] = (
                    getattr(self.instance, name).astimezone(zone).replace(tzinfo=None)
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        zone = valid_zone(cleaned.get("time_zone")) or "UTC"
        for name in ("opens_at", "closes_at"):
            if cleaned.get(name) is not None:
                cleaned[name] = cleaned[name].replace(tzinfo=ZoneInfo(zone))
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The deadline must come after the opening."))
        if (cleaned.get("team_max") or 1) < (cleaned.get("team_min") or 1):
            self.add_error("team_max", _("The largest team cannot be smaller than the smallest."))
        return cleaned

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in EDITION_FIELDS}


class EditionCreateForm(EditionForm):
    """A new edition, with its parts written one per line in the edition's language."""

    competition = forms.ModelChoiceField(label=_("Competition"), queryset=Competition.objects.all())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("Programme unit"), queryset=ProgrammeUnit.objects.none())
    categories = forms.CharField(
        label=_("Categories or tracks, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    criteria = forms.CharField(
        label=_("Rubric: one criterion per line, as “name | weight | highest score”"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rounds = forms.CharField(
        label=_("Rounds in order, one per line, as “name | entries promoted”"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    prizes = forms.CharField(
        label=_("Prizes, one per line"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    questions = forms.CharField(
        label=_("Questions of the entry form, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = ["competition", "year", "unit"]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = current_period_items(ProgrammeUnit)  # type: ignore[attr-defined]

    def _text(self, line: str) -> dict[str, str]:
        return {self.cleaned_data.get("original_language") or "en": line}

    def clean_criteria(self) -> list[dict[str, Any]]:
        criteria = []
        for number, line in enumerate(_lines(self.cleaned_data["criteria"]), start=1):
            parts = [part.strip() for part in line.split("|")]
            try:
                name, weight, top = parts[0], int(parts[1]), int(parts[2])
            except (IndexError, ValueError):
                raise ValidationError(
                    _(
                        "Line %(n)s: write “name | weight | highest score”, "
                        "e.g. “Originality | 2 | 5”."
                    )
                    % {"n": number}
                ) from None
            if not name or not 1 <= weight <= 100 or not 2 <= top <= 100:
                raise ValidationError(
                    _("Line %(n)s: the weight goes from 1 to 100, the highest score from 2 to 100.")
                    % {"n": number}
                )
            criteria.append({"name": name, "weight": weight, "scale_max": top})
        if not criteria:
            raise ValidationError(_("Give the rubric at least one criterion."))
        return criteria

    def clean_rounds(self) -> list[dict[str, Any]]:
        rounds = []
        for number, line in enumerate(_lines(self.cleaned_data["rounds"]), start=1):
            name, _bar, promote = line.partition("|")
            try:
                count = int(promote.strip() or 0)
            except ValueError:
                raise ValidationError(
                    _("Line %(n)s: write “name | entries promoted”, e.g. “Regional round | 10”.")
                    % {"n": number}
                ) from None
            rounds.append({"name": name.strip(), "promote": max(0, count)})
        if not rounds:
            raise ValidationError(_("Give at least one round."))
        return rounds

    def parts(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "categories": [self._text(line) for line in _lines(data["categories"])],
            "criteria": [{**c, "name": self._text(c["name"])} for c in data["criteria"]],
            "rounds": [{**r, "name": self._text(r["name"])} for r in data["rounds"]],
            "prizes": [{"name": self._text(line)} for line in _lines(data["prizes"])],
            "questions": [{"text": self._text(line)} for line in _lines(data["questions"])],
        }
