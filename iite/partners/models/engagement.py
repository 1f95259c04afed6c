"""How closely IITE works with each Member State (VI.1, first bullet)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

from .agreements import IN_FORCE, Agreement, AgreementKind
from .partners import MEMBER_STATE_BODIES, Partner


class EngagementLevel(models.TextChoices):
    CONTACT = "contact", _("Contact")
    COOPERATION = "cooperation", _("Cooperation on activities")
    COMPREHENSIVE = "comprehensive", _("Comprehensive partnership")


class MemberStateEngagement(models.Model):
    """One record per Member State: the level of engagement and the support given.

    The strategy's goal is a comprehensive partnership with at least one Member State
    in each of the six UNESCO regional (electoral) groups. Our rule, checked in clean()
    and again when the goal is computed: a record counts as comprehensive when its level
    is "comprehensive" AND it rests on a memorandum of understanding, signed or active
    and not past its end date, with that Member State's National Commission for UNESCO
    or a ministry (a partner of type National Commission or Ministry in that country).
    """

    country = models.OneToOneField(
        "reference.Country",
        verbose_name=_("Member State"),
        on_delete=models.PROTECT,
        related_name="iite_engagement",
    )
    level = models.CharField(
        _("level of engagement"),
        max_length=16,
        choices=EngagementLevel.choices,
        default=EngagementLevel.CONTACT,
    )
    counterparts = models.ManyToManyField(
        Partner,
        verbose_name=_("National Commission, ministry and other counterparts"),
        related_name="engagements",
        blank=True,
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("framework agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
    )
    is_key_target = models.BooleanField(_("key target country of the programmes"), default=False)
    support = TranslatedField(_("support given"))
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    since = models.DateField(_("engaged since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country__iso2"]
        verbose_name = _("Member State engagement")

    def __str__(self) -> str:
        return str(self.country)

    def clean(self) -> None:
        if self.level != EngagementLevel.COMPREHENSIVE:
            return
        problem = comprehensive_problem(self.agreement, self.country_id)
        if problem:
            raise ValidationError({"agreement": problem})

    @property
    def is_comprehensive(self) -> bool:
        return (
            self.level == EngagementLevel.COMPREHENSIVE
            and comprehensive_problem(self.agreement, self.country_id) is None
        )


def comprehensive_problem(agreement: Agreement | None, country_id: int | None) -> str | None:
    """Why an agreement cannot carry a comprehensive partnership, or None if it can."""

    if agreement is None:
        return str(_("A comprehensive partnership needs its framework agreement."))
    if agreement.kind != AgreementKind.MOU:
        return str(_("A comprehensive partnership rests on a memorandum of understanding."))
    if agreement.status not in IN_FORCE:
        return str(_("The memorandum of understanding must be signed or active."))
    if agreement.end_date and agreement.end_date < timezone.localdate():
        return str(_("The memorandum of understanding has ended."))
    partner = agreement.partner
    if partner.kind not in MEMBER_STATE_BODIES or partner.country_id != country_id:
        return str(
            _(
                "The memorandum of understanding must be with this Member State's "
                "National Commission for UNESCO or a ministry."
            )
        )
    return None
