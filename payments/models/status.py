"""Each person's stored insurance status (today's answer) and the history of its changes."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Person


class Basis(models.TextChoices):
    EXEMPT = "exempt", _("preferential category (the state pays)")
    PAST_TWELVE = "past_twelve", _("twelve covered months")
    PREPAID = "prepaid", _("twelve months paid ahead")
    RETENTION = "retention", _("five years of contributions (retention)")


class Group(models.TextChoices):
    """Who pays for an insured person, as the fund publishes its figures (the transparency page, decision 0022)."""

    EMPLOYEE = "employee", _("employees (an employer pays)")
    SELF_PAYER = "self_payer", _("paying for themselves")
    PREFERENTIAL = "preferential", _("preferential categories (the state pays)")
    RETENTION = "retention", _("five years of contributions (retention)")
    NOT_INSURED = "not_insured", _("not insured")


def group_of(insured: bool, basis: str, paid_by_other: bool) -> Group:
    """The group of a status: a payment basis is split by who paid the 122 of the last covered month."""
    if not insured:
        return Group.NOT_INSURED
    if basis == Basis.EXEMPT:
        return Group.PREFERENTIAL
    if basis == Basis.RETENTION:
        return Group.RETENTION
    return Group.EMPLOYEE if paid_by_other else Group.SELF_PAYER


def insured_label(insured: bool | None) -> str:
    """How a status reads in the admin's titles and logs, in the reader's language."""
    if insured is None:
        return "—"
    return gettext("insured") if insured else gettext("not insured")


class PersonStatus(models.Model):
    """Today's status, kept fresh by recomputes; `computed_at` is when it was last written (changed)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, db_column="iin", related_name="status",
        verbose_name=_("person"),
    )  # fmt: skip
    insured = models.BooleanField(_("insured"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    lapse_date = models.DateField(_("lapse date"), null=True, blank=True)
    covered_through = models.CharField(_("covered through"), max_length=7, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    digest = models.CharField(_("digest"), max_length=16, blank=True, help_text=_("fingerprint of the status"))
    lapse_warned_for = models.DateField(
        _("lapse warning sent for"), null=True, blank=True, help_text=_("the lapse date the last warning was about")
    )

    class Meta:
        verbose_name = _("insurance status")
        verbose_name_plural = _("insurance statuses")
        # No index on insured or lapse_date: a recompute changes them for most rows it writes, and an index on
        # them would make every such write a new tuple with index entries instead of an update in place (HOT).
        # The nightly lapse warnings read the table once instead (docs/decisions/0016).

    def __str__(self) -> str:
        return f"{self.person_id}: {insured_label(self.insured)}"


class StatusChange(models.Model):
    """One change of a person's status: old → new, when, and what triggered it."""

    # No index of its own: status_change_person (iin, changed_at) serves every look-up by person.
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, db_column="iin", related_name="status_changes", verbose_name=_("person"),
        db_index=False,
    )  # fmt: skip
    old_insured = models.BooleanField(_("was insured"), null=True)
    new_insured = models.BooleanField(_("is insured"))
    old_basis = models.CharField(_("old basis"), max_length=16, blank=True)
    new_basis = models.CharField(_("new basis"), max_length=16, blank=True)
    trigger = models.CharField(_("trigger"), max_length=64)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["person", "-changed_at"], name="status_change_person")]

    def __str__(self) -> str:
        return (
            f"{self.person_id}: {insured_label(self.old_insured)} → {insured_label(self.new_insured)} ({self.trigger})"
        )
