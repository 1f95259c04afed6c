"""Forms of best-practice submissions: the submitter's and the moderator's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iite.core.fields import KeyedModelMultipleChoiceField
from iite.core.filetypes import described_uploads
from iite.core.i18n import active_language
from iite.reference.selectors import countries, sorted_by_name

from .models import PRACTICE_LICENCES, PracticeLevel, PracticeSubmission, Theme
from .practice_files import EXTENSIONS, MAX_BYTES, MAX_FILES, PracticeUpload
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
            "What you did, step by step: the preparation, the activities, what the "
            "learners and the teachers do."
        ),
    )
    level = forms.ChoiceField(
        label=_("Education level"),
        choices=[("", _("— choose the level —")), *PracticeLevel.choices],
        help_text=_("The learners the practice serves; choose “Several levels” if it serves more."),
    )
    context = forms.CharField(
        label=_("Context"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "The setting: the kind of school, the learners (age, number, needs), the "
            "subject, and the constraints (equipment, connection, time)."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence that it works"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What shows it: results before and after, attendance, what learners, parents "
            "or colleagues observed, an evaluation."
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

    field_order = (
        "title",
        "summary",
        "level",
        "context",
        "body",
        "evidence",
        "language",
        "country",
        "source_url",
        "licence",
        "credit_name",
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
        consent = self.fields.pop("consent")
        kept = list(submission.files.all()) if submission is not None else []
        if kept:
            self.fields["remove_files"] = forms.TypedMultipleChoiceField(
                label=_("Remove files"),
                required=False,
                coerce=int,
                choices=[(item.pk, item.name) for item in kept],
                widget=forms.CheckboxSelectMultiple,
            )
        for slot in range(1, MAX_FILES + 1):
            self.fields[f"file_{slot}"] = forms.FileField(
                label=_("Add a file (%(slot)s of %(count)s)") % {"slot": slot, "count": MAX_FILES},
                required=False,
                help_text=_(
                    "PDF, DOCX, ODT or an image, at most %(size)s MB each; at most %(count)s "
                    "files in all. A PDF is published with the practice."
                )
                % {"size": MAX_BYTES // (1024 * 1024), "count": MAX_FILES}
                if slot == 1
                else "",
                widget=forms.FileInput(attrs={"accept": ",".join(EXTENSIONS)}),
            )
            self.fields[f"alt_{slot}"] = forms.CharField(
                label=_("If it is an image, what it shows"), max_length=300, required=False
            )
        self.fields["consent"] = consent

    def service_values(self) -> dict[str, str]:
        values = {field: self.cleaned_data[field] for field in PRACTICE_FIELDS}
        values["country"] = self.cleaned_data["country"]
        return values

    def practice_uploads(self) -> list[PracticeUpload]:
        return described_uploads(self.cleaned_data, prefix="file", count=MAX_FILES)

    def files_removed(self) -> list[int]:
        return list(self.cleaned_data.get("remove_files") or [])


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
