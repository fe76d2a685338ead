"""Preferential categories the state pays for, and who belongs to them when (rules section 6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Person


class PreferentialCategory(models.Model):
    """A category of people for whom the state pays (rules section 6). Data, editable by staff."""

    class Budget(models.TextChoices):
        REPUBLIC = "republic", _("republican budget")
        LOCAL = "local", _("local budget")

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=255)
    budget = models.CharField(_("paid from"), max_length=8, choices=Budget.choices, default=Budget.REPUBLIC)

    class Meta:
        verbose_name = _("preferential category")
        verbose_name_plural = _("preferential categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CategoryMembership(models.Model):
    """A person belongs to a preferential category from `start` to `end` (open when empty)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="categories", verbose_name=_("person"))
    category = models.ForeignKey(PreferentialCategory, on_delete=models.PROTECT, verbose_name=_("category"))
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("preferential category membership")
        verbose_name_plural = _("preferential category memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "category", "start"], name="membership_identity"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_id} {self.start}–{self.end or '…'}"
