"""The integrated budget's four components, extrabudgetary projects and in-kind support (VI.2).

Amounts are kept in US dollars; money received in another currency also keeps its
ISO 4217 code, the amount in that currency and the rate used (USD per unit).
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iite.core.i18n import TranslatedField

from ..currencies import validate_currency
from .agreements import Agreement
from .partners import Partner

ZERO = Decimal("0")
CENT = Decimal("0.01")


class BudgetComponent(models.TextChoices):
    REGULAR_BUDGET = "regular_budget", _("UNESCO regular budget")
    HOST_COUNTRY = "host_country", _("Host country contribution")
    DECENTRALISED = "decentralised", _("UNESCO decentralised funds")
    EXTRABUDGETARY = "extrabudgetary", _("Extrabudgetary funds")


class CostCategory(models.TextChoices):
    """What the integrated budget pays for (VI.2: operations, staffing, programmes)."""

    STAFF = "staff", _("Staff")
    OPERATIONS = "operations", _("Operations")
    PROGRAMME = "programme", _("Programme")


class FundingStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    SECURED = "secured", _("Secured")


class InKindKind(models.TextChoices):
    VENUE = "venue", _("Conference venue")
    WEBINAR = "webinar", _("Webinar hosting")
    TRAVEL = "travel", _("Travel")
    PUBLICATION = "publication", _("Research or publication")
    IT_PRODUCT = "it_product", _("IT product or platform")
    OTHER = "other", _("Other")


class Money(models.Model):
    """USD amount, with the original currency, amount and exchange rate when not USD."""

    amount_usd = models.DecimalField(
        _("amount (USD)"),
        max_digits=14,
        decimal_places=2,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Calculated from the original amount and rate when left empty."),
    )
    currency = models.CharField(
        _("currency received"),
        max_length=3,
        default="USD",
        validators=[validate_currency],
        help_text=_("ISO 4217 code, for example USD, EUR, RUB, CNY."),
    )
    original_amount = models.DecimalField(
        _("amount in that currency"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )
    exchange_rate = models.DecimalField(
        _("exchange rate (USD per unit)"),
        max_digits=14,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
    )

    class Meta:
        abstract = True

    def clean_money(self) -> dict[str, object]:
        """Field errors of the money fields; fills amount_usd from the conversion."""
        errors: dict[str, object] = {}
        self.currency = (self.currency or "").strip().upper()
        for field in ("amount_usd", "original_amount", "exchange_rate"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("The amount cannot be negative.")
        if self.currency == "USD":
            if self.original_amount is None:
                self.original_amount = self.amount_usd
            self.exchange_rate = None
            if self.amount_usd is None:
                errors["amount_usd"] = _("Give the amount in USD.")
        elif self.currency:
            if self.original_amount is None:
                errors["original_amount"] = _("Give the amount in %(currency)s.") % {
                    "currency": self.currency
                }
            if not self.exchange_rate:
                errors["exchange_rate"] = _(
                    "Give the exchange rate used (USD per %(currency)s)."
                ) % {"currency": self.currency}
            if not errors and self.amount_usd is None:
                assert self.original_amount is not None and self.exchange_rate is not None
                self.amount_usd = (self.original_amount * self.exchange_rate).quantize(
                    CENT, rounding=ROUND_HALF_UP
                )
        return errors


def _outside_agreement(
    agreement: Agreement | None, dates: list[tuple[str, datetime.date | None]]
) -> dict[str, object]:
    if agreement is None:
        return {}
    errors: dict[str, object] = {}
    for field, day in dates:
        if day and not agreement.covers(day):
            errors[field] = _("%(date)s is outside the agreement's period (%(period)s).") % {
                "date": day.isoformat(),
                "period": agreement.period_label(),
            }
    return errors


BIENNIUM_RE = re.compile(r"^(\d{4})-(\d{4})$")


def validate_biennium(value: str) -> None:
    match = BIENNIUM_RE.match(value or "")
    if not match or int(match.group(2)) != int(match.group(1)) + 1:
        raise ValidationError(
            _("Write the biennium as two consecutive years, for example 2026-2027."),
            code="invalid_biennium",
        )


def biennium_of(year: int) -> str:
    """UNESCO's biennia start in even years: 2026-2027, 2028-2029."""
    start = year if year % 2 == 0 else year - 1
    return f"{start}-{start + 1}"


class ExtrabudgetaryProject(Money):
    code = models.SlugField(_("code"), max_length=80, unique=True)
    title = TranslatedField(_("title"), blank=False)
    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    donor = models.ForeignKey(
        Partner, verbose_name=_("donor"), on_delete=models.PROTECT, related_name="eb_projects"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("contribution agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eb_projects",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=FundingStatus.choices, default=FundingStatus.PLEDGED
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    unit = models.ForeignKey(
        "strategy.ProgrammeUnit",
        verbose_name=_("programme unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activities = models.ManyToManyField(
        "programme.Activity",
        verbose_name=_("activities funded"),
        related_name="eb_projects",
        blank=True,
    )
    objectives = models.ManyToManyField(
        "strategy.StrategicObjective",
        verbose_name=_("strategic objectives"),
        related_name="eb_projects",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "code"]
        verbose_name = _("extrabudgetary project")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="eb_project_dates_in_order"
            ),
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="eb_project_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"

    def clean(self) -> None:
        errors = self.clean_money()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        if (
            self.agreement is not None
            and self.donor_id
            and self.agreement.partner_id != self.donor_id
        ):
            errors["agreement"] = _("The agreement is with another partner than the donor.")
        errors.update(
            _outside_agreement(
                self.agreement, [("start_date", self.start_date), ("end_date", self.end_date)]
            )
        )
        if errors:
            raise ValidationError(errors)


class BudgetLine(Money):
    """An amount of one budget component for one year, pledged or secured."""

    component = models.CharField(
        _("budget component"), max_length=16, choices=BudgetComponent.choices, db_index=True
    )
    biennium = models.CharField(_("biennium"), max_length=9, validators=[validate_biennium])
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    status = models.CharField(
        _("status"), max_length=8, choices=FundingStatus.choices, default=FundingStatus.PLEDGED
    )
    donor = models.ForeignKey(
        Partner,
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    project = models.ForeignKey(
        ExtrabudgetaryProject,
        verbose_name=_("extrabudgetary project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
    )
    received_on = models.DateField(_("date pledged or received"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "component", "pk"]
        verbose_name = _("budget line")
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="budget_line_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_component_display()}: {self.amount_usd} USD"

    def clean(self) -> None:
        errors = self.clean_money()
        if self.biennium and self.year:
            try:
                validate_biennium(self.biennium)
            except ValidationError:
                pass
            else:
                start = int(self.biennium[:4])
                if self.year not in (start, start + 1):
                    errors["year"] = _("%(year)s is not a year of the biennium %(biennium)s.") % {
                        "year": self.year,
                        "biennium": self.biennium,
                    }
        project = self.project if self.project_id else None
        if project is not None:
            if self.component != BudgetComponent.EXTRABUDGETARY:
                errors["project"] = _("Only extrabudgetary funds belong to a project.")
            elif self.donor_id is None:
                self.donor = project.donor
            elif self.donor_id != project.donor_id:
                errors["donor"] = _("The donor is not the project's donor.")
        if self.component == BudgetComponent.EXTRABUDGETARY and not (
            self.donor_id or self.project_id
        ):
            errors["donor"] = _("Extrabudgetary funds need their donor.")
        if (
            self.agreement is not None
            and self.donor_id
            and self.agreement.partner_id != self.donor_id
        ):
            errors["agreement"] = _("The agreement is with another partner than the donor.")
        errors.update(_outside_agreement(self.agreement, [("received_on", self.received_on)]))
        if errors:
            raise ValidationError(errors)


class InKindContribution(Money):
    """Support in kind (a venue, hosting a webinar, travel, a publication, an IT product)."""

    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="in_kind_contributions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InKindKind.choices)
    description = models.CharField(_("description"), max_length=300)
    date = models.DateField(_("date"))
    basis_of_valuation = models.TextField(
        _("basis of valuation"),
        help_text=_("How the value was estimated: a quote, the market rate, the partner's figure."),
    )
    activity = models.ForeignKey(
        "programme.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="in_kind_contributions",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="in_kind_contributions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("in-kind contribution")
        constraints = [
            models.CheckConstraint(condition=Q(amount_usd__gte=0), name="in_kind_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        errors = self.clean_money()
        if not (self.basis_of_valuation or "").strip():
            errors["basis_of_valuation"] = _("Say how the value was estimated.")
        if (
            self.agreement is not None
            and self.partner_id
            and self.agreement.partner_id != self.partner_id
        ):
            errors["agreement"] = _("The agreement is with another partner.")
        errors.update(_outside_agreement(self.agreement, [("date", self.date)]))
        if errors:
            raise ValidationError(errors)


class BudgetAllocation(models.Model):
    """The budget: what one component is planned to pay for in a year, by cost category.

    The year's needs are the sum of its allocations, with the programme part raised to
    the workplan's planned cost where the workplan plans more (`funding_summary`).
    """

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    component = models.CharField(
        _("budget component"), max_length=16, choices=BudgetComponent.choices
    )
    category = models.CharField(_("cost category"), max_length=12, choices=CostCategory.choices)
    amount_usd = models.DecimalField(
        _("planned cost (USD)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "component", "category"]
        verbose_name = _("budget allocation")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "component", "category"], name="one_allocation_per_cost"
            ),
            models.CheckConstraint(
                condition=Q(amount_usd__gte=0), name="budget_allocation_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.year} {self.get_component_display()} / {self.get_category_display()}: "
            f"{self.amount_usd} USD"
        )
