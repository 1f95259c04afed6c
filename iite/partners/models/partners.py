"""Partner organisations, their focal points and the record of merged duplicates (VI.1)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField


class PartnerType(models.TextChoices):
    NATIONAL_COMMISSION = "national_commission", _("National Commission for UNESCO")
    MINISTRY = "ministry", _("Ministry of Education or other Member State body")
    UNESCO_HQ = "unesco_hq", _("UNESCO Headquarters")
    UNESCO_FIELD_OFFICE = "unesco_field_office", _("UNESCO Field Office")
    UNESCO_CAT1 = "unesco_cat1", _("UNESCO Category 1 Institute")
    UNESCO_CAT2 = "unesco_cat2", _("UNESCO Category 2 Centre")
    UNESCO_CHAIR = "unesco_chair", _("UNESCO Chair")
    ASPNET_SCHOOL = "aspnet_school", _("ASPnet school")
    UNIVERSITY = "university", _("University or education institution")
    TECHNOLOGY_COMPANY = "technology_company", _("Technology company")
    FOUNDATION = "foundation", _("Philanthropic foundation")
    NGO = "ngo", _("NGO")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental body")
    NETWORK = "network", _("Network")


#: The Member State bodies whose signed MoU can make a comprehensive partnership (VI.1).
MEMBER_STATE_BODIES = (PartnerType.NATIONAL_COMMISSION, PartnerType.MINISTRY)


class RelationshipLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic partner")
    PROJECT = "project", _("Project partner")
    NETWORK_MEMBER = "network_member", _("Network member")


class Sector(models.TextChoices):
    """The sectors VI.1 asks IITE to diversify its partnerships across."""

    PUBLIC = "public", _("Public sector (government)")
    UNESCO = "unesco", _("UNESCO family")
    INTERGOVERNMENTAL = "intergovernmental", _("Intergovernmental")
    ACADEMIC = "academic", _("Academic and education")
    PRIVATE = "private", _("Private sector and technology")
    PHILANTHROPIC = "philanthropic", _("Philanthropic")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


#: Page addresses under /partners/ that a partner's slug must not take.
RESERVED_SLUGS = frozenset(
    {
        "manage",
        "my-organisation",
        "new",
        "map",
        "member-states",
        "resources",
        "documents",
        "focal-points",
    }
)


class Partner(models.Model):
    """An organisation IITE works with.

    What the public sees is what the partner agreed to publish: `is_public` lists the
    organisation (name, acronym, type, sector, country); the `publish_*` flags add the
    other field groups one by one. Focal points and financial figures are never public.
    """

    name = TranslatedField(_("name"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("type"), max_length=24, choices=PartnerType.choices)
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True, db_index=True
    )
    country = models.ForeignKey(
        "reference.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
    )
    website = models.URLField(_("website"), blank=True)
    description = TranslatedField(_("description"))
    relationship_level = models.CharField(
        _("relationship level"),
        max_length=16,
        choices=RelationshipLevel.choices,
        default=RelationshipLevel.PROJECT,
    )
    partner_since = models.DateField(
        _("partner since"),
        null=True,
        blank=True,
        help_text=_(
            "When the partnership began, if the agreements recorded here do not show it "
            "(a partnership older than the platform). Leave empty to take the earliest "
            "agreement's start."
        ),
    )
    aliases = models.JSONField(
        _("other names"),
        default=list,
        blank=True,
        help_text=_("Names of duplicates merged into this partner, kept for search."),
    )
    is_public = models.BooleanField(_("agreed to be listed publicly"), default=False)
    publish_website = models.BooleanField(_("agreed to publish the website"), default=False)
    publish_description = models.BooleanField(_("agreed to publish the description"), default=False)
    publish_activities = models.BooleanField(
        _("agreed to publish the joint activities"), default=False
    )
    publish_agreements = models.BooleanField(
        _("agreed to publish the kinds of agreement (never amounts)"), default=False
    )
    publish_consent_on = models.DateField(
        _("date the publication consent was given"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")
        permissions = [
            ("view_financials", _("Can view financial figures")),
            ("merge_partner", _("Can merge duplicate partners")),
            ("update_own_partner", _("Can update their own organisation's profile")),
        ]

    def __str__(self) -> str:
        return self.acronym or str(self.name)

    def get_absolute_url(self) -> str:
        return reverse("partners:profile", args=[self.slug])

    def get_public_url(self) -> str:
        return reverse("partners:public_profile", args=[self.slug])

    def clean(self) -> None:

        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved; choose another.")})

    @property
    def display_name(self) -> str:
        name = str(self.name)
        return f"{name} ({self.acronym})" if self.acronym and self.acronym != name else name


class FocalPoint(models.Model):
    """A contact person at a partner, kept only with their recorded consent.

    A focal point who has a platform account is linked to it and nothing else is
    copied: name and email come from the account. Someone without an account is kept
    minimally: a name, a work email and the date they consented.
    """

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="focal_points")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("platform account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="partner_focal_points",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("work email"), blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    consent_given_on = models.DateField(_("date consent was given"))
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partner", "pk"]
        verbose_name = _("focal point")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "user"],
                condition=Q(user__isnull=False),
                name="one_focal_point_link_per_user",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="focal_point_has_a_name_or_account",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return str(self.user)
        return self.name

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user is not None else self.email

    def clean(self) -> None:

        if not self.user_id and not self.name.strip():
            raise ValidationError(
                {"name": _("Give the contact's name, or link their platform account.")}
            )


class PartnerMerge(models.Model):
    """What a merge removed, so that nothing about the duplicate is lost."""

    kept = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="merges")
    removed_slug = models.SlugField(max_length=80, db_index=True)
    removed_name = models.JSONField(default=dict)
    removed_acronym = models.CharField(max_length=40, blank=True)
    removed_website = models.URLField(blank=True)
    removed_data = models.JSONField(default=dict)
    moved = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("partner merge")

    def __str__(self) -> str:
        return f"{self.removed_slug} → {self.kept_id}"
