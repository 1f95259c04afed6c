from __future__ import annotations

from django.conf import settings
from django.db import models
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


class RelationshipLevel(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic partner")
    PROJECT = "project", _("Project partner")
    NETWORK_MEMBER = "network_member", _("Network member")


class Partner(models.Model):
    name = TranslatedField(_("name"), blank=False)
    original_language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("type"), max_length=24, choices=PartnerType.choices)
    country = models.ForeignKey(
        "reference.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partners",
    )
    website = models.URLField(_("website"), blank=True)
    relationship_level = models.CharField(
        _("relationship level"),
        max_length=16,
        choices=RelationshipLevel.choices,
        default=RelationshipLevel.PROJECT,
    )
    is_public = models.BooleanField(_("agreed to be listed publicly"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("partner")

    def __str__(self) -> str:
        return self.acronym or str(self.name)
