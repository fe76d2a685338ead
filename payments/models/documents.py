"""Certificates of insurance status a citizen asked for, kept so that anyone can check them later."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Person

from .status import Basis


class Certificate(models.Model):
    """A snapshot of a person's status when they asked for a certificate.

    The random UUID is the certificate's number and the key of its public verification page, so it must
    never be sequential or guessable.
    """

    id = models.UUIDField(_("number"), primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, db_column="iin", related_name="certificates", verbose_name=_("person")
    )
    issued_at = models.DateTimeField(_("issued at"))
    insured = models.BooleanField(_("insured"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, blank=True)
    lapse_date = models.DateField(_("lapse date"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("status certificate")
        verbose_name_plural = _("status certificates")
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return f"{self.id} {self.person_id} {self.issued_at:%Y-%m-%d}"
