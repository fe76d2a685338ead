"""Citizens' reviews of medical organisations (rules document, section 8: "People's control")."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

COMMENT_MAX = 2000


class Review(models.Model):
    """A score of 1-5 with a comment; at most one per person and organisation every 6 months (services).

    Staff may hide an abusive text, with a reason. Hiding takes the text down, never the score: moderation
    must not be a way to move an organisation's rating.
    """

    person = models.ForeignKey(
        "accounts.Person", on_delete=models.CASCADE, related_name="organisation_reviews", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "coverage.MedicalOrganisation",
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("medical organisation"),
    )
    score = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    hidden = models.BooleanField(_("text hidden by a moderator"), default=False)
    moderation_reason = models.TextField(_("why it was hidden"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="review_score_1_5")]
        indexes = [models.Index(fields=["organisation", "person", "created_at"], name="review_org_person")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.score}/5 {self.created_at:%Y-%m-%d}"
