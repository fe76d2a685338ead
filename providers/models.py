"""Provider access: which medical organisations may look patients up, their staff's accounts, and every look-up.

- `ProviderOrganisation` is the fund's switch for one organisation of the directory (coverage), with optional
  limits of its own; an organisation without a switch, or with it off, cannot look anyone up.
- `ProviderAccount` links one login (accounts.User) to one organisation; fund operators switch it off.
- `ProviderLookup` is one look-up: organisation, user, patient IIN, reason, channel, the answer given, time.
  It is written with an access record (accounts.audit) and shown to the patient in their cabinet.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coverage.models import MedicalOrganisation


class Reason(models.TextChoices):
    """Why the front desk looks a patient up (the short list a receptionist chooses from)."""

    VISIT = "visit", _("visit to a doctor")
    ADMISSION = "admission", _("hospital admission")
    REFERRAL = "referral", _("referral for tests or a specialist")
    EMERGENCY = "emergency", _("emergency care")
    PRESCRIPTION = "prescription", _("prescription of medicines")


class Channel(models.TextChoices):
    PAGE = "page", _("front-desk page")
    API = "api", _("API")


class ProviderOrganisation(models.Model):
    organisation = models.OneToOneField(
        MedicalOrganisation,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="provider_access",
        verbose_name=_("medical organisation"),
    )
    access_enabled = models.BooleanField(
        _("provider access enabled"), default=True, help_text=_("Off: nobody of this organisation can look anyone up.")
    )
    lookups_per_minute = models.PositiveIntegerField(
        _("look-ups per minute"), null=True, blank=True, help_text=_("Empty: the portal's default.")
    )
    lookups_per_day = models.PositiveIntegerField(
        _("look-ups per day"), null=True, blank=True, help_text=_("Empty: the portal's default.")
    )
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("organisation with provider access")
        verbose_name_plural = _("organisations with provider access")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def per_minute(self) -> int:
        return self.lookups_per_minute or settings.PROVIDER_LOOKUPS_PER_MINUTE

    @property
    def per_day(self) -> int:
        return self.lookups_per_day or settings.PROVIDER_LOOKUPS_PER_DAY


class ProviderAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_account", verbose_name=_("login")
    )
    organisation = models.ForeignKey(
        MedicalOrganisation,
        on_delete=models.PROTECT,
        related_name="provider_accounts",
        verbose_name=_("medical organisation"),
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Off: this login cannot look anyone up."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("provider account")
        verbose_name_plural = _("provider accounts")
        ordering = ["organisation", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class ProviderLookup(models.Model):
    organisation = models.ForeignKey(
        MedicalOrganisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("medical organisation")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    iin = models.CharField(_("patient's IIN"), max_length=12)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    insured = models.BooleanField(_("answered: insured"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status look-up")
        verbose_name_plural = _("status look-ups")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["iin", "-at"], name="lookup_patient"),
            models.Index(fields=["organisation", "-at"], name="lookup_organisation"),
            models.Index(fields=["at"], name="lookup_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.organisation_id} {self.get_reason_display()}"
