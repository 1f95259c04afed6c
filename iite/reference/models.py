from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField, TranslatedText


def as_translated(value: object, original: str = "en") -> TranslatedText:
    """The field's value as TranslatedText, whether or not the field descriptor converted it.

    (iite.core.i18n's descriptor is a non-data descriptor, so values loaded from the
    database reach the instance as plain dicts; this keeps names rendering either way.)
    """
    if isinstance(value, TranslatedText):
        return value
    if isinstance(value, str):
        return TranslatedText({original: value}, original)
    return TranslatedText(dict(value or {}), original)  # type: ignore[call-overload]


class UnescoRegion(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ARAB_STATES = "arab_states", _("Arab States")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE_NORTH_AMERICA = "europe_north_america", _("Europe and North America")
    LATIN_AMERICA_CARIBBEAN = "latin_america_caribbean", _("Latin America and the Caribbean")


class ElectoralGroup(models.TextChoices):
    I = "I", _("Group I")  # noqa: E741
    II = "II", _("Group II")
    III = "III", _("Group III")
    IV = "IV", _("Group IV")
    VA = "Va", _("Group V(a)")
    VB = "Vb", _("Group V(b)")


class MembershipStatus(models.TextChoices):
    MEMBER_STATE = "member", _("Member State")
    ASSOCIATE_MEMBER = "associate", _("Associate Member")


class PriorityRegion(models.Model):
    """The strategy's priority regions (III.3): three priorities and two for expansion."""

    class Tier(models.TextChoices):
        PRIORITY = "priority", _("Priority region")
        EXPANSION = "expansion", _("Expansion region")

    code = models.SlugField(unique=True)
    name = TranslatedField()
    tier = models.CharField(max_length=12, choices=Tier.choices)
    order = models.PositiveSmallIntegerField(default=0)
    original_language = "en"

    class Meta:
        ordering = ["order"]
        verbose_name = _("priority region")

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> TranslatedText:
        """The name in the active language (falls back to English)."""
        return as_translated(self.name, self.original_language)


class Country(models.Model):
    """A UNESCO Member State or Associate Member, with the groupings the indicators use."""

    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166-1 alpha-3"), max_length=3, unique=True)
    m49_code = models.CharField(_("M49 code"), max_length=3, blank=True)
    name = TranslatedField(_("name"))
    # Other spellings met in imported files ("Russia", "Côte d'Ivoire", "UK"); see selectors.
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    unesco_region = models.CharField(
        _("UNESCO region"), max_length=32, choices=UnescoRegion.choices, db_index=True
    )
    electoral_group = models.CharField(
        _("electoral group"), max_length=3, choices=ElectoralGroup.choices, blank=True
    )
    m49_region = models.CharField(_("M49 region"), max_length=64, blank=True)
    m49_subregion = models.CharField(_("M49 sub-region"), max_length=64, blank=True)
    m49_intermediate_region = models.CharField(
        _("M49 intermediate region"), max_length=64, blank=True
    )
    is_sids = models.BooleanField(_("SIDS"), default=False)
    is_ldc = models.BooleanField(_("LDC"), default=False)
    is_lldc = models.BooleanField(_("LLDC"), default=False)
    priority_regions = models.ManyToManyField(
        PriorityRegion, related_name="countries", blank=True, verbose_name=_("priority regions")
    )
    original_language = "en"

    class Meta:
        ordering = ["iso2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return str(self.display_name)

    @property
    def display_name(self) -> TranslatedText:
        """The name in the active language (falls back to English)."""
        return as_translated(self.name, self.original_language)
