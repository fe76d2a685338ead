"""Writes for appeals and reviews. Views, admin, API, tasks and the demo call these, never the models.

Every service runs in one transaction (nothing is stored half-way) and locks the appeal it changes;
letters go out on commit, in the reader's language, after the change is safely stored.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.files import MAX_DOCUMENTS, validate_document
from accounts.mail import send_to_user
from accounts.models import Person, User
from coverage.models import MedicalOrganisation
from plumbing import sms

from . import access, deadlines, numbers, ratings, selectors, workflow
from .models import Appeal, AppealSerial, Attachment, Event, Note, Reply, Review
from .workflow import State

log = logging.getLogger(__name__)

MAX_ATTACHMENTS = 20  # per appeal, over its whole life: 5 at filing, more with later comments
NEAR_WORKING_DAYS = 3  # "due soon": the answer is due within this many working days

MESSAGES = {
    # workflow.TransitionRefused codes
    "unknown": _("This step does not exist."),
    "not_allowed": _("This step is not possible in the appeal's current status."),
    "wrong_actor": _("This step is not yours to take."),
    "reopen_once": _("An appeal can be reopened only once."),
    "reopen_too_late": _(
        "More than 30 days have passed since the answer: the appeal can no longer be reopened. "
        "You may file a new appeal."
    ),
    "close_too_early": _("The citizen may still reopen the appeal: close it after 30 days from the answer."),
    "reason_required": _("Give a reason: the citizen reads it."),
    # this module's own
    "answer_required": _("Write the answer: the citizen reads it."),
    "final": _("The appeal is finished; nothing more can be done with it."),
    "not_open": _("The appeal is no longer open for comments or documents."),
    "empty_comment": _("Write a comment or attach a document."),
    "too_many_files": _("This appeal already has as many documents as it can take."),
    "extended_once": _("The deadline can be extended only once."),
    "extension_not_later": _("The new deadline must be later than the current one."),
    "extension_too_long": _("The deadline can be extended to at most two months from registration."),
    "not_answered": _("The appeal can be rated after it is answered."),
    "not_officer": _("Only fund staff who work on appeals can be given an appeal."),
    "token_used": _("This form was already used for another appeal. Open the form again."),
    "review_not_insured": _("Reviews are for insured people: your insurance status is not active."),
    "review_too_soon": _("You have reviewed this organisation in the last 6 months. Edit that review instead."),
    "review_not_yours": _("You can edit only your own reviews."),
    # filing
    "phone": _("Enter a Kazakhstan mobile number, such as +7 701 234 56 78."),
    "channel": _("This channel is not one the fund takes appeals by."),
}


class Refused(Exception):
    """A step the rules do not allow now; ``code`` is stable, ``message`` is for people (translated)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES.get(self.code, MESSAGES["not_allowed"]))


@dataclass(frozen=True)
class Filed:
    appeal: Appeal
    access_code: str | None  # None only when a repeated filing's code cannot be derived again
    created: bool  # False: the same submission came twice, and this is the first one's appeal


@dataclass(frozen=True)
class Recipient:
    """Someone without an account who gets letters: what `accounts.mail.send_to_user` reads of a user."""

    email: str
    language: str
    first_name: str = ""


# --- filing --------------------------------------------------------------------------------------------

# Model field → the name callers use (forms, API), so every error lands on the right field.
_FIELD_NAMES = {"filer_name": "name", "filer_iin": "iin"}


def appeal_submit(
    *,
    kind: str,
    region: str,
    description: str,
    event_date: date | None,
    organisation: MedicalOrganisation | None = None,
    organisation_name: str = "",
    user: User | None = None,
    name: str = "",
    iin: str = "",
    email: str = "",
    phone: str = "",
    language: str = "kk",
    attachments: Sequence = (),
    token: str = "",
    channel: str = Appeal.Channel.WEB,
    filed_by: User | None = None,
) -> Filed:
    """File an appeal: a number, an access code (returned, never stored), the due date, a letter and a text message.

    A signed-in citizen (``user`` with a person) files as themselves; anyone else gives a name, an IIN and
    an e-mail or a Kazakhstan mobile number. ``channel`` says how the appeal came in; an appeals officer filing
    for a caller (phone, in person, letter) is ``filed_by``, recorded on the filing step. ``token`` makes the
    filing idempotent: the same token again gives back the first appeal. Raises ValidationError (fields named
    as the arguments are) or Refused("token_used").
    """
    person = user.person if user is not None and user.is_authenticated and user.person_id else None
    if person is not None:
        name, iin = person.full_name or person.short_name or person.iin, person.iin
        email, phone = user.email or email, user.phone or phone
        language = user.language or language
    phone, phone_error = _mobile(phone, strict=person is None)
    key = access.token_key(token) if token else None
    if key:
        repeated = _repeated_filing(key, token, iin)
        if repeated:
            return repeated
    today = timezone.localdate()
    appeal = Appeal(
        kind=kind,
        region=region,
        organisation=organisation,
        organisation_name=organisation_name.strip()[:255],
        event_date=event_date,
        description=description.strip(),
        person=person,
        filer_name=name.strip()[:200],
        filer_iin=iin.strip(),
        email=email.strip(),
        phone=phone,
        language=(language or "kk")[:2],
        channel=channel,
        registered_on=today,
        due_date=deadlines.due_date(today),
        submission_key=key,
    )
    _validate_filing(appeal, attachments, phone_error)
    code = access.code_for_token(token) if token else numbers.access_code()
    try:
        with transaction.atomic():
            appeal.year, appeal.serial = today.year, _next_serial(today.year)
            appeal.number = numbers.make(appeal.year, appeal.serial)
            appeal.access_code_hash = access.hash_code(code)
            appeal.save()
            _store_attachments(appeal, attachments)
            if filed_by is not None:
                _event(appeal, Event.Kind.FILED, filed_by, "staff", to_state=appeal.state)
            else:
                _event(appeal, Event.Kind.FILED, user if person else None, "citizen", to_state=appeal.state)
            if appeal.organisation_id:
                organisation_stats_refresh(appeal.organisation_id)
    except IntegrityError:
        if key:  # the same submission, pressed twice at the same moment: the other press won
            repeated = _repeated_filing(key, token, iin)
            if repeated:
                return repeated
        raise
    transaction.on_commit(lambda: _tell_citizen(appeal.pk, "appeals/email/filed", access_code=code), robust=True)
    if appeal.phone:
        transaction.on_commit(lambda: _text_citizen(appeal.pk, code), robust=True)
    return Filed(appeal, code, True)


def _mobile(phone: str, *, strict: bool) -> tuple[str, str | None]:
    """A phone as stored (+77xxxxxxxxx) and, when `strict` and it is not a Kazakhstan mobile, the error."""
    phone = phone.strip()
    if not phone:
        return "", None
    try:
        return sms.kz_mobile(phone), None
    except sms.InvalidPhone:
        return phone[:20], MESSAGES["phone"] if strict else None


def _repeated_filing(key: str, token: str, iin: str) -> Filed | None:
    first = Appeal.objects.filter(submission_key=key).first()
    if first is None:
        return None
    if first.filer_iin != iin.strip():
        raise Refused("token_used")
    code = access.code_for_token(token)
    return Filed(first, code if access.code_matches(first.access_code_hash, code) else None, False)


def _validate_filing(appeal: Appeal, attachments: Sequence, phone_error=None) -> None:
    errors: dict[str, list] = defaultdict(list)
    if phone_error:
        errors["phone"].append(phone_error)
    if appeal.channel not in Appeal.Channel.values:
        errors["channel"].append(MESSAGES["channel"])
    try:
        appeal.full_clean(exclude=["number", "year", "serial", "access_code_hash", "submission_key"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors[_FIELD_NAMES.get(field, field)].extend(messages)
    if len(attachments) > MAX_DOCUMENTS:
        errors["attachments"].append(_("Attach at most 5 files."))
    for upload in attachments:
        try:
            validate_document(upload)
        except ValidationError as error:
            errors["attachments"].extend(error.messages)
    if errors:
        raise ValidationError(dict(errors))


def _next_serial(year: int) -> int:
    """The next serial of the year; the counter row stays locked until the filing commits."""
    AppealSerial.objects.get_or_create(year=year)
    AppealSerial.objects.filter(year=year).update(last=F("last") + 1)
    return AppealSerial.objects.values_list("last", flat=True).get(year=year)


def _store_attachments(appeal: Appeal, uploads: Sequence) -> None:
    for upload in uploads:
        content_type, extension = validate_document(upload)
        original = upload.name[:255]
        upload.name = f"{uuid.uuid4().hex}.{extension}"  # stored under a random name with the checked type
        Attachment.objects.create(
            appeal=appeal, file=upload, name=original, content_type=content_type, size=upload.size
        )


def _event(appeal: Appeal, kind: str, by, actor: str, *, public: bool = True, text: str = "", **states) -> Event:
    actor_user = by if by is not None and getattr(by, "is_authenticated", False) else None
    return Event.objects.create(
        appeal=appeal, kind=kind, actor=actor_user, actor_kind=actor, public=public, text=text, **states
    )


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


# --- steps of the state machine -------------------------------------------------------------------------


def appeal_transition(*, appeal: Appeal, name: str, by: User | None, actor: str = "staff", reason: str = "") -> Appeal:
    """Take one step of `appeals.workflow` (who, when, why recorded as an Event); the citizen is told by e-mail."""
    with transaction.atomic():
        locked = _locked(appeal)
        _move(locked, name, by, actor, reason)
    return locked


def _move(appeal: Appeal, name: str, by, actor: str, reason: str) -> None:
    reason = reason.strip()
    now = timezone.now()
    today = timezone.localdate(now)
    answered_on = timezone.localdate(appeal.answered_at) if appeal.answered_at else None
    try:
        target = workflow.check(
            appeal.state,
            name,
            by=actor,
            reason=reason,
            reopened_before=appeal.reopened,
            answered_on=answered_on,
            today=today,
        )
    except workflow.TransitionRefused as refusal:
        raise Refused(refusal.code) from None
    if name == "answer" and not reason:
        raise Refused("answer_required")
    previous = appeal.state
    appeal.state = target.value
    if name == "answer":
        appeal.answered_at, appeal.deadline_flag = now, ""
        Reply.objects.create(appeal=appeal, author=by, text=reason, created_at=now)
    elif name == "reopen":
        # A reopened appeal asks for a new answer: it is due 15 working days from today.
        appeal.reopened, appeal.due_date, appeal.deadline_flag = True, deadlines.due_date(today), ""
    elif name == "assign" and appeal.officer_id is None and by is not None:
        appeal.officer = by
    appeal.save()
    _event(appeal, Event.Kind.TRANSITION, by, actor, text=reason, from_state=previous, to_state=target.value)
    if target is State.REJECTED and appeal.organisation_id:
        organisation_stats_refresh(appeal.organisation_id)  # a duplicate or an abuse does not count against it
    pk = appeal.pk
    transaction.on_commit(lambda: _tell_citizen(pk, "appeals/email/status_changed", reason=reason), robust=True)
    if name == "reopen" and appeal.officer_id:
        transaction.on_commit(lambda: _tell_officer(pk, "appeals/email/reopened", reason=reason), robust=True)


def appeal_forward(*, appeal: Appeal, where: str, by: User) -> Appeal:
    """Not the fund's business: forward it (within 3 working days of registration) and tell the citizen where."""
    return appeal_transition(appeal=appeal, name="forward", by=by, reason=where)


def appeal_assign(*, appeal: Appeal, officer: User, by: User) -> Appeal:
    """Give the appeal to an officer; a new appeal (or a reopened one) moves to "assigned"."""
    if not (officer.is_active and officer.is_staff and officer.has_perm("appeals.change_appeal")):
        raise Refused("not_officer")
    with transaction.atomic():
        locked = _locked(appeal)
        if locked.is_final:
            raise Refused("final")
        locked.officer = officer
        if locked.state in (State.REGISTERED, State.REOPENED):
            _move(locked, "assign", by, "staff", "")
        else:
            locked.save(update_fields=["officer", "updated_at"])
            _event(locked, Event.Kind.ASSIGNED, by, "staff", public=False, text=officer.get_full_name() or str(officer))
    if officer != by:
        transaction.on_commit(lambda: _tell_officer(locked.pk, "appeals/email/assigned"), robust=True)
    return locked


def appeal_extend(*, appeal: Appeal, until: date, reason: str, by: User) -> Appeal:
    """Extend the deadline once, with a reason, to at most two months from registration; the citizen is told."""
    reason = reason.strip()
    with transaction.atomic():
        locked = _locked(appeal)
        if not locked.is_working:
            raise Refused("final" if locked.is_final else "not_allowed")
        if locked.extended_until is not None:
            raise Refused("extended_once")
        if not reason:
            raise Refused("reason_required")
        if until <= locked.effective_due:
            raise Refused("extension_not_later")
        if until > deadlines.latest_extension(locked.registered_on):
            raise Refused("extension_too_long")
        locked.extended_until, locked.extension_reason, locked.deadline_flag = until, reason, ""
        locked.save()
        _event(locked, Event.Kind.EXTENDED, by, "staff", text=reason)
    transaction.on_commit(lambda: _tell_citizen(locked.pk, "appeals/email/extended"), robust=True)
    return locked


def appeal_reply(*, appeal: Appeal, text: str, by: User) -> Reply:
    """A public reply from the fund without a change of status; the citizen is told."""
    text = text.strip()
    if not text:
        raise Refused("answer_required")
    with transaction.atomic():
        locked = _locked(appeal)
        reply = Reply.objects.create(appeal=locked, author=by, text=text)
        _event(locked, Event.Kind.REPLY, by, "staff")
    transaction.on_commit(lambda: _tell_citizen(locked.pk, "appeals/email/reply", reply=reply), robust=True)
    return reply


def appeal_note(*, appeal: Appeal, text: str, by: User) -> Note:
    """An internal note between staff; the citizen never sees it and is not told."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the note.")})
    return Note.objects.create(appeal=appeal, author=by, text=text)


# --- the citizen's side ---------------------------------------------------------------------------------


def appeal_comment(*, appeal: Appeal, text: str = "", attachments: Sequence = (), by: User | None = None) -> Event:
    """The citizen adds a comment and/or documents while the appeal is open; the officer is told."""
    text = text.strip()
    if not text and not attachments:
        raise Refused("empty_comment")
    errors = []
    for upload in attachments:
        try:
            validate_document(upload)
        except ValidationError as error:
            errors.extend(error.messages)
    if len(attachments) > MAX_DOCUMENTS:
        errors.append(_("Attach at most 5 files."))
    if errors:
        raise ValidationError({"attachments": errors})
    with transaction.atomic():
        locked = _locked(appeal)
        if not locked.open_for_citizen:
            raise Refused("not_open")
        if locked.attachments.count() + len(attachments) > MAX_ATTACHMENTS:
            raise Refused("too_many_files")
        _store_attachments(locked, attachments)
        kind = Event.Kind.COMMENT if text else Event.Kind.DOCUMENTS
        added = locked.attachments.order_by("-pk")[: len(attachments)] if attachments else []
        names = ", ".join(document.name for document in added)
        event = _event(locked, kind, by, "citizen", text=text or names)
    if locked.officer_id:
        transaction.on_commit(lambda: _tell_officer(locked.pk, "appeals/email/citizen_wrote"), robust=True)
    return event


def appeal_rate(*, appeal: Appeal, satisfied: bool, comment: str = "", by: User | None = None) -> Appeal:
    """The citizen says whether the answer satisfied them (again after a new answer: the latest counts)."""
    with transaction.atomic():
        locked = _locked(appeal)
        if not locked.rateable:
            raise Refused("not_answered")
        locked.satisfied, locked.rating_comment, locked.rated_at = satisfied, comment.strip(), timezone.now()
        locked.save()
        _event(locked, Event.Kind.RATED, by, "citizen", text=locked.rating_comment)
    return locked


def appeal_reopen(*, appeal: Appeal, reason: str, by: User | None = None) -> Appeal:
    """Not satisfied: reopen once, within 30 days of the answer, saying why."""
    return appeal_transition(appeal=appeal, name="reopen", by=by, actor="citizen", reason=reason)


def appeal_accept(*, appeal: Appeal, by: User | None = None) -> Appeal:
    """The citizen accepts the answer and closes the appeal."""
    return appeal_transition(appeal=appeal, name="accept", by=by, actor="citizen")


# --- deadline alerts ------------------------------------------------------------------------------------


def deadlines_flag(*, today: date | None = None) -> int:
    """Flag appeals whose answer is due within 3 working days or overdue; e-mail officers and supervisors.

    Idempotent: an appeal is flagged (and its people told) once per level, claimed by a conditional
    UPDATE, so a second run the same night sends nothing. Returns how many appeals were newly flagged.
    """
    today = today or timezone.localdate()
    near_limit = deadlines.add_working_days(today, NEAR_WORKING_DAYS)
    candidates = selectors.deadline_candidates(near_limit)
    newly: list[Appeal] = []
    for appeal in candidates.iterator(chunk_size=500):
        due = appeal.effective_due
        flag = Appeal.Flag.OVERDUE if due < today else Appeal.Flag.NEAR if due <= near_limit else Appeal.Flag.NONE
        if flag == appeal.deadline_flag:
            continue
        with transaction.atomic():
            claimed = Appeal.objects.filter(pk=appeal.pk, deadline_flag=appeal.deadline_flag).update(deadline_flag=flag)
            if claimed and flag:
                appeal.deadline_flag = flag
                _event(appeal, Event.Kind.FLAGGED, None, "system", public=False, text=flag)
                newly.append(appeal)
    if newly:
        _alert_staff(newly, today)
    return len(newly)


def _alert_staff(appeals: list[Appeal], today: date) -> None:
    supervisors = list(selectors.supervisors())
    by_person: dict[int, tuple[User, list[Appeal]]] = {}
    for appeal in appeals:
        people = [*supervisors, *([appeal.officer] if appeal.officer_id else [])]
        for user in people:
            by_person.setdefault(user.pk, (user, []))[1].append(appeal)
    for user, theirs in by_person.values():
        unique = sorted({a.pk: a for a in theirs}.values(), key=lambda a: a.effective_due)
        try:
            send_to_user(user, "appeals/email/deadline_alert", {"user": user, "appeals": unique, "today": today})
        except Exception:  # one unreachable mailbox must not keep the others' alerts back
            log.exception("deadline alert to user %s failed", user.pk)


# --- letters --------------------------------------------------------------------------------------------


def citizen_recipient(appeal: Appeal):
    """The account of a signed-in filer, or the e-mail an anonymous filer gave (in the language they used)."""
    account = getattr(appeal.person, "account", None) if appeal.person_id else None
    if account is not None and account.email:
        return account
    if appeal.email:
        return Recipient(appeal.email, appeal.language, appeal.filer_name)
    return None


def _tell_citizen(appeal_id: int, template: str, **context) -> bool:
    appeal = Appeal.objects.select_related("person__account", "organisation").get(pk=appeal_id)
    recipient = citizen_recipient(appeal)
    return send_to_user(recipient, template, {"appeal": appeal, "user": recipient, **context})


def sms_text(appeal: Appeal, access_code: str) -> str:
    """The text message with the number, the access code and where to follow the appeal, in the filer's language."""
    url = f"{settings.PUBLIC_URL}{reverse('appeals:follow')}?{urlencode({'number': appeal.number})}"
    with translation.override(appeal.language or settings.LANGUAGE_CODE):
        text = gettext("Appeal %(number)s is registered. Access code: %(code)s. Follow it: %(url)s")
    return text % {"number": appeal.number, "code": access_code, "url": url}


def _text_citizen(appeal_id: int, access_code: str) -> bool:
    """The number and the code by text message, to a Kazakhstan mobile (False: no mobile number)."""
    appeal = Appeal.objects.get(pk=appeal_id)
    try:
        sms.kz_mobile(appeal.phone)
    except sms.InvalidPhone:
        return False
    sms.send_sms(appeal.phone, sms_text(appeal, access_code))
    return True


def _tell_officer(appeal_id: int, template: str, **context) -> bool:
    appeal = Appeal.objects.select_related("officer").get(pk=appeal_id)
    return send_to_user(appeal.officer, template, {"appeal": appeal, "user": appeal.officer, **context})


# --- reviews and ratings --------------------------------------------------------------------------------


def review_submit(*, person: Person, organisation: MedicalOrganisation, score: int, comment: str = "") -> Review:
    """An insured person's review: one per organisation in 6 months (edit the recent one instead)."""
    if not selectors.is_insured(person):
        raise Refused("review_not_insured")
    review = Review(person=person, organisation=organisation, score=score, comment=comment.strip())
    review.full_clean(exclude=["person", "organisation"])
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()  # one review at a time per person
        if selectors.recent_review(person, organisation) is not None:
            raise Refused("review_too_soon")
        review.save()
        organisation_stats_refresh(organisation.pk)
    return review


def review_edit(*, review: Review, person: Person, score: int, comment: str = "") -> Review:
    if review.person_id != person.pk:
        raise Refused("review_not_yours")
    review.score, review.comment, review.edited_at = score, comment.strip(), timezone.now()
    review.full_clean(exclude=["person", "organisation"])
    with transaction.atomic():
        review.save(update_fields=["score", "comment", "edited_at"])
        organisation_stats_refresh(review.organisation_id)
    return review


def review_moderate(*, review: Review, hidden: bool, reason: str, by: User) -> Review:
    """Hide an abusive text (a reason is required, the author reads it) or show it again."""
    reason = reason.strip()
    if hidden and not reason:
        raise Refused("reason_required")
    review.hidden, review.moderation_reason = hidden, reason if hidden else ""
    review.moderated_by, review.moderated_at = by, timezone.now()
    review.save(update_fields=["hidden", "moderation_reason", "moderated_by", "moderated_at"])
    return review


def organisation_stats_refresh(organisation_id: int) -> None:
    """Recount an organisation's published rating, reviews and appeals from scratch (idempotent).

    Written with UPDATE, so that these computed figures leave no entries in the organisation's edit history.
    Appeals counted are those about it, without thanks and without those rejected as duplicates or abuse.
    """
    reviews = Review.objects.filter(organisation_id=organisation_id).aggregate(n=Count("pk"), total=Sum("score"))
    appeals = (
        Appeal.objects.filter(organisation_id=organisation_id)
        .exclude(kind=Appeal.Kind.GRATITUDE)
        .exclude(state=State.REJECTED)
        .count()
    )
    MedicalOrganisation.objects.filter(pk=organisation_id).update(
        rating=ratings.bayesian(reviews["total"] or 0, reviews["n"]), review_count=reviews["n"], appeal_count=appeals
    )
