"""Staff forms: a publication, its contributors, its language versions, its state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iite.core.fields import KeyedModelMultipleChoiceField
from iite.core.i18n import TranslatedFormField
from iite.partners.selectors import partner_directory
from iite.reference.selectors import countries
from iite.strategy.models import ProgrammePillar, StrategicObjective
from iite.strategy.selectors import current_period_items

from .identifiers import LICENCES, isbn_valid, validate_doi, validate_handle
from .models import ContributorKind, ContributorRole, Publication, PublicationKind, Theme
from .services import ContributorData

CONTRIBUTORS_MAX = 100


def contributors_parse(text: str) -> list[ContributorData]:
    """One contributor a line: `name | role | ORCID or ROR | affiliation`.

    A name written "Family, Given" is a person; a name without a comma is an
    organisation. Role, identifier and affiliation may be left out. Errors name the line.
    """
    rows: list[ContributorData] = []
    errors: list[str] = []
    roles = {value: value for value in ContributorRole.values} | {
        str(label).lower(): value for value, label in ContributorRole.choices
    }
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > CONTRIBUTORS_MAX:
        raise ValidationError(_("At most %(count)s contributors.") % {"count": CONTRIBUTORS_MAX})
    for number, line in enumerate(lines, start=1):
        parts = [part.strip() for part in line.split("|")]
        name, role, identifier, affiliation = [*parts, "", "", "", ""][:4]
        if len(parts) > 4 or not name:
            errors.append(
                str(_("Line %(line)s: write name | role | ORCID or ROR | affiliation."))
                % {"line": number}
            )
            continue
        role_value = roles.get(role.lower(), "") if role else ContributorRole.AUTHOR
        if not role_value:
            errors.append(
                str(_("Line %(line)s: the role must be one of: %(roles)s."))
                % {"line": number, "roles": ", ".join(ContributorRole.values)}
            )
            continue
        person = "," in name
        family, _comma, given = name.partition(",")
        orcid = identifier if person else ""
        ror = identifier if not person else ""
        rows.append(
            ContributorData(
                family_name=family.strip() if person else name,
                given_names=given.strip() if person else "",
                kind=ContributorKind.PERSON if person else ContributorKind.ORGANISATION,
                role=role_value,
                orcid=orcid,
                ror=ror,
                affiliation=affiliation,
            )
        )
    if errors:
        raise ValidationError(errors)
    return rows


def contributors_text(publication: Publication) -> str:
    lines = []
    for row in publication.contributors.all():
        name = (
            f"{row.family_name}, {row.given_names}"
            if row.kind == ContributorKind.PERSON
            else row.family_name
        )
        lines.append(
            " | ".join([name, row.role, row.orcid or row.ror, row.affiliation]).rstrip(" |")
        )
    return "\n".join(lines)


class PublicationForm(forms.Form):
    title = TranslatedFormField(label=_("Title"))
    abstract = TranslatedFormField(label=_("Abstract"), rich=True, required=False)
    original_language = forms.ChoiceField(
        label=_("Original language"), choices=settings.LANGUAGES, initial="en"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicationKind.choices)
    contributors = forms.CharField(
        label=_("Contributors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: name | role | ORCID or ROR | affiliation. Write a person as "
            "“Family, Given”; a name without a comma is an organisation. "
            "Roles: author, editor, contributor, translator, reviewer."
        ),
    )
    themes = KeyedModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = KeyedModelMultipleChoiceField(
        label=_("Partners"),
        queryset=partner_directory(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pillars = KeyedModelMultipleChoiceField(
        label=_("Programme pillars"),
        queryset=current_period_items(ProgrammePillar).order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = KeyedModelMultipleChoiceField(
        label=_("Strategic objectives"),
        queryset=current_period_items(StrategicObjective).order_by("order"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = KeyedModelMultipleChoiceField(
        label=_("Countries it is about"),
        queryset=countries(),
        required=False,
        help_text=_("Their UNESCO and priority regions are the publication's regions in search."),
    )
    date_published = forms.DateField(
        label=_("Date published"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Set when the publication is published, unless given."),
    )
    doi = forms.CharField(label=_("DOI"), required=False, max_length=200, validators=[validate_doi])
    handle = forms.CharField(
        label=_("Handle"), required=False, max_length=200, validators=[validate_handle]
    )
    licence = forms.ChoiceField(
        label=_("Licence"), choices=list(LICENCES.items()), initial="CC-BY-SA-3.0-IGO"
    )

    def __init__(self, *args: Any, publication: Publication | None = None, **kwargs: Any):
        if publication is not None and "initial" not in kwargs:
            activity = publication.activity
            kwargs["initial"] = {
                "title": publication.title.stored(),
                "abstract": publication.abstract.stored(),
                "original_language": publication.original_language,
                "kind": publication.kind,
                "contributors": contributors_text(publication),
                "themes": list(publication.themes.all()),
                "partners": list(activity.partners.all()),
                "pillars": list(activity.pillars.all()),
                "objectives": list(activity.objectives.all()),
                "countries": list(activity.target_countries.all()),
                "date_published": publication.date_published,
                "doi": publication.doi,
                "handle": publication.handle,
                "licence": publication.licence,
            }
        super().__init__(*args, **kwargs)

    def clean_contributors(self) -> list[ContributorData]:
        return contributors_parse(self.cleaned_data.get("contributors") or "")

    def service_values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class FileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of this version"), choices=settings.LANGUAGES)
    file = forms.FileField(label=_("File (PDF)"))
    isbn = forms.CharField(label=_("ISBN of this version"), required=False, max_length=20)
    page_count = forms.IntegerField(
        label=_("Pages"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("Leave empty for a PDF: its pages are counted."),
    )

    def clean_isbn(self) -> str:
        isbn = (self.cleaned_data.get("isbn") or "").strip()
        if isbn and not isbn_valid(isbn):
            raise ValidationError(
                _("This ISBN is not valid: check its digits (ISBN-10 or ISBN-13).")
            )
        return isbn


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[])

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
