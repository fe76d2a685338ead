"""Contribution payments as the fund receives them, and the registers they arrive in.

A payment row carries the fields of a register line (rules document, section 10). Payments
refer to people by IIN, not by a foreign key: registers bring payments for people the portal
has never seen, and IIN stays the leading column of every hot index.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Knp(models.IntegerChoices):
    TRANSFERS = 121, _("121: employer transfers")
    CONTRIBUTIONS = 122, _("122: contributions")


class Register(models.Model):
    """One file of payments from the State Corporation."""

    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment register")
        verbose_name_plural = _("payment registers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class Payment(models.Model):
    class State(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="payments", verbose_name=_("register")
    )
    received_on = models.DateField(_("received on"))
    number = models.CharField(_("payment number"), max_length=32)
    knp = models.PositiveSmallIntegerField(_("KNP"), choices=Knp.choices)
    sender_id = models.CharField(_("sender IIN/BIN"), max_length=12)
    sender_name = models.CharField(_("sender"), max_length=255, blank=True)
    iin = models.CharField(_("IIN"), max_length=12)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=14, decimal_places=2)
    period = models.DateField(_("period"), help_text=_("The month the payment is for (first day of the month)."))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.ACCEPTED)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["iin", "period", "knp", "sender_id", "number", "received_on"], name="payment_identity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.iin} {self.period:%Y-%m} KNP {self.knp} {self.amount}"

    @property
    def self_paid(self) -> bool:
        return self.sender_id == self.iin
