"""Forms of the partner registry; validation lives in the models and services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    MEMBER_STATE_BODIES,
    Agreement,
    AgreementKind,
    BudgetAllocation,
    BudgetLine,
    ExtrabudgetaryProject,
    InKindContribution,
    MemberStateEngagement,
    Partner,
)
from .selectors import partner_find_duplicates
from .services import document_validate

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnerForm(forms.ModelForm):
    """The full profile, for staff who manage the partner. Warns about duplicates."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    not_a_duplicate = forms.BooleanField(
        label=_("I checked: this is a different organisation from the ones listed"),
        required=False,
    )

    class Meta:
        model = Partner
        fields = [
            "name",
            "original_language",
            "acronym",
            "kind",
            "sector",
            "country",
            "website",
            "description",
            "relationship_level",
            "partner_since",
            "is_public",
            "publish_website",
            "publish_description",
            "publish_activities",
            "publish_agreements",
        ]
        widgets = {"partner_since": DATE}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.duplicates: list[Partner] = []
        if not self.is_bound:
            # Asked only once a save has found possible duplicates.
            del self.fields["not_a_duplicate"]
        country = self.fields["country"]
        country.queryset = country.queryset.order_by("iso2")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        names = cleaned.get("name") or {}
        if cleaned.get("acronym"):
            names = {**names, "acronym": cleaned["acronym"]}
        self.duplicates = partner_find_duplicates(
            names=names, website=cleaned.get("website") or "", exclude_pk=self.instance.pk
        )
        if self.duplicates and not cleaned.get("not_a_duplicate"):
            raise ValidationError(
                _(
                    "This looks like a partner already in the registry (same name in some "
                    "language, or same website). Open it, merge the two, or confirm that it "
                    "is a different organisation."
                ),
                code="duplicate",
            )
        return cleaned


class FocalPointProfileForm(forms.ModelForm):
    """What a partner's own focal point may update: the public face, not the relationship."""

    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Partner
        fields = [
            "name",
            "original_language",
            "acronym",
            "website",
            "description",
            "is_public",
            "publish_website",
            "publish_description",
            "publish_activities",
            "publish_agreements",
        ]


class FocalPointForm(forms.Form):
    account_email = forms.EmailField(
        label=_("Platform account email"),
        required=False,
        help_text=_("If the person has an account, only the link to it is stored."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("Work email"), required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    consent_given_on = forms.DateField(label=_("Date consent was given"), widget=DATE)
    consent_note = forms.CharField(label=_("How consent was given"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("account_email")
        cleaned["user"] = None
        if email:
            user = get_user_model().objects.filter(email__iexact=email).first()
            if user is None:
                self.add_error(
                    "account_email",
                    _("No account uses this email. Leave it empty and give the name instead."),
                )
            cleaned["user"] = user
        elif not (cleaned.get("name") or "").strip():
            self.add_error("name", _("Give the contact's name, or their account email."))
        return cleaned


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "kind",
            "title",
            "reference",
            "status",
            "signed_on",
            "start_date",
            "end_date",
            "responsible",
            "notes",
        ]
        widgets = {"signed_on": DATE, "start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        responsible = self.fields["responsible"]
        responsible.queryset = (  # type: ignore[attr-defined]
            get_user_model().objects.filter(is_active=True, is_staff=True).order_by("email")
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word (.docx), OpenDocument (.odt), PNG or JPEG; 10 MB at most."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        document_validate(upload)
        return upload


class EngagementForm(forms.ModelForm):
    class Meta:
        model = MemberStateEngagement
        fields = [
            "country",
            "level",
            "counterparts",
            "agreement",
            "is_key_target",
            "since",
            "support",
            "original_language",
        ]
        widgets = {"since": DATE, "counterparts": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)

        self.fields["counterparts"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            kind__in=MEMBER_STATE_BODIES
        ).order_by("slug")
        self.fields["agreement"].queryset = Agreement.objects.filter(  # type: ignore[attr-defined]
            kind=AgreementKind.MOU
        ).select_related("partner")
        country = self.fields["country"]
        country.queryset = country.queryset.filter(  # type: ignore[attr-defined]
            status="member"
        ).order_by("iso2")


class MoneyFormMixin:
    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").strip().upper()  # type: ignore[attr-defined]


MONEY_FIELDS = ["amount_usd", "currency", "original_amount", "exchange_rate"]


class BudgetLineForm(MoneyFormMixin, forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = [
            "component",
            "biennium",
            "year",
            "status",
            "donor",
            "project",
            "agreement",
            "received_on",
            *MONEY_FIELDS,
            "description",
        ]
        widgets = {"received_on": DATE}


class BudgetAllocationForm(forms.ModelForm):
    class Meta:
        model = BudgetAllocation
        fields = ["year", "component", "category", "amount_usd", "description"]


class ProjectForm(MoneyFormMixin, forms.ModelForm):
    class Meta:
        model = ExtrabudgetaryProject
        fields = [
            "code",
            "title",
            "original_language",
            "donor",
            "agreement",
            "status",
            "start_date",
            "end_date",
            *MONEY_FIELDS,
            "unit",
            "objectives",
            "activities",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}


class InKindForm(MoneyFormMixin, forms.ModelForm):
    class Meta:
        model = InKindContribution
        fields = [
            "partner",
            "kind",
            "description",
            "date",
            *MONEY_FIELDS,
            "basis_of_valuation",
            "activity",
            "agreement",
        ]
        widgets = {"date": DATE, "basis_of_valuation": forms.Textarea(attrs={"rows": 3})}


class MergeForm(forms.Form):
    removed = forms.ModelChoiceField(
        label=_("Duplicate to merge into this partner"),
        queryset=Partner.objects.none(),
    )
    confirm = forms.BooleanField(
        label=_("Move everything from the duplicate to this partner and delete the duplicate"),
    )

    def __init__(self, *args: Any, kept: Partner, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["removed"].queryset = Partner.objects.exclude(pk=kept.pk).order_by("slug")  # type: ignore[attr-defined]
