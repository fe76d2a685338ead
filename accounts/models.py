"""People and the accounts they sign in with.

The person registry is separate from login accounts: registers bring payments for
people who never registered on the portal. A citizen account links to exactly one person.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import iin as iin_rules
from .choices import Region, Residency, Sex
from .validators import validate_iin


class Person(models.Model):
    """Someone the fund knows of, keyed by IIN (the natural key of every hot query)."""

    iin = models.CharField(_("IIN"), max_length=12, primary_key=True, validators=[validate_iin])
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    residency = models.CharField(
        _("residency category"), max_length=24, choices=Residency.choices, default=Residency.CITIZEN
    )
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["iin"]

    def __str__(self) -> str:
        return f"{self.iin} {self.short_name}".strip()

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.middle_name) if part)

    @property
    def short_name(self) -> str:
        """Last name and initials, as a receptionist would read it: "Ахметова А. Б."."""
        initials = " ".join(f"{part[0]}." for part in (self.first_name, self.middle_name) if part)
        return f"{self.last_name} {initials}".strip()

    @classmethod
    def from_iin(cls, number: str, **fields) -> Person:
        """A new, unsaved person with birth date and sex derived from the IIN where possible."""
        derived = iin_rules.derive(number)
        fields.setdefault("birth_date", derived.birth_date)
        fields.setdefault("sex", derived.sex or "")
        return cls(iin=number, **fields)

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class User(AbstractUser):
    """A login. Citizens sign in with their IIN as the username; staff with a staff username."""

    class Language(models.TextChoices):
        KK = "kk", "Қазақша"
        RU = "ru", "Русский"
        EN = "en", "English"

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="account", verbose_name=_("person")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KK)
    # Knowing an IIN and a name proves nothing (both are written on many documents): a new citizen account is linked
    # to its person, and so shows personal data, only once fund staff have checked the holder's identity document
    # (decision 0019). Until then `person` is empty and the IIN the holder gave is the username.
    identity_confirmed_at = models.DateTimeField(_("identity confirmed"), null=True, blank=True)
    identity_confirmed_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("confirmed by")
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = [
            ("confirm_user", _("Can confirm a citizen's identity from their ID document")),
            ("reset_second_factor", _("Can reset a staff member's second factor")),
        ]

    @property
    def is_citizen(self) -> bool:
        return self.person_id is not None and not self.is_staff

    @property
    def awaits_confirmation(self) -> bool:
        """A citizen's account whose holder has not yet shown an identity document: it shows nothing personal."""
        return (
            self.person_id is None
            and not self.is_staff
            and self.username.isdigit()
            and not hasattr(self, "provider_account")  # a clinic's receptionist: opened by the fund, no own data
        )


class AccessRecordQuerySet(models.QuerySet):
    """Append-only: rows are added through `accounts.audit.record`, never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessRecord(models.Model):
    """One access to someone's personal data: who (and for which organisation), whom, what, why, from where, when.

    Written by `accounts.audit.record` only; nobody edits or deletes a row (see the admin). The IIN is kept as
    typed, not as a link to Person: a look-up of a number the registry does not know is recorded too.
    """

    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    actor_organisation = models.CharField(_("for organisation"), max_length=300, blank=True, db_index=True)
    subject_iin = models.CharField(_("whose data (IIN)"), max_length=12, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object = models.CharField(_("what"), max_length=300, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    client_address = models.CharField(_("from address"), max_length=64, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_iin", "-at"], name="access_subject")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")


class SignInFailure(models.Model):
    """A failed sign-in or a pause, counted here only while the cache (Redis) is down (accounts.lockout).

    `key` is a keyed hash of the account name or client address, never either in clear; rows older than a day
    are removed as new ones come.
    """

    key = models.CharField(max_length=80)
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sign-in failure")
        verbose_name_plural = _("sign-in failures")
        indexes = [models.Index(fields=["key", "at"], name="signin_failure_key")]

    def __str__(self) -> str:
        return f"{self.key[:20]}… {self.at:%Y-%m-%d %H:%M}"
