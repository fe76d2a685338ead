"""The published figures: aggregates refreshed by Celery, read by the transparency page (decision 0022).

Nothing here names a person. `InsuredMonth` keeps the counts of each month (the current one is rewritten by every
refresh; a past month keeps what its last refresh counted). `Figures` holds each other published table whole, as
its refresh computed it, so that a page view reads a few small rows and never scans payments or appeals.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Region
from payments.models import Group


class InsuredMonth(models.Model):
    month = models.DateField(_("month"), help_text=_("first day of the month"))
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        verbose_name = _("people by month, region and group")
        verbose_name_plural = _("people by month, region and group")
        constraints = [models.UniqueConstraint(fields=["month", "region", "group"], name="insured_month_cell")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region or '-'} {self.group}: {self.people}"


class Figures(models.Model):
    """One published table, exact (small cells are suppressed when it is shown to the public)."""

    name = models.CharField(_("name"), max_length=32, primary_key=True)
    data = models.JSONField(_("figures"))
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("published figures")
        verbose_name_plural = _("published figures")

    def __str__(self) -> str:
        return self.name
