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
    source = models.CharField(_("source"), max_length=40, blank=True, help_text=_("register:N or request:N"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("preferential category membership")
        verbose_name_plural = _("preferential category memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "category", "start"], name="membership_identity"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_id} {self.start}–{self.end or '…'}"


class CategoryRequest(models.Model):
    """A citizen asks for a preferential category to be recorded, with documents; staff decide."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for a decision")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="category_requests", verbose_name=_("person")
    )
    category = models.ForeignKey(PreferentialCategory, on_delete=models.PROTECT, verbose_name=_("category"))
    start = models.DateField(_("from"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("category request")
        verbose_name_plural = _("category requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.category_id} ({self.get_state_display()})"


class CategoryDocument(models.Model):
    """A document attached to a category request, stored outside the web root."""

    request = models.ForeignKey(CategoryRequest, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="category-requests/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size, bytes"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name
