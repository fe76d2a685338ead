"""One appeal number on every channel: officers file for callers, text messages, the API's channel rules."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import AccessRecord, User
from appeals.models import Appeal, Event
from plumbing import sms

from .conftest import ANONYMOUS_IIN

pytestmark = pytest.mark.django_db


API_URL = "/api/v1/appeals"


def caller(client, **changes):
    """The filing form as an officer fills it for a caller, with the token the page gave."""
    page = client.get(reverse("admin:appeals_appeal_file"))
    assert page.status_code == 200
    data = {
        "channel": "phone", "name": "Мұратов Ерболат", "iin": ANONYMOUS_IIN, "phone": "8 (701) 234-56-78",
        "email": "erbolat@example.kz", "language": "ru", "kind": "payments", "region": "astana",
        "organisation": "", "organisation_name": "", "event_date": timezone.localdate().isoformat(),
        "description": "Не видит взносы за март.", "token": page.context["form"].initial["token"],
    }  # fmt: skip
    data.update(changes)
    return data


def test_appeals_are_filed_on_the_web_unless_said_otherwise(file_appeal):
    assert Appeal._meta.get_field("channel").default == "web"
    assert file_appeal().appeal.channel == "web"


def test_an_officer_files_a_phone_appeal_the_caller_follows_online(client, officer, smsoutbox, mailoutbox):
    client.force_login(officer)
    changelist = client.get(reverse("admin:appeals_appeal_changelist")).content.decode()
    assert reverse("admin:appeals_appeal_file") in changelist
    response = client.post(reverse("admin:appeals_appeal_file"), caller(client))
    assert response.status_code == 302 and response.url == reverse("admin:appeals_appeal_filed")

    appeal = Appeal.objects.get()
    assert (appeal.channel, appeal.phone, appeal.language) == ("phone", "+77012345678", "ru")
    filed = Event.objects.get(appeal=appeal, kind=Event.Kind.FILED)
    assert (filed.actor, filed.actor_kind) == (officer, "staff")
    assert AccessRecord.objects.filter(action="appeals.appeal.file", actor=officer).count() == 1

    page = client.get(response.url).content.decode()
    (message,) = smsoutbox
    code = message.text.split("Код доступа: ")[1].split(".")[0]  # the caller's language: Russian
    assert message.phone == "+77012345678" and appeal.number in message.text and "/appeals/follow/" in message.text
    assert appeal.number in page and code in page and "+77012345678" in page and "erbolat@example.kz" in page
    assert code in mailoutbox[0].body and mailoutbox[0].to == ["erbolat@example.kz"]
    assert client.get(response.url).status_code == 302  # the code is shown once

    citizen = Client()
    followed = citizen.post(reverse("appeals:follow"), {"number": appeal.number, "code": code})
    assert followed.status_code == 302 and followed.url == reverse("appeals:detail", args=[appeal.number])
    assert citizen.get(followed.url).status_code == 200


def test_without_an_e_mail_only_the_text_message_goes(client, officer, smsoutbox, mailoutbox):
    client.force_login(officer)
    client.post(reverse("admin:appeals_appeal_file"), caller(client, email="", channel="letter"))
    assert Appeal.objects.get().channel == "letter" and len(smsoutbox) == 1 and mailoutbox == []


@pytest.mark.parametrize("phone", ["+7 727 258 00 00", "12345", "+1 202 555 01 23"])
def test_a_phone_that_is_not_a_kazakh_mobile_is_refused_and_nothing_stored(english, officer, smsoutbox, phone):
    english.force_login(officer)
    response = english.post(reverse("admin:appeals_appeal_file"), caller(english, phone=phone))
    assert response.status_code == 400
    assert "Enter a Kazakhstan mobile number" in response.content.decode()
    assert not Appeal.objects.exists() and smsoutbox == []


def test_other_staff_cannot_file_for_callers(client, staff_member):
    client.force_login(staff_member)
    assert client.get(reverse("admin:appeals_appeal_file")).status_code == 403
    assert client.post(reverse("admin:appeals_appeal_file"), {"channel": "phone"}).status_code == 403
    assert client.get(reverse("admin:appeals_appeal_filed")).status_code == 403
    assert not Appeal.objects.exists()


def test_the_service_checks_the_phone_and_the_channel(file_appeal):
    with pytest.raises(ValidationError) as error:
        file_appeal(email="", phone="+7 727 258 00 00", channel="fax")
    assert set(error.value.message_dict) == {"phone", "channel"} and not Appeal.objects.exists()


def test_kazakh_mobiles_are_normalised(smsoutbox):
    for text in ("+7 701 234 56 78", "8 701 234 56 78", "87012345678", "77012345678", "+7 (701) 234-56-78"):
        assert sms.kz_mobile(text) == "+77012345678"
    for text in ("+7 727 258 00 00", "8701234567", "+8 701 234 56 78", ""):
        with pytest.raises(sms.InvalidPhone):
            sms.kz_mobile(text)
    sms.send_sms("8 701 234 56 78", "Сәлем")
    assert smsoutbox == [sms.Message("+77012345678", "Сәлем")]


def test_the_console_backend_writes_the_message(settings, capsys):
    settings.SMS_BACKEND = "plumbing.sms.ConsoleBackend"
    sms.send_sms("+77012345678", "Өтініш 26-000001-1")
    assert "+77012345678" in capsys.readouterr().out


# --- the API --------------------------------------------------------------------------------------------------


def api_body(**changes):
    data = {
        "kind": "care_refused", "region": "astana", "organisation_name": "Емхана №5",
        "event_date": timezone.localdate().isoformat(), "description": "Отказали в приёме.",
        "name": "Мұратов Ерболат", "iin": ANONYMOUS_IIN, "phone": "+77012345678",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.mark.parametrize("channel", ["phone", "bot", "app"])
def test_anonymous_callers_may_not_choose_a_channel(client, channel):
    response = client.post(API_URL, api_body(channel=channel), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
    assert response.status_code == 400 and not Appeal.objects.exists()
    (problem,) = response.json()["error"]["fields"]["channel"]
    assert problem["code"] in ("not_allowed", "invalid_choice") and problem["message"]


def test_anonymous_web_and_omitted_channel_are_the_web(client):
    assert client.post(API_URL, api_body(channel="web"), content_type="application/json").status_code == 201
    assert client.post(API_URL, api_body(), content_type="application/json").status_code == 201
    assert list(Appeal.objects.values_list("channel", flat=True)) == ["web", "web"]


def test_an_integrator_files_from_the_bot(client, smsoutbox):
    bot = User.objects.create_user("fund-bot", password="Bot-pass-2026")
    bot.user_permissions.add(Permission.objects.get(codename="integrate_appeal"))
    token = Token.objects.create(user=bot)
    headers = {"content_type": "application/json", "HTTP_AUTHORIZATION": f"Token {token.key}"}
    response = client.post(API_URL, api_body(channel="bot"), **headers)
    assert response.status_code == 201
    assert Appeal.objects.get().channel == "bot" and response.json()["access_code"] in smsoutbox[0].text
    refused = client.post(API_URL, api_body(channel="phone"), **headers)
    assert refused.status_code == 400 and "channel" in refused.json()["error"]["fields"]


def test_a_signed_in_citizen_is_no_integrator(client, citizen):
    token = Token.objects.create(user=citizen)
    response = client.post(API_URL, api_body(name="", iin="", channel="app"), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {token.key}")  # fmt: skip
    assert response.status_code == 400 and response.json()["error"]["fields"]["channel"][0]["code"] == "not_allowed"


def test_the_schema_documents_the_channel(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["AppealChannel"]["enum"] == ["web", "app", "bot"]
    field = schema["components"]["schemas"]["AppealCreateRequest"]["properties"]["channel"]
    assert "integrate_appeal" in field["description"]
