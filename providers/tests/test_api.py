"""GET /api/v1/provider/status/{iin}?reason=…: the page's answer as JSON, for provider accounts only, with the
API's one error shape and stable codes."""

import logging

import pytest
import time_machine
from rest_framework.authtoken.models import Token

from accounts.models import AccessRecord
from providers.models import ProviderLookup, ProviderOrganisation
from providers.tests.conftest import MAY_10, adult_iin

pytestmark = pytest.mark.django_db


def url(iin: str, reason: str | None = "visit") -> str:
    return f"/api/v1/provider/status/{iin}" + (f"?reason={reason}" if reason is not None else "")


@pytest.fixture
def api(client, provider):
    token = Token.objects.create(user=provider)

    def get(path, **headers):
        headers.setdefault("HTTP_AUTHORIZATION", f"Token {token.key}")
        return client.get(path, HTTP_ACCEPT_LANGUAGE="en", **headers)

    with time_machine.travel(MAY_10, tick=False):
        yield get


def error(response) -> str:
    assert response["Content-Type"] == "application/json"
    body = response.json()["error"]
    assert body["message"]
    return body["code"]


def test_the_answer_for_an_insured_patient(api, insured_patient):
    response = api(url(insured_patient.iin, "prescription"))
    body = response.json()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert body["initials"] == "А. Қ." and body["insured"] is True and body["in_registry"] is True
    assert (body["basis"], body["lapse_date"], body["cover"]) == ("past_twelve", "2025-05-25", "full")
    assert body["cover_label"] == "GOBMP + OSMS" and body["reason_line"] is None
    assert [(p["code"], p["applies"]) for p in body["packages"]] == [("tmkkk", True), ("osms", True)]
    assert body["lookup"]["reason"] == "prescription" and body["lookup"]["at"] == "2025-05-10T10:00:05+05:00"
    text = response.content.decode()
    assert "Айгерим" not in text and "Қасымова" not in text and "amount" not in text and "4250" not in text


def test_the_answer_for_a_patient_with_a_gap(api, gap_patient):
    body = api(url(gap_patient.iin)).json()
    assert body["insured"] is False and body["cover"] == "base_only"
    assert body["reasons"] == [{"code": "gap", "months": ["2025-02", "2025-03"]}]
    assert body["reason_line"] == "no contributions for 2025-02 and 2025-03"


def test_an_unknown_iin_is_not_insured_with_no_record(api):
    response = api(url(adult_iin(4444)))
    body = response.json()
    assert response.status_code == 200
    assert (body["insured"], body["in_registry"], body["initials"]) == (False, False, "")
    assert body["reason_line"] == "no record in the registry"


def test_the_api_lookup_is_stored_and_audited(api, provider, insured_patient):
    api(url(insured_patient.iin, "emergency"))
    lookup = ProviderLookup.objects.get()
    assert (lookup.channel, lookup.reason, lookup.user) == ("api", "emergency", provider)
    record = AccessRecord.objects.get(action="provider.status_lookup")
    assert (record.subject_iin, record.reason, record.actor) == (insured_patient.iin, "emergency", provider)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (url("12345"), "invalid_iin"),
        (url("850615400116"), "invalid_iin"),
        (url(adult_iin(1), reason=None), "reason_required"),
        (url(adult_iin(1), reason=""), "reason_required"),
        (url(adult_iin(1), reason="curiosity"), "invalid_reason"),
    ],
)
def test_bad_input_has_a_stable_code(api, path, code):
    response = api(path)
    assert response.status_code == 400 and error(response) == code
    assert not ProviderLookup.objects.exists()


def test_anonymous_is_not_authenticated(client, insured_patient):
    response = client.get(url(insured_patient.iin), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401 and error(response) == "not_authenticated"


def test_a_wrong_token_is_refused(api, insured_patient):
    response = api(url(insured_patient.iin), HTTP_AUTHORIZATION="Token not-a-token")
    assert response.status_code == 401 and error(response) == "authentication_failed"


def test_a_citizen_is_not_a_provider(client, citizen, insured_patient):
    client.force_login(citizen)  # session authentication
    response = client.get(url(insured_patient.iin), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and error(response) == "not_a_provider"
    assert not ProviderLookup.objects.exists()


def test_session_authentication_works_for_a_provider(client, provider, insured_patient):
    client.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        assert client.get(url(insured_patient.iin)).json()["insured"] is True


def test_a_switched_off_account_or_organisation(api, provider, clinic, insured_patient):
    account = provider.provider_account
    account.active = False
    account.save()
    response = api(url(insured_patient.iin))
    assert response.status_code == 403 and error(response) == "account_disabled"
    assert "switched off" in response.json()["error"]["message"]
    account.active = True
    account.save()
    ProviderOrganisation.objects.filter(organisation=clinic).update(access_enabled=False)
    response = api(url(insured_patient.iin))
    assert response.status_code == 403 and error(response) == "organisation_disabled"
    assert not ProviderLookup.objects.exists()


def test_over_the_limit_is_rate_limited_with_retry_after(api, settings):
    settings.PROVIDER_LOOKUPS_PER_MINUTE = 2
    assert [api(url(adult_iin(n))).status_code for n in range(2)] == [200, 200]
    response = api(url(adult_iin(3)))
    assert response.status_code == 429 and error(response) == "rate_limited"
    assert response.json()["error"]["retry_after"] == 55 and response["Retry-After"] == "55"
    assert response.json()["error"]["window"] == "minute"


def test_messages_follow_accept_language(client, citizen, insured_patient):
    client.force_login(citizen)
    response = client.get(url(insured_patient.iin), HTTP_ACCEPT_LANGUAGE="en")
    assert "staff of medical organisations" in response.json()["error"]["message"]


def test_refusals_do_not_write_the_iin_to_the_application_log(api, caplog, insured_patient):
    bad = "850615400116"
    with caplog.at_level(logging.INFO):
        api(url(bad))
        api(url(insured_patient.iin, reason=None))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "refused: 400" in logged
    assert bad not in logged and insured_patient.iin not in logged


def test_the_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/provider/status/{iin}"]["get"]
    assert operation["operationId"] == "provider_status"
    assert {p["name"] for p in operation["parameters"]} >= {"iin", "reason"}
    assert {"200", "400", "401", "403", "429"} <= set(operation["responses"])
