from datetime import date

import pytest
from django.core import mail

from payments.models import PersonStatus
from payments.services.lapse_warnings import lapse_warnings_send
from payments.services.recompute import status_recompute

from .factories import months, pay_self

pytestmark = pytest.mark.django_db


def test_a_week_before_the_lapse_date_the_citizen_is_warned_once(citizen, outsider, time_machine):
    time_machine.move_to("2024-11-20 12:00+05:00")
    citizen.language = "en"
    citizen.save()
    pay_self(citizen.person, months("2023-10", "2024-09"))  # lapses 2024-11-25
    pay_self(outsider.person, months("2023-11", "2024-10"))  # lapses 2024-12-25: not yet
    status_recompute(iins=[citizen.username, outsider.username], trigger="test")
    assert lapse_warnings_send(today=date(2024, 11, 20)) == 1
    assert mail.outbox[0].to == [citizen.email]
    assert "October 2024" in mail.outbox[0].body and "25.11.2024" in mail.outbox[0].body
    assert lapse_warnings_send(today=date(2024, 11, 21)) == 0  # sent once
    assert PersonStatus.objects.get(person=citizen.person).lapse_warned_for == date(2024, 11, 25)


def test_the_warning_is_in_the_citizens_language(citizen, time_machine):
    time_machine.move_to("2024-11-20 12:00+05:00")
    citizen.language = "kk"
    citizen.save()
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    lapse_warnings_send(today=date(2024, 11, 20))
    assert "1414" in mail.outbox[0].body and "Hello" not in mail.outbox[0].body


def test_nobody_is_warned_far_from_the_lapse_date(citizen, time_machine):
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    assert lapse_warnings_send(today=date(2024, 11, 10)) == 0
