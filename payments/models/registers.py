"""Contribution payments as the fund receives them, and the registers they arrive in.

A payment row carries the fields of a register line (rules document, section 10). Payments
refer to people by IIN, not by a foreign key: registers bring payments for people the portal
has never seen, and IIN stays the leading column of every hot index.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Knp(models.IntegerChoices):
    TRANSFERS = 121, _("121: employer transfers")
    CONTRIBUTIONS = 122, _("122: contributions")


class Register(models.Model):
    """One file of payments from the State Corporation, and how its import went.

    States: queued (uploaded, waiting for a worker) → running → done; or refused (the whole file was
    refused, nothing stored) or failed (an error stopped it; nothing stored; it can be run again).
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        PAYMENTS = "payments", _("payment register")
        CATEGORIES = "categories", _("preferential-category registry")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PAYMENTS)
    name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="registers/", blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    message = models.TextField(_("message"), blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment register")
        verbose_name_plural = _("payment registers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def summary(self) -> dict[str, int]:
        """The command-line contract's JSON."""
        return {"rows": self.rows, "imported": self.imported, "duplicates": self.duplicates,
                "quarantined": self.quarantined}  # fmt: skip


class QuarantinedRow(models.Model):
    """A register line that could not be accepted, kept with its line number and reason."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="quarantine")
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=32)
    raw = models.TextField(_("line as received"))

    class Meta:
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")
        ordering = ["register", "line"]

    def __str__(self) -> str:
        return f"{self.register_id}:{self.line} {self.reason}"


class Payment(models.Model):
    class State(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    # No B-tree index and no database-level constraint on register: both would slow every import (a million
    # deferred checks at commit). The import writes the register's own id; PROTECT still guards deletes in
    # the ORM. On PostgreSQL a tiny BRIN index (migration 0009) finds a register's rows, which arrive together.
    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="payments", verbose_name=_("register"), db_index=False,
        db_constraint=False,
    )  # fmt: skip
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
        knp = gettext("KNP")  # ТТК in Kazakh, КНП in Russian
        return f"{self.iin} {self.period:%Y-%m} {knp} {self.knp} {self.amount}"

    @property
    def self_paid(self) -> bool:
        return self.sender_id == self.iin
