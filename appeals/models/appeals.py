"""An appeal and everything that happens to it (rules document, section 7).

The rules themselves live in pure modules: the number in `appeals.numbers`, the deadlines in
`appeals.deadlines`, the allowed steps in `appeals.workflow`. These models only store their results;
every write goes through `appeals.services`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import Region
from accounts.validators import validate_iin

from ..workflow import FINAL, State

STATE_LABELS = {
    State.REGISTERED: _("Registered"),
    State.ASSIGNED: _("Assigned to an officer"),
    State.IN_REVIEW: _("Under review"),
    State.WAITING_FOR_ORGANISATION: _("Waiting for the medical organisation"),
    State.ANSWERED: _("Answered"),
    State.CLOSED: _("Closed"),
    State.FORWARDED: _("Forwarded"),
    State.REJECTED: _("Rejected"),
    State.REOPENED: _("Reopened"),
}
STATE_CHOICES = [(state.value, label) for state, label in STATE_LABELS.items()]
# Open for the fund's work: not final and not answered (the due date and its alerts apply).
WORKING_STATES = [state.value for state in State if state not in FINAL and state is not State.ANSWERED]
DESCRIPTION_MAX = 5000


class AppealSerial(models.Model):
    """The last serial given in a year: one row per year, locked while a number is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("appeal number counter")
        verbose_name_plural = _("appeal number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Appeal(models.Model):
    class Kind(models.TextChoices):
        CARE_REFUSED = "care_refused", _("Care was refused")
        QUALITY = "quality", _("Quality of care")
        INSURANCE_STATUS = "insurance_status", _("Insurance status")
        PAYMENTS = "payments", _("Contributions and payments")
        PREFERENTIAL = "preferential", _("Preferential category")
        MEDICINES = "medicines", _("Medicines")
        OTHER = "other", _("Something else")
        GRATITUDE = "gratitude", _("Gratitude")

    class Channel(models.TextChoices):
        WEB = "web", _("the portal")
        PHONE = "phone", _("phone (1414)")
        IN_PERSON = "in_person", _("in person")
        LETTER = "letter", _("letter")
        APP = "app", _("the fund's app")
        BOT = "bot", _("the fund's bot")

    # Channels an appeals officer files for a caller; the fund's app and bot file through the API.
    STAFF_CHANNELS = (Channel.PHONE, Channel.IN_PERSON, Channel.LETTER)
    INTEGRATOR_CHANNELS = (Channel.APP, Channel.BOT)

    class Flag(models.TextChoices):
        NONE = "", _("on time")
        NEAR = "near", _("due soon")
        OVERDUE = "overdue", _("overdue")

    # Kinds that are about a particular medical organisation: one must be named (picked or typed).
    ABOUT_ORGANISATION = frozenset({Kind.CARE_REFUSED, Kind.QUALITY, Kind.MEDICINES, Kind.GRATITUDE})

    number = models.CharField(_("number"), max_length=16, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    serial = models.PositiveIntegerField(_("serial"), editable=False)
    access_code_hash = models.CharField(_("access code (keyed hash)"), max_length=64, editable=False)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    kind = models.CharField(_("what it is about"), max_length=24, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices)
    organisation = models.ForeignKey(
        "coverage.MedicalOrganisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("medical organisation"),
    )
    organisation_name = models.CharField(_("medical organisation (typed)"), max_length=255, blank=True)
    event_date = models.DateField(_("date of the event"))
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX)

    person = models.ForeignKey(
        "accounts.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("person (signed in)"),
    )
    filer_name = models.CharField(_("name"), max_length=200)
    filer_iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin], db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    language = models.CharField(_("language for letters"), max_length=2, default="kk")

    state = models.CharField(_("status"), max_length=32, choices=STATE_CHOICES, default=State.REGISTERED.value)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_appeals",
        verbose_name=_("officer"),
    )
    registered_on = models.DateField(_("registered on"), editable=False)
    due_date = models.DateField(_("answer due"), editable=False)
    extended_until = models.DateField(_("extended until"), null=True, blank=True, editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    deadline_flag = models.CharField(_("deadline"), max_length=8, choices=Flag.choices, blank=True, default="")

    created_at = models.DateTimeField(_("filed at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    reopened = models.BooleanField(_("reopened once"), default=False, editable=False)
    satisfied = models.BooleanField(_("citizen satisfied"), null=True, blank=True, editable=False)
    rating_comment = models.TextField(_("citizen's comment on the answer"), blank=True, editable=False)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-created_at"]
        permissions = [
            ("supervise_appeal", _("Can supervise appeals (receives deadline alerts)")),
            ("integrate_appeal", _("Can file appeals from the fund's app or bot (API)")),
        ]
        constraints = [models.UniqueConstraint(fields=["year", "serial"], name="appeal_year_serial")]
        indexes = [models.Index(fields=["state", "due_date"], name="appeal_state_due")]

    def __str__(self) -> str:
        return self.number

    def clean(self):
        errors = {}
        if not self.description.strip():
            errors["description"] = _("Describe what happened: the fund needs it to act.")
        if self.event_date and self.event_date > timezone.localdate():
            errors["event_date"] = _("The date of the event cannot be in the future.")
        if self.kind in self.ABOUT_ORGANISATION and not (self.organisation_id or self.organisation_name.strip()):
            errors["organisation"] = _("Pick the medical organisation from the list, or type its name.")
        if not (self.email or self.phone):
            errors["email"] = _("Give an e-mail or a phone number, so that the fund can answer you.")
        if errors:
            raise ValidationError(errors)

    # --- reading the state -------------------------------------------------------------------------------

    @property
    def state_enum(self) -> State:
        return State(self.state)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state_enum])

    @property
    def effective_due(self) -> date:
        """The day the answer is due: the later of the due date and the extension."""
        return max(self.due_date, self.extended_until) if self.extended_until else self.due_date

    @property
    def is_final(self) -> bool:
        return self.state_enum in FINAL

    @property
    def is_working(self) -> bool:
        """Still the fund's to answer: not final and not answered."""
        return self.state in WORKING_STATES

    @property
    def open_for_citizen(self) -> bool:
        """The citizen may add a comment or a document."""
        return self.is_working

    @property
    def rateable(self) -> bool:
        """The citizen may say whether the answer satisfied them."""
        return self.answered_at is not None and self.state in (State.ANSWERED, State.CLOSED)

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_working and self.effective_due < (today or timezone.localdate())


class Event(models.Model):
    """One step in an appeal's life: who, when, what (from → to), why; public steps make the timeline."""

    class Kind(models.TextChoices):
        FILED = "filed", _("filed")
        TRANSITION = "transition", _("status changed")
        ASSIGNED = "assigned", _("officer changed")
        EXTENDED = "extended", _("deadline extended")
        COMMENT = "comment", _("citizen's comment")
        DOCUMENTS = "documents", _("documents added")
        REPLY = "reply", _("reply from the fund")
        RATED = "rated", _("answer rated")
        FLAGGED = "flagged", _("deadline alert")

    class Actor(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        STAFF = "staff", _("fund staff")
        SYSTEM = "system", _("the portal")

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_kind = models.CharField(_("by"), max_length=8, choices=Actor.choices)
    kind = models.CharField(_("what"), max_length=12, choices=Kind.choices)
    from_state = models.CharField(_("from"), max_length=32, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(_("to"), max_length=32, choices=STATE_CHOICES, blank=True)
    text = models.TextField(_("reason or text"), blank=True)
    public = models.BooleanField(_("the citizen sees it"), default=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"


class Reply(models.Model):
    """A reply from the fund that the citizen reads (the answer is one)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("reply (the citizen reads it)"), max_length=DESCRIPTION_MAX)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("public reply")
        verbose_name_plural = _("public replies")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.created_at:%Y-%m-%d %H:%M}"


class Note(models.Model):
    """A note between fund staff; the citizen never sees it."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("internal note"), max_length=DESCRIPTION_MAX)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A document the citizen attached, stored under MEDIA_ROOT (outside the web root) under a random name."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="appeals/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size, bytes"))
    created_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name
