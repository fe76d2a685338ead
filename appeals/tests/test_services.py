"""Filing and working appeals through the services: numbers, codes, deadlines, steps, letters, nothing half-way."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from appeals import access, deadlines, numbers, services
from appeals.models import Appeal, AppealSerial, Attachment, Event, Note, Reply
from appeals.services import Refused
from appeals.workflow import State

from .conftest import ANONYMOUS_IIN, PNG, pdf

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=ALMATY)


def _travel(moment):
    return time_machine.travel(moment, tick=False)


# --- filing ------------------------------------------------------------------------------------------------


def test_anonymous_filing_gets_a_number_a_code_kept_as_a_hash_and_a_due_date(file_appeal, mailoutbox):
    with _travel(MONDAY):
        filed = file_appeal()
    appeal = filed.appeal
    assert filed.created and appeal.number == numbers.make(2026, 1) == "26-000001-" + appeal.number[-1]
    assert numbers.is_valid(appeal.number)
    assert appeal.state == State.REGISTERED and appeal.registered_on == date(2026, 3, 2)
    assert appeal.due_date == deadlines.due_date(date(2026, 3, 2))
    # The code is shown once and never stored in clear: only a keyed hash that it matches.
    assert numbers.normalise_code(filed.access_code) == filed.access_code
    assert filed.access_code not in appeal.access_code_hash and len(appeal.access_code_hash) == 64
    assert access.code_matches(appeal.access_code_hash, filed.access_code.lower().replace("-", " "))
    assert not access.code_matches(appeal.access_code_hash, "ABCDE-FGHJK")
    assert appeal.events.get().kind == Event.Kind.FILED
    # The letter carries both, in the language of the filing.
    (letter,) = mailoutbox
    assert letter.to == ["erbolat@example.kz"]
    assert appeal.number in letter.body and filed.access_code in letter.body


def test_numbers_follow_each_other_within_a_year_and_restart_the_next(file_appeal):
    with _travel(datetime(2026, 12, 30, 12, tzinfo=ALMATY)):
        first, second = file_appeal().appeal, file_appeal().appeal
    with _travel(datetime(2027, 1, 4, 12, tzinfo=ALMATY)):
        third = file_appeal(event_date=date(2027, 1, 2)).appeal
    assert [first.number[:9], second.number[:9], third.number[:9]] == ["26-000001", "26-000002", "27-000001"]
    assert AppealSerial.objects.get(year=2026).last == 2


def test_signed_in_citizen_files_as_themselves_in_their_language(file_appeal, citizen, mailoutbox):
    citizen.language = "ru"
    citizen.save()
    appeal = file_appeal(user=citizen).appeal
    assert appeal.person == citizen.person and appeal.filer_iin == citizen.person.iin
    assert appeal.email == citizen.email and appeal.language == "ru"
    assert "Номер обращения" in mailoutbox[0].body or appeal.number in mailoutbox[0].body


def test_the_same_token_twice_files_once_and_gives_the_same_code(file_appeal):
    token = access.new_form_token()
    first = file_appeal(token=token)
    again = file_appeal(token=token)
    assert Appeal.objects.count() == 1
    assert (again.created, again.appeal.pk, again.access_code) == (False, first.appeal.pk, first.access_code)


def test_a_token_used_by_someone_else_is_refused(file_appeal, citizen):
    token = access.new_form_token()
    file_appeal(token=token)
    with pytest.raises(Refused) as refused:
        file_appeal(token=token, user=citizen)
    assert refused.value.code == "token_used" and Appeal.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "   "}, "description"),
        ({"region": "atlantis"}, "region"),
        ({"kind": "gossip"}, "kind"),
        ({"iin": "123456789012"}, "iin"),
        ({"email": "", "phone": ""}, "email"),
        ({"organisation": None, "organisation_name": ""}, "organisation"),
        ({"event_date": date(2099, 1, 1)}, "event_date"),
        ({"attachments": [pdf("virus.pdf", b"MZ\x90\0 not a pdf")]}, "attachments"),
        ({"attachments": [pdf(f"{n}.pdf") for n in range(6)]}, "attachments"),
    ],
)
def test_bad_filings_are_refused_field_by_field_and_nothing_is_stored(file_appeal, changes, field):
    with pytest.raises(ValidationError) as error:
        file_appeal(**changes)
    assert field in error.value.message_dict
    assert not Appeal.objects.exists() and not Attachment.objects.exists() and not AppealSerial.objects.exists()


def test_insurance_questions_need_no_organisation(file_appeal):
    appeal = file_appeal(kind="insurance_status", organisation=None).appeal
    assert appeal.organisation is None


def test_attachments_are_stored_under_random_names_with_the_checked_type(file_appeal, settings):
    appeal = file_appeal(attachments=[pdf("справка.pdf"), pdf("photo.pdf", PNG)]).appeal
    stored = {a.name: a for a in appeal.attachments.all()}
    assert stored["photo.pdf"].content_type == "image/png" and stored["photo.pdf"].file.name.endswith(".png")
    assert "справка" not in stored["справка.pdf"].file.name
    assert str(settings.MEDIA_ROOT) in stored["справка.pdf"].file.path


def test_a_failure_while_storing_leaves_nothing_behind(file_appeal, monkeypatch):
    def broken(appeal, uploads):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_store_attachments", broken)
    with pytest.raises(RuntimeError):
        file_appeal(attachments=[pdf()])
    assert not Appeal.objects.exists() and not Event.objects.exists()
    assert AppealSerial.objects.filter(last__gt=0).count() == 0


# --- steps ---------------------------------------------------------------------------------------------------


def test_each_step_records_who_when_why_and_tells_the_citizen(file_appeal, officer, mailoutbox):
    appeal = file_appeal().appeal
    mailoutbox.clear()
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    services.appeal_transition(appeal=appeal, name="start_review", by=officer)
    services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Приём назначен на 12 марта.")
    appeal.refresh_from_db()
    assert appeal.state == State.ANSWERED and appeal.officer == officer and appeal.answered_at
    moves = list(appeal.events.filter(kind=Event.Kind.TRANSITION).values_list("from_state", "to_state", "actor"))
    assert moves == [("registered", "assigned", officer.pk), ("assigned", "in_review", officer.pk),
                     ("in_review", "answered", officer.pk)]  # fmt: skip
    assert appeal.replies.get().text == "Приём назначен на 12 марта."
    assert len(mailoutbox) == 3 and all(m.to == ["erbolat@example.kz"] for m in mailoutbox)
    assert "Приём назначен на 12 марта." in mailoutbox[-1].body


def test_letters_follow_the_citizen_s_language(file_appeal, citizen, officer, mailoutbox):
    citizen.language = "en"
    citizen.save()
    appeal = file_appeal(user=citizen).appeal
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    assert "Assigned to an officer" in mailoutbox[-1].subject
    citizen.language = "ru"
    citizen.save()
    services.appeal_transition(appeal=appeal, name="start_review", by=officer)
    assert "Assigned to an officer" not in mailoutbox[-1].subject and appeal.number in mailoutbox[-1].subject


@pytest.mark.parametrize(
    ("path", "name", "reason", "code"),
    [
        ([], "answer", "x", "not_allowed"),  # no answer before a review
        (["start_review"], "answer", "", "answer_required"),
        ([], "forward", "", "reason_required"),
        ([], "reject", " ", "reason_required"),
        (["start_review", "answer"], "reopen", "why", "wrong_actor"),  # the citizen's step, not staff's
        (["start_review", "answer"], "close", "", "close_too_early"),
        ([], "fly", "", "unknown"),
    ],
)
def test_refused_steps_change_nothing(file_appeal, officer, path, name, reason, code):
    appeal = file_appeal().appeal
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    for step in path:
        services.appeal_transition(appeal=appeal, name=step, by=officer, reason="Ответ")
    before = Appeal.objects.get(pk=appeal.pk).state, Event.objects.count()
    with pytest.raises(Refused) as refused:
        services.appeal_transition(appeal=appeal, name=name, by=officer, reason=reason)
    assert refused.value.code == code and str(refused.value.message)
    assert (Appeal.objects.get(pk=appeal.pk).state, Event.objects.count()) == before


def test_forwarding_tells_the_citizen_where(file_appeal, officer, mailoutbox):
    appeal = file_appeal(kind="payments", organisation=None).appeal
    services.appeal_forward(appeal=appeal, where="Госкорпорация «Правительство для граждан»", by=officer)
    appeal.refresh_from_db()
    assert appeal.state == State.FORWARDED and appeal.is_final
    assert "Госкорпорация «Правительство для граждан»" in mailoutbox[-1].body


def test_only_appeals_officers_can_be_given_an_appeal(file_appeal, officer, staff_member):
    appeal = file_appeal().appeal
    with pytest.raises(Refused) as refused:
        services.appeal_assign(appeal=appeal, officer=staff_member, by=officer)
    assert refused.value.code == "not_officer"


def test_reassigning_keeps_the_status_and_is_internal(file_appeal, officer, supervisor):
    appeal = file_appeal().appeal
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    services.appeal_assign(appeal=appeal, officer=supervisor, by=officer)
    appeal.refresh_from_db()
    assert appeal.state == State.ASSIGNED and appeal.officer == supervisor
    assert appeal.events.get(kind=Event.Kind.ASSIGNED).public is False


# --- extension -----------------------------------------------------------------------------------------------


def test_one_extension_with_a_reason_up_to_two_months_told_to_the_citizen(file_appeal, officer, mailoutbox):
    with _travel(MONDAY):
        appeal = file_appeal().appeal
        latest = deadlines.latest_extension(appeal.registered_on)
        with pytest.raises(Refused, match="reason_required"):
            services.appeal_extend(appeal=appeal, until=latest, reason=" ", by=officer)
        with pytest.raises(Refused, match="extension_too_long"):
            services.appeal_extend(appeal=appeal, until=date(2026, 5, 3), reason="Запрос", by=officer)
        with pytest.raises(Refused, match="extension_not_later"):
            services.appeal_extend(appeal=appeal, until=appeal.due_date, reason="Запрос", by=officer)
        services.appeal_extend(appeal=appeal, until=latest, reason="Запрошены документы", by=officer)
        with pytest.raises(Refused, match="extended_once"):
            services.appeal_extend(appeal=appeal, until=latest, reason="Ещё раз", by=officer)
    appeal.refresh_from_db()
    assert latest == date(2026, 5, 2) and appeal.extended_until == latest and appeal.effective_due == latest
    assert "Запрошены документы" in mailoutbox[-1].body and "02.05.2026" in mailoutbox[-1].body
    assert appeal.events.get(kind=Event.Kind.EXTENDED).public


# --- the citizen's side ------------------------------------------------------------------------------------


def _answered(file_appeal, officer, **fields):
    appeal = file_appeal(**fields).appeal
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    services.appeal_transition(appeal=appeal, name="start_review", by=officer)
    return services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Ответ фонда")


def test_comments_and_documents_while_open_only(file_appeal, officer, mailoutbox):
    appeal = file_appeal().appeal
    services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    mailoutbox.clear()
    event = services.appeal_comment(appeal=appeal, text="Добавляю справку", attachments=[pdf()])
    assert event.kind == Event.Kind.COMMENT and event.public and appeal.attachments.count() == 1
    assert mailoutbox[-1].to == [officer.email]  # the officer is told
    with pytest.raises(Refused, match="empty_comment"):
        services.appeal_comment(appeal=appeal, text="  ")
    services.appeal_transition(appeal=appeal, name="start_review", by=officer)
    services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Ответ")
    with pytest.raises(Refused, match="not_open"):
        services.appeal_comment(appeal=appeal, text="Ещё вопрос")


def test_rating_after_the_answer_only(file_appeal, officer):
    appeal = file_appeal().appeal
    with pytest.raises(Refused, match="not_answered"):
        services.appeal_rate(appeal=appeal, satisfied=True)
    appeal = _answered(file_appeal, officer)
    services.appeal_rate(appeal=appeal, satisfied=False, comment="Не помогло")
    appeal.refresh_from_db()
    assert appeal.satisfied is False and appeal.rating_comment == "Не помогло" and appeal.rated_at


def test_reopen_once_within_30_days_with_a_new_due_date(file_appeal, officer, mailoutbox):
    with _travel(MONDAY):
        appeal = _answered(file_appeal, officer)
    with _travel(datetime(2026, 4, 1, 9, tzinfo=ALMATY)):  # 30 days after 2 March
        services.appeal_reopen(appeal=appeal, reason="Приём так и не назначили")
    appeal.refresh_from_db()
    assert appeal.state == State.REOPENED and appeal.reopened
    assert appeal.due_date == deadlines.due_date(date(2026, 4, 1))
    assert any(m.to == [officer.email] for m in mailoutbox)  # the officer hears of it
    with _travel(datetime(2026, 4, 2, 9, tzinfo=ALMATY)):
        services.appeal_assign(appeal=appeal, officer=officer, by=officer)
        services.appeal_transition(appeal=appeal, name="start_review", by=officer)
        services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Назначили")
        with pytest.raises(Refused, match="reopen_once"):
            services.appeal_reopen(appeal=appeal, reason="Опять")


def test_reopen_after_30_days_is_refused_with_a_clear_message(file_appeal, officer):
    with _travel(MONDAY):
        appeal = _answered(file_appeal, officer)
    with _travel(datetime(2026, 4, 2, 9, tzinfo=ALMATY)), pytest.raises(Refused) as refused:
        services.appeal_reopen(appeal=appeal, reason="Поздно")
    with translation.override("en"):  # the message is translated when it is shown
        assert refused.value.code == "reopen_too_late" and "30 days" in refused.value.message
    assert Appeal.objects.get(pk=appeal.pk).state == State.ANSWERED


def test_the_citizen_may_accept_and_close(file_appeal, officer):
    appeal = _answered(file_appeal, officer)
    services.appeal_accept(appeal=appeal)
    assert Appeal.objects.get(pk=appeal.pk).state == State.CLOSED


def test_replies_are_public_and_notes_are_not(file_appeal, officer, mailoutbox):
    appeal = file_appeal().appeal
    mailoutbox.clear()
    services.appeal_reply(appeal=appeal, text="Уточните, пожалуйста, дату.", by=officer)
    services.appeal_note(appeal=appeal, text="Позвонить в поликлинику", by=officer)
    assert Reply.objects.get().text == "Уточните, пожалуйста, дату." and Note.objects.get().author == officer
    assert len(mailoutbox) == 1 and "Уточните" in mailoutbox[0].body
    assert "Позвонить" not in "".join(e.text for e in appeal.events.filter(public=True))


def test_the_organisation_counts_appeals_about_it_but_not_thanks_or_rejected(file_appeal, officer, organisation):
    file_appeal()
    file_appeal(kind="gratitude")
    spam = file_appeal().appeal
    organisation.refresh_from_db()
    assert organisation.appeal_count == 2
    services.appeal_transition(appeal=spam, name="reject", by=officer, reason="Дубликат 26-000001")
    organisation.refresh_from_db()
    assert organisation.appeal_count == 1


def test_anonymous_phone_only_filers_get_no_letter_but_their_appeal_is_filed(file_appeal, mailoutbox):
    filed = file_appeal(email="", phone="+77011234567")
    assert filed.appeal.phone == "+77011234567" and mailoutbox == []
    assert filed.appeal.filer_iin == ANONYMOUS_IIN
