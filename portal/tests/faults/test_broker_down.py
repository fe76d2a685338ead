"""Uploads while the task queue is unreachable, and `resume_registers`, without the real services (fast).

The real outage is in test_redis_down; these pin the rules with the broker mocked: an upload whose task cannot
be sent is kept, queued, marked unsent, and staff are told; `resume_registers` sends exactly the registers left waiting.
"""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from kombu.exceptions import OperationalError

from accounts import iin as iin_rules
from payments import tasks
from payments.models import Payment, Register
from payments.tests.registers import HEADER_LINE, line

pytestmark = pytest.mark.django_db(transaction=True)
A = iin_rules.compose(date(1990, 1, 1), "M", 1)
BROKER_DOWN = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def register(state=Register.State.QUEUED, message="", age=timedelta(0), with_file=True) -> Register:
    item = Register(name="r.csv", state=state, message=message)
    if with_file:
        item.file.save("r.csv", ContentFile(f"{HEADER_LINE}\n{line(A)}\n".encode()), save=False)
    item.save()
    Register.objects.filter(pk=item.pk).update(created_at=timezone.now() - age)
    return item


def test_an_upload_while_the_broker_is_down_is_kept_queued_and_staff_are_told(client, staff_member):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(staff_member)
    upload = SimpleUploadedFile("december.csv", f"{HEADER_LINE}\n{line(A)}\n".encode(), content_type="text/csv")
    with mock.patch.object(tasks.import_register, "delay", side_effect=BROKER_DOWN):
        response = client.post(reverse("admin:payments_register_add"), {"kind": "payments", "file": upload},
                               follow=True)  # fmt: skip
    assert response.status_code == 200
    assert "The task queue is unavailable" in response.content.decode()
    stored = Register.objects.get()
    assert (stored.state, stored.message) == ("queued", tasks.UNSENT) and stored.file

    assert tasks.resume_registers() == 1  # the queue is back: it is sent (and, eagerly here, imported)
    stored.refresh_from_db()
    assert (stored.state, stored.message) == ("done", "") and Payment.objects.filter(iin=A).count() == 1


def test_resume_sends_the_registers_left_waiting_and_only_those():
    unsent = register(message=tasks.UNSENT)
    lost = register(age=tasks.RESEND_AFTER + timedelta(minutes=1))
    register()  # just queued: its task is on the way
    register(state=Register.State.FAILED, age=timedelta(days=1))  # left to staff
    register(state=Register.State.DONE, age=timedelta(days=1))
    register(message=tasks.UNSENT, with_file=False)  # `manage.py import_register`'s, imported in place
    with mock.patch.object(tasks, "send_import", return_value=True) as send:
        assert tasks.resume_registers() == 2
    assert sorted(call.args[0] for call in send.call_args_list) == [unsent.pk, lost.pk]


def test_resume_keeps_the_mark_when_the_broker_is_still_down():
    waiting = register(message=tasks.UNSENT)
    with mock.patch.object(tasks.import_register, "delay", side_effect=BROKER_DOWN):
        assert tasks.resume_registers() == 0
    waiting.refresh_from_db()
    assert (waiting.state, waiting.message) == ("queued", tasks.UNSENT)


def test_a_second_delivery_of_a_done_register_changes_nothing():
    item = register()
    first = tasks.import_register(item.pk)
    assert tasks.import_register(item.pk) == first and Payment.objects.count() == 1


def test_the_nightly_sweep_can_be_cut_finer():
    from accounts.models import Person

    Person.objects.bulk_create([Person.from_iin(iin_rules.compose(date(1980, 1, 1), "F", n)) for n in range(10)])
    with mock.patch.object(tasks.recompute_range, "delay") as send:
        assert tasks.nightly_sweep(size=3) == 4
    assert send.call_args_list[0].args[1] == send.call_args_list[1].args[0]  # ranges meet
