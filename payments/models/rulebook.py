"""The rules as editable tables with effective dates (rules sections 2 and 4).

Filled by a migration from `payments.rules_data`; fund operators add next year's values in the admin,
where every change is kept with who made it (django-simple-history). The calculator and the status
engine read them only through `payments.selectors.rulebook()`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import rules


class MinimumWage(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    amount = models.DecimalField(_("minimum monthly wage (MZP), KZT"), max_digits=12, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minimum wage")
        verbose_name_plural = _("minimum wages")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"

    def as_row(self) -> rules.MinimumWage:
        return rules.MinimumWage(self.year, self.amount)


class ContributionRate(models.Model):
    class PayerType(models.TextChoices):
        EMPLOYER = "employer", _("employer")
        EMPLOYEE = "employee", _("employee")
        CONTRACT = "contract", _("contract (GPC) worker")
        ENTREPRENEUR = "entrepreneur", _("individual entrepreneur")
        SELF = "self", _("self-payer")
        PLATFORM = "platform", _("platform worker")
        SINGLE = "single", _("single-payment payer")

    class Basis(models.TextChoices):
        INCOME = rules.INCOME, _("percent of income")
        MZP = rules.MZP, _("fixed: percent of a number of MZP")
        NOT_IN_FORCE = rules.NOT_IN_FORCE, _("not in force")
        EXEMPT = rules.EXEMPT, _("exempt")

    payer_type = models.CharField(_("payer type"), max_length=16, choices=PayerType.choices)
    knp = models.PositiveSmallIntegerField(_("KNP"), choices=[(121, "121"), (122, "122")])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to (inclusive)"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices)
    percent = models.DecimalField(_("percent"), max_digits=6, decimal_places=3, default=0)
    cap_mzp = models.DecimalField(_("cap, in MZP"), max_digits=6, decimal_places=2, null=True, blank=True)
    base_mzp = models.DecimalField(_("fixed base, in MZP"), max_digits=6, decimal_places=2, null=True, blank=True)
    share = models.DecimalField(_("share of the sum, percent"), max_digits=6, decimal_places=3, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contribution rate")
        verbose_name_plural = _("contribution rates")
        ordering = ["payer_type", "knp", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["payer_type", "knp", "valid_from"], name="rate_identity"),
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")), name="rate_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_payer_type_display()} {self.knp} {self.valid_from}–{self.valid_to}"

    def as_row(self) -> rules.Rate:
        return rules.Rate(
            self.payer_type, self.knp, self.valid_from, self.valid_to, self.basis,
            self.percent, self.cap_mzp, self.base_mzp, self.share,
        )  # fmt: skip


class BaseRate(models.Model):
    """The National Bank's base (refinancing) rate, for employers' late-payment penalties (section 4)."""

    valid_from = models.DateField(_("in force from"), unique=True)
    percent = models.DecimalField(_("percent a year"), max_digits=6, decimal_places=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("base rate")
        verbose_name_plural = _("base rates")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.percent}%"

    def as_row(self) -> rules.BaseRate:
        return rules.BaseRate(self.valid_from, self.percent)


class StateRate(models.Model):
    """The state's contribution for people in preferential categories (information for fund staff)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    percent = models.DecimalField(_("percent of the average wage two years earlier"), max_digits=6, decimal_places=3)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("state contribution rate")
        verbose_name_plural = _("state contribution rates")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.percent}%"

    def as_row(self) -> rules.StateRate:
        return rules.StateRate(self.year, self.percent)
