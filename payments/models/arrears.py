"""Employers who withhold but do not transfer: the aggregate table the report and My status read (decision 0021).

Rebuilt by `payments.services.arrears` per employer, never edited by hand; nobody scans payments on a page view.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmployerArrear(models.Model):
    class Kind(models.TextChoices):
        NO_122 = "no_122", _("transfers paid, contributions not")
        SHORT_122 = "short_122", _("contributions less than due")
        NOTHING = "nothing", _("nothing paid for the month")

    bin = models.CharField(_("employer BIN"), max_length=12)
    name = models.CharField(_("employer"), max_length=255, blank=True)
    iin = models.CharField(_("IIN"), max_length=12)
    period = models.DateField(_("month"))
    kind = models.CharField(_("what is missing"), max_length=10, choices=Kind.choices)
    paid_121 = models.DecimalField(_("transfers paid, KZT"), max_digits=14, decimal_places=2)
    paid_122 = models.DecimalField(_("contributions paid, KZT"), max_digits=14, decimal_places=2)
    due_122 = models.DecimalField(_("contributions due, KZT"), max_digits=14, decimal_places=2, null=True, blank=True)
    amount_missing = models.DecimalField(
        _("amount missing, KZT"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    others_paid = models.BooleanField(_("paid for others that month"))
    paid_before = models.DateField(_("paid the month before"), null=True, blank=True)
    paid_after = models.DateField(_("paid the month after"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("employer arrear")
        verbose_name_plural = _("employer arrears")
        ordering = ["bin", "iin", "period"]
        indexes = [
            models.Index(fields=["iin", "period"], name="arrear_person"),
            models.Index(fields=["bin", "period"], name="arrear_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.bin} {self.iin} {self.period:%Y-%m} {self.kind}"
