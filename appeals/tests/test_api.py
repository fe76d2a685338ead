"""The appeals JSON API: filing (anonymous, token, idempotent), following with X-Access-Code, comments, schema."""

import uuid

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from appeals import api, numbers
from appeals.models import Appeal, Event

from .conftest import ANONYMOUS_IIN, pdf

pytestmark = pytest.mark.django_db
URL = "/api/v1/appeals"


def body(**changes):
    data = {
        "kind": "care_refused", "region": "astana", "organisation_name": "Емхана №5",
        "event_date": timezone.localdate().isoformat(), "description": "Отказали в приёме.",
        "name": "Мұратов Ерболат", "iin": ANONYMOUS_IIN, "email": "erbolat@example.kz",
    }  # fmt: skip
    data.update(changes)
    return data


def test_anonymous_filing_returns_number_and_code(client, mailoutbox):
    response = client.post(URL, body(), content_type="application/json")
    assert response.status_code == 201
    data = response.json()
    appeal = Appeal.objects.get()
    assert data["number"] == appeal.number and numbers.normalise_code(data["access_code"]) == data["access_code"]
    assert data["state"] == "registered" and data["due_date"] == appeal.due_date.isoformat()
    assert data["access_code"] in mailoutbox[0].body


def test_signed_in_by_token_files_as_themselves(client, citizen, organisation):
    token = Token.objects.create(user=citizen)
    response = client.post(URL, body(name="", iin="", email="", organisation=organisation.bin),
                           content_type="application/json", HTTP_AUTHORIZATION=f"Token {token.key}")  # fmt: skip
    assert response.status_code == 201
    appeal = Appeal.objects.get()
    assert appeal.person == citizen.person and appeal.organisation == organisation


def test_the_same_idempotency_key_files_once(client):
    key = str(uuid.uuid4())
    first = client.post(URL, body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    again = client.post(URL, body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert (first.status_code, again.status_code) == (201, 200) and Appeal.objects.count() == 1
    assert first.json() == again.json()
    bad = client.post(URL, body(), content_type="application/json", HTTP_IDEMPOTENCY_KEY="1")
    assert bad.status_code == 400 and "Idempotency-Key" in bad.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"description": ""}, "description", "blank"),
        ({"region": "atlantis"}, "region", "invalid_choice"),
        ({"iin": "123456789012"}, "iin", "invalid"),
        ({"organisation": "000000000000"}, "organisation", "unknown"),
        ({"email": "", "phone": ""}, "email", "invalid"),
    ],
)
def test_bad_input_names_the_field(client, changes, field, code):
    response = client.post(URL, body(**changes), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"][field][0]["code"] == code and error["fields"][field][0]["message"]
    assert not Appeal.objects.exists()


def test_filing_with_documents_as_multipart(client):
    response = client.post(URL, {**body(), "attachments": [pdf("a.pdf"), pdf("b.pdf")]})
    assert response.status_code == 201 and Appeal.objects.get().attachments.count() == 2
    disguised = client.post(URL, {**body(), "attachments": [pdf("a.pdf", b"MZ\x90 exe")]})
    assert disguised.status_code == 400 and "attachments" in disguised.json()["error"]["fields"]


@pytest.fixture
def filed(file_appeal):
    return file_appeal()


def test_following_needs_the_code_and_unknown_equals_wrong(client, filed):
    url = f"{URL}/{filed.appeal.number}"
    ok = client.get(url, HTTP_X_ACCESS_CODE=filed.access_code)
    assert ok.status_code == 200
    data = ok.json()
    assert data["number"] == filed.appeal.number and data["state"] == "registered"
    assert data["timeline"][0]["kind"] == "filed" and data["replies"] == []
    wrong = client.get(url, HTTP_X_ACCESS_CODE="ABCDE-FGHJK")
    missing = client.get(url)
    unknown = client.get(f"{URL}/{numbers.make(2026, 777)}", HTTP_X_ACCESS_CODE=filed.access_code)
    assert wrong.status_code == missing.status_code == unknown.status_code == 404
    assert wrong.json() == missing.json() == unknown.json()


def test_a_wrong_check_digit_is_a_400_typo(client, filed):
    number = filed.appeal.number
    typo = number[:-1] + str((int(number[-1]) + 1) % 10)
    response = client.get(f"{URL}/{typo}", HTTP_X_ACCESS_CODE=filed.access_code)
    assert response.status_code == 400 and response.json()["error"]["code"] == "number_check"


def test_the_owner_and_staff_need_no_code_outsiders_do(client, file_appeal, citizen, outsider, officer):
    appeal = file_appeal(user=citizen).appeal
    url = f"{URL}/{appeal.number}"
    for user, expected in ((citizen, 200), (officer, 200), (outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected


def test_following_is_throttled_per_number(client, filed, monkeypatch):
    monkeypatch.setattr(api, "FOLLOW_NUMBER_LIMIT", ("api-appeal-number", 2, 3600))
    url = f"{URL}/{filed.appeal.number}"
    for n in range(2):
        client.get(url, HTTP_X_ACCESS_CODE="AAAAA-AAAAA", REMOTE_ADDR=f"10.0.1.{n}")
    blocked = client.get(url, HTTP_X_ACCESS_CODE=filed.access_code, REMOTE_ADDR="10.0.1.9")
    assert blocked.status_code == 429 and blocked.json()["error"]["code"] == "throttled"


def test_comments_with_the_code_while_open(client, filed, officer):
    url = f"{URL}/{filed.appeal.number}/comments"
    response = client.post(url, {"text": "Дополнение"}, content_type="application/json",
                           HTTP_X_ACCESS_CODE=filed.access_code)  # fmt: skip
    assert response.status_code == 201 and response.json()["kind"] == "comment"
    assert Event.objects.filter(kind="comment", text="Дополнение").exists()
    assert client.post(url, {"text": "x"}, content_type="application/json").status_code == 404
    empty = client.post(url, {"text": ""}, content_type="application/json", HTTP_X_ACCESS_CODE=filed.access_code)
    assert empty.status_code == 409 and empty.json()["error"]["code"] == "empty_comment"
    from appeals import services

    services.appeal_forward(appeal=filed.appeal, where="Управление здравоохранения", by=officer)
    closed = client.post(url, {"text": "ещё"}, content_type="application/json", HTTP_X_ACCESS_CODE=filed.access_code)
    assert closed.status_code == 409 and closed.json()["error"]["code"] == "not_open"


def test_the_schema_describes_the_appeals_endpoints(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert {"/api/v1/appeals", "/api/v1/appeals/{number}", "/api/v1/appeals/{number}/comments"} <= set(paths)
    create = paths["/api/v1/appeals"]["post"]
    assert {"201", "200", "400"} <= set(create["responses"])
    assert {"application/json", "multipart/form-data"} <= set(create["requestBody"]["content"])
    headers = {p["name"] for p in paths["/api/v1/appeals/{number}"]["get"]["parameters"] if p["in"] == "header"}
    assert "X-Access-Code" in headers
    assert "AppealCreateRequest" in schema["components"]["schemas"] or "AppealCreate" in str(schema["components"])
