"""The nightly job: appeals due within 3 working days or overdue are flagged once, and their people told."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group

from appeals import deadlines, services, tasks
from appeals.models import Appeal, Event
from portal.celery import app

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


def at(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=5, tzinfo=ALMATY), tick=False)


@pytest.fixture
def appeal(file_appeal, officer):
    with at("2026-03-02"):
        appeal = file_appeal().appeal
        services.appeal_assign(appeal=appeal, officer=officer, by=officer)
    return appeal


def test_flags_near_then_overdue_once_each_and_tells_officer_and_supervisors(appeal, officer, supervisor, mailoutbox,
                                                                             django_user_model):  # fmt: skip
    admin = django_user_model.objects.create_superuser("root", email="root@fund.example.kz", password="x" * 12)
    due = appeal.due_date
    assert due == deadlines.due_date(appeal.registered_on)
    mailoutbox.clear()
    with at("2026-03-05"):  # far from the due date
        assert services.deadlines_flag() == 0
    with at(str(due)):  # the last day: due soon, not yet overdue
        assert tasks.flag_deadlines.delay().get() == 1
        assert services.deadlines_flag() == 0  # a second run the same night sends nothing
    assert Appeal.objects.get(pk=appeal.pk).deadline_flag == "near"
    assert {m.to[0] for m in mailoutbox} == {officer.email, supervisor.email, admin.email}
    assert appeal.number in mailoutbox[0].body
    mailoutbox.clear()
    with at("2026-04-10"):
        assert services.deadlines_flag() == 1
    assert Appeal.objects.get(pk=appeal.pk).deadline_flag == "overdue"
    assert len(mailoutbox) == 3 and "overdue" in mailoutbox[0].body
    assert Event.objects.filter(appeal=appeal, kind=Event.Kind.FLAGGED, public=False).count() == 2


def test_answered_and_extended_appeals_are_not_flagged(appeal, officer, mailoutbox):
    with at("2026-03-03"):
        services.appeal_extend(appeal=appeal, until=deadlines.latest_extension(appeal.registered_on), reason="Запрос",
                               by=officer)  # fmt: skip
    mailoutbox.clear()
    with at("2026-04-10"):  # past the first due date, before the extension
        assert services.deadlines_flag() == 0
    with at("2026-05-04"):
        assert services.deadlines_flag() == 1
        services.appeal_transition(appeal=appeal, name="start_review", by=officer)
        services.appeal_transition(appeal=appeal, name="answer", by=officer, reason="Ответ")
    assert Appeal.objects.get(pk=appeal.pk).deadline_flag == ""
    with at("2026-05-05"):
        assert services.deadlines_flag() == 0


def test_supervisors_are_the_role_holders_and_superusers_only(officer, supervisor, staff_member):
    from appeals import selectors

    assert set(selectors.supervisors()) == {supervisor}
    staff_member.groups.add(Group.objects.get(name="appeals_supervisor"))
    assert set(selectors.supervisors()) == {supervisor, staff_member}


def test_the_job_is_in_the_nightly_beat_schedule():
    entry = app.conf.beat_schedule["appeal-deadlines"]
    assert entry["task"] == "appeals.tasks.flag_deadlines"
    assert app.conf.timezone == "Asia/Almaty" and entry["schedule"].hour == {5}
