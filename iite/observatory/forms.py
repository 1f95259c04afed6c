"""The observatory's forms: the catalogue's filters, proposals and each workflow step."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.core.tabular import TableProblem, table_upload_check
from iite.library import selectors as library_selectors
from iite.library.models import Publication, PublicationStatus
from iite.partners.selectors import partner_directory
from iite.strategy.models import ProgrammeUnit

from .models import (
    RATING_MAX,
    RATING_MIN,
    TOOL_RECORD_FIELDS,
    Confidence,
    EducationLevel,
    EnvironmentalFigure,
    EvidenceKind,
    Pricing,
    Protocol,
    Purpose,
    Tool,
    ToolUser,
    validate_language_tags,
)
from .principles import PRINCIPLES, Principle
from .selectors import CatalogueFilters
from .services import REVIEW_DAYS, RatingInput

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "txt", "csv", "md")


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    level = forms.ChoiceField(label=_("Education level"), required=False)
    language = forms.ChoiceField(label=_("Language supported"), required=False)
    principle = forms.ChoiceField(label=_("Principle"), required=False)
    minimum = forms.ChoiceField(label=_("Rated at least"), required=False)

    def __init__(self, *args: Any, languages: list[tuple[str, str]] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["purpose"].choices = _blank(_("Any purpose")) + list(Purpose.choices)
        fields["level"].choices = _blank(_("Any level")) + list(EducationLevel.choices)
        fields["language"].choices = _blank(_("Any language")) + list(languages)
        fields["principle"].choices = _blank(_("Any principle")) + list(Principle.choices)
        fields["minimum"].choices = _blank(_("Any rating")) + [
            (str(value), str(value)) for value in range(RATING_MIN, RATING_MAX + 1)
        ]

    def filters(self) -> CatalogueFilters:
        if not self.is_valid():
            return CatalogueFilters()
        data = self.cleaned_data
        return CatalogueFilters(
            q=data["q"].strip(),
            purpose=data["purpose"],
            level=data["level"],
            language=data["language"],
            principle=data["principle"],
            minimum=int(data["minimum"]) if data["minimum"] != "" else None,
        )


class LanguageTagsField(forms.CharField):
    """Languages as codes separated by commas or spaces: "kk, ru, en"."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes = [code.strip().lower() for code in text.replace(",", " ").split() if code.strip()]
        return list(dict.fromkeys(codes))

    def validate(self, value: Any) -> None:
        super().validate(",".join(value))
        validate_language_tags(value)


class ToolFacetsForm(forms.Form):
    """What a tool is for, for whom and in which languages: the catalogue's facets."""

    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label=_("Education levels"),
        choices=EducationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    users = forms.MultipleChoiceField(
        label=_("Users"), choices=ToolUser.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = LanguageTagsField(
        label=_("Languages supported"),
        required=False,
        max_length=200,
        help_text=_("Language codes separated by commas, for example: kk, ru, en."),
    )


class ToolProposeForm(ToolFacetsForm):
    field_order = ["name", "provider_name", "summary", "purposes", "levels", "users"]

    name = forms.CharField(label=_("Name of the tool"), max_length=160)
    provider_name = forms.CharField(label=_("Provider"), max_length=200)
    summary = forms.CharField(
        label=_("What it does"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    pricing = forms.ChoiceField(
        label=_("Pricing and access"), choices=_blank("—") + list(Pricing.choices), required=False
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    note = forms.CharField(
        label=_("Why it should be assessed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept for assessment")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    version = forms.CharField(label=_("Version to assess"), max_length=60, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class VersionForm(forms.Form):
    version = forms.CharField(label=_("New version to assess"), max_length=60)


class DeclareForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this tool or its provider?"),
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Interests declared"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(forms.Form):
    reviewer: Any = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=get_user_model().objects.none()
    )

    due_on = forms.DateField(
        label=_("Review due"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The reviewer is told this date and reminded a few days before it; left empty, "
            "the review is due in three weeks."
        ),
    )

    def __init__(self, *args: Any, reviewers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["reviewer"]
        field.queryset = reviewers
        field.label_from_instance = lambda user: user.name or user.email
        self.fields["due_on"].initial = timezone.localdate() + datetime.timedelta(days=REVIEW_DAYS)


class RatingsForm(forms.Form):
    """One rating, confidence, set of questions and note per principle."""

    def __init__(
        self, *args: Any, protocol: Protocol, notes_label: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        scale = [
            (str(level.value), f"{level.value} — {level.label}") for level in protocol.scale.all()
        ]
        questions: dict[str, list[tuple[str, str]]] = {}
        for question in protocol.questions.all():
            questions.setdefault(question.principle, []).append(
                (question.code, f"{question.code}: {question.text}")
            )
        self.principles: list[tuple[str, Any, list[str]]] = []
        for code in PRINCIPLES:
            self.fields[f"{code}-rating"] = forms.TypedChoiceField(
                label=_("Rating"), choices=_blank("—") + scale, coerce=int
            )
            self.fields[f"{code}-confidence"] = forms.ChoiceField(
                label=_("Confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM
            )
            self.fields[f"{code}-questions"] = forms.MultipleChoiceField(
                label=_("Questions this rating answers"),
                choices=questions.get(code, []),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{code}-notes"] = forms.CharField(
                label=notes_label or _("Notes"),
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.principles.append(
                (
                    code,
                    Principle(code).label,
                    [f"{code}-rating", f"{code}-confidence", f"{code}-questions", f"{code}-notes"],
                )
            )

    def groups(self) -> list[tuple[str, Any, list[Any]]]:
        return [
            (code, label, [self[name] for name in names]) for code, label, names in self.principles
        ]

    def ratings(self) -> dict[str, RatingInput]:
        data = self.cleaned_data
        return {
            code: RatingInput(
                rating=data[f"{code}-rating"],
                confidence=data[f"{code}-confidence"],
                questions=tuple(data[f"{code}-questions"]),
                notes=data[f"{code}-notes"],
            )
            for code in PRINCIPLES
        }


class ReviewForm(RatingsForm):
    general = forms.CharField(
        label=_("Test notes"), required=False, max_length=10000, widget=forms.Textarea
    )


class ReconcileForm(RatingsForm):
    summary = forms.CharField(
        label=_("Summary of the assessment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    principle = forms.ChoiceField(label=_("Principle"), choices=Principle.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("File"), required=False)
    note = forms.CharField(
        label=_("Test note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            if upload.size > EVIDENCE_MAX_BYTES:
                raise forms.ValidationError(_("The file is larger than 10 MB."))
            if upload.name.lower().rsplit(".", 1)[-1] not in EVIDENCE_EXTENSIONS:
                raise forms.ValidationError(
                    _("Send a file of one of these kinds: %(kinds)s.")
                    % {"kinds": ", ".join(EVIDENCE_EXTENSIONS)}
                )
        return upload


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("The provider's reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ProviderReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text, at most 5,000 characters. It is published as you write it."),
    )


class PublishForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed (for the public change log)"), max_length=2000
    )
    unit: Any = forms.ModelChoiceField(
        label=_("Programme unit"),
        queryset=ProgrammeUnit.objects.none(),
        required=False,
        help_text=_("The unit the assessed tool counts for; by default your own."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.queryset = units


class BiasAuditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    method = forms.CharField(
        label=_("Method"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    groups_compared = forms.CharField(label=_("Groups compared"), max_length=200)
    outcome = forms.CharField(label=_("Outcome measured"), max_length=200)
    reference_group = forms.CharField(label=_("Reference group"), max_length=100)
    run_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    run_by = forms.CharField(label=_("Who ran it"), max_length=200)
    table = forms.FileField(
        label=_("Result table (CSV or XLSX)"),
        help_text=_("Columns: group, sample, favourable; one row per group."),
    )

    def clean_table(self) -> Any:
        upload = self.cleaned_data["table"]
        try:
            table_upload_check(upload)
        except TableProblem as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload


class FigureForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("source address"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = EnvironmentalFigure
        fields = ["kind", "value", "unit", "source", "source_url", "source_note", "as_of"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}


class MentionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    url = forms.URLField(label=_("Address"), assume_scheme="https")


class PublicationLinkForm(forms.Form):
    """Pick a library publication that discusses the tool. The choices shown are the
    picker's (a search narrows them); any publication of the library's staff list is
    accepted, so a choice made from an earlier search still validates."""

    publication = forms.ModelChoiceField(
        label=_("Publication"), queryset=Publication.objects.none()
    )

    def __init__(self, *args: Any, offered: list[Publication] = (), **kwargs: Any):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        field: Any = self.fields["publication"]
        field.queryset = library_selectors.staff_list()
        field.choices = [("", _("Choose a publication"))] + [
            (publication.pk, _publication_label(publication)) for publication in offered
        ]


def _publication_label(publication: Publication) -> str:
    label = f"{publication.title} ({publication.get_kind_display()}"
    if publication.status != PublicationStatus.PUBLISHED:
        label += f", {publication.get_status_display()}"
    return f"{label})"


def _url(label: Any) -> forms.URLField:
    return forms.URLField(label=label, required=False, max_length=200, assume_scheme="https")


class ToolEditForm(ToolFacetsForm, forms.ModelForm):
    """The catalogue record of a tool, as staff keep it; the provider is a partner record
    where one exists (from the partners' directory), else a name."""

    website = _url(_("Website"))
    documentation_url = _url(_("Documentation"))
    privacy_url = _url(_("Privacy policy"))

    class Meta:
        model = Tool
        fields = list(TOOL_RECORD_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        provider: Any = self.fields["provider"]
        provider.queryset = partner_directory()
        provider.required = False
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = ", ".join(self.instance.languages)
