"""The payments API: the public check, the citizen's own status, payments and statement, the calculator."""

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts import iin
from payments.models import Payment
from payments.services.recompute import status_recompute

from .factories import months, pay_self

pytestmark = pytest.mark.django_db

NOW = "2024-11-10 12:00:05+05:00"


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def command(*args) -> dict:
    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    return error


# --- the public check --------------------------------------------------------------------------------------


def check(client, number, **extra):
    return client.get(reverse("v1:status-check", args=[number]), **extra)


def test_public_check_answers_insured_and_nothing_more(client, citizen, frozen):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    response = check(client, citizen.username)
    assert response.status_code == 200 and response.json() == {"insured": True}


def test_public_check_uses_the_stored_status_like_the_web(client, citizen, frozen):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    Payment.objects.all().delete()  # the stored status still says insured until the next recompute
    assert check(client, citizen.username).json() == {"insured": True}


def test_unknown_adult_is_not_insured_and_a_child_is(client, frozen):
    assert check(client, iin.compose(date(1980, 5, 5), "M", 7)).json() == {"insured": False}
    assert check(client, iin.compose(date(2015, 5, 5), "F", 7)).json() == {"insured": True}


@pytest.mark.parametrize(("number", "field_code"), [("123", "iin_length"), ("12345678901a", "iin_digits"),
                                                    ("900101300001", "iin_check")])  # fmt: skip
def test_public_check_refuses_an_invalid_iin(client, number, field_code):
    error = assert_error(check(client, number), 400, "invalid_iin")
    assert error["fields"]["iin"][0]["code"] == field_code


def test_invalid_iin_message_is_translated(client):
    error = assert_error(check(client, "123", HTTP_ACCEPT_LANGUAGE="ru"), 400, "invalid_iin")
    assert error["message"] == "ИИН состоит ровно из 12 цифр."


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_public_check_answers_other_methods_405_in_json_without_counting(client, method):
    number = iin.compose(date(1980, 1, 1), "M", 2)
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        for _ in range(12):  # more than a client's minute: none of them is a check
            response = getattr(client, method)(reverse("v1:status-check", args=[number]), HTTP_ACCEPT_LANGUAGE="ru")
            error = assert_error(response, 405, "method_not_allowed")
        assert error["message"] == "Этот метод здесь не разрешён."
        assert response["Allow"] == "GET, HEAD, OPTIONS"
        assert check(client, number).status_code == 200


def test_public_check_is_in_the_schema_as_the_plain_view_answers_it(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/status/{iin}"]["get"]
    assert operation["operationId"] == "status_check" and operation["security"] == []
    assert set(operation["responses"]) == {"200", "400", "429"}
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][answer]["properties"] == {"insured": {"type": "boolean"}}
    assert "ApiError" in schema["components"]["schemas"]


def test_public_check_is_limited_per_client_together_with_the_web_form(client):
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        numbers = [iin.compose(date(1980, 1, 1), "M", n) for n in range(12)]
        web = [client.post(reverse("payments:status_check"), {"iin": n}).status_code for n in numbers[:5]]
        api = [check(client, n).status_code for n in numbers[5:11]]
        assert web == [200] * 5 and api == [200] * 5 + [429]
        error = assert_error(check(client, numbers[11], HTTP_ACCEPT_LANGUAGE="en"), 429, "throttled")
        assert error["message"] == "Too many requests. Please wait a minute and try again."
        assert client.post(reverse("payments:status_check"), {"iin": numbers[11]}).status_code == 429


def test_public_check_is_limited_per_iin_across_clients(client):
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        number = iin.compose(date(1980, 1, 1), "M", 1)
        codes = [check(client, number, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(8)]
        assert codes == [200] * 5 + [429] * 3
        assert client.post(reverse("payments:status_check"), {"iin": number}, REMOTE_ADDR="10.0.1.1").status_code == 429


def test_public_check_limits_open_again_in_the_next_window(client):
    number = iin.compose(date(1980, 1, 1), "M", 1)
    with time_machine.travel("2026-03-02 10:00:05+05:00", tick=False):
        assert [check(client, number, REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(6)][-1] == 429
    with time_machine.travel("2026-03-02 11:00:05+05:00", tick=False):
        assert check(client, number, REMOTE_ADDR="10.0.0.99").status_code == 200


# --- my status ---------------------------------------------------------------------------------------------


def test_my_status_is_the_commands_json_today(client, citizen, frozen):
    pay_self(citizen.person, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    response = client.get(reverse("v1:me-status"), **auth(citizen))
    assert response.status_code == 200
    assert response.json() == command("osms_status", citizen.username)
    assert response.json()["insured"] is False and response.json()["reasons"][0]["code"] == "gap"


def test_my_stored_status_is_the_commands_json(client, citizen, frozen):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    answer = client.get(reverse("v1:me-status"), **auth(citizen)).json()
    assert answer == command("osms_status", citizen.username)
    assert answer == {"iin": citizen.username, "on": "2024-11-10", "insured": True, "basis": "past_twelve",
                      "reasons": [], "lapse_date": "2024-11-25"}  # fmt: skip


@pytest.mark.parametrize("on", ["2024-11-10", "2025-01-10", "2019-03-01"])
def test_my_status_on_a_day_is_the_commands_json(client, citizen, on):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    response = client.get(reverse("v1:me-status"), {"on": on}, **auth(citizen))
    assert response.json() == command("osms_status", citizen.username, "--on", on)


@pytest.mark.parametrize("on", ["10.11.2024", "2024-13-01", "0001-01-01", "9999-12-31"])
def test_my_status_refuses_a_bad_day(client, citizen, on):
    error = assert_error(client.get(reverse("v1:me-status"), {"on": on}, **auth(citizen)), 400, "invalid")
    assert list(error["fields"]) == ["on"] and error["fields"]["on"][0]["code"]


def test_my_status_works_with_the_web_session_too(client, citizen, frozen):
    client.force_login(citizen)
    assert client.get(reverse("v1:me-status")).json()["iin"] == citizen.username


@pytest.mark.parametrize("name", ["v1:me-status", "v1:me-payments", "v1:me-statement"])
def test_own_data_needs_sign_in(client, name):
    assert_error(client.get(reverse(name)), 401, "not_authenticated")
    assert_error(client.get(reverse(name), HTTP_AUTHORIZATION="Token nonsense"), 401, "authentication_failed")


@pytest.mark.parametrize("name", ["v1:me-status", "v1:me-payments", "v1:me-statement"])
def test_an_account_without_a_person_gets_404(client, staff_member, name):
    client.force_login(staff_member)  # fund staff use the API with a session that passed the second factor, no token
    assert_error(client.get(reverse(name)), 404, "no_person")


# --- my payments --------------------------------------------------------------------------------------------


def test_my_payments_are_paginated_newest_first(client, citizen):
    pay_self(citizen.person, months("2019-01", "2024-02"))  # 62 months
    first = client.get(reverse("v1:me-payments"), **auth(citizen)).json()
    assert first["count"] == 62 and len(first["results"]) == 50 and first["previous"] is None
    assert first["results"][0] == {
        "period": "2024-02", "knp": 122, "amount": "4250.00", "payer": "Ахметова Айгерим", "payer_id": citizen.username,
        "self_paid": True, "received_on": "2024-03-10", "state": "accepted",
    }  # fmt: skip
    second = client.get(first["next"], **auth(citizen)).json()
    assert len(second["results"]) == 12 and second["next"] is None
    periods = [row["period"] for row in first["results"] + second["results"]]
    assert periods == sorted(periods, reverse=True) and len(set(periods)) == 62


def test_my_payments_by_year(client, citizen):
    pay_self(citizen.person, months("2022-06", "2024-02"))
    answer = client.get(reverse("v1:me-payments"), {"year": 2023}, **auth(citizen)).json()
    assert answer["count"] == 12 and {row["period"][:4] for row in answer["results"]} == {"2023"}


@pytest.mark.parametrize("year", ["twenty", "1800", "3000"])
def test_my_payments_refuse_a_bad_year(client, citizen, year):
    error = assert_error(client.get(reverse("v1:me-payments"), {"year": year}, **auth(citizen)), 400, "invalid")
    assert "year" in error["fields"]


def test_a_page_past_the_end_is_json_404(client, citizen):
    assert_error(client.get(reverse("v1:me-payments"), {"page": 9}, **auth(citizen)), 404, "not_found")


def test_a_citizen_never_reads_another_citizens_data(client, citizen, outsider, frozen):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    headers = auth(outsider)
    assert client.get(reverse("v1:me-payments"), **headers).json()["count"] == 0
    assert client.get(reverse("v1:me-status"), **headers).json()["iin"] == outsider.username
    statement = client.get(reverse("v1:me-statement"), **headers).content.decode("utf-8-sig")
    assert citizen.username not in statement and len(statement.strip().splitlines()) == 1
    # query parameters cannot point at someone else
    assert client.get(reverse("v1:me-status"), {"iin": citizen.username}, **headers).json()["iin"] == outsider.username


# --- my statement -------------------------------------------------------------------------------------------


def test_statement_csv_is_the_web_file(client, citizen):
    pay_self(citizen.person, months("2023-10", "2024-09"))
    client.force_login(citizen)
    web = client.get(reverse("documents:statement_csv"), {"year": 2024})
    api = client.get(reverse("v1:me-statement"), {"format": "csv", "year": 2024})
    assert api.status_code == 200 and api.content == web.content
    assert api["Content-Type"] == web["Content-Type"] and api["Content-Disposition"] == web["Content-Disposition"]
    assert "no-store" in api["Cache-Control"]


def test_statement_is_csv_by_default_with_a_token(client, citizen):
    pay_self(citizen.person, months("2024-01", "2024-03"))
    response = client.get(reverse("v1:me-statement"), **auth(citizen))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode("utf-8-sig").count("\r\n") == 4


def test_statement_pdf(client, citizen):
    pay_self(citizen.person, months("2024-01", "2024-03"))
    response = client.get(reverse("v1:me-statement"), {"format": "pdf"}, **auth(citizen))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and 'filename="statement.pdf"' in response["Content-Disposition"]


def test_statement_refuses_an_unknown_format_in_json(client, citizen):
    error = assert_error(client.get(reverse("v1:me-statement"), {"format": "xml"}, **auth(citizen)), 400, "invalid")
    assert error["fields"]["format"][0]["code"] == "invalid_choice"


# --- the calculator -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--payer", "employee", "--period", "2018-06", "--income", "1000000"],
        ["--payer", "employee", "--period", "2024-05", "--income", "700000", "--income", "500000"],
        ["--payer", "contract", "--period", "2024-05", "--income", "90000.50"],
        ["--payer", "entrepreneur", "--period", "2024-03"],
        ["--payer", "self", "--period", "2024-03"],
        ["--payer", "platform", "--period", "2024-03", "--income", "50000"],
        ["--payer", "single", "--period", "2026-03", "--income", "1000000"],
    ],
)
def test_calculator_is_the_commands_json(client, args):
    params = {"payer": args[1], "period": args[3], "income": args[5::2]}
    response = client.get(reverse("v1:calculator"), params)
    assert response.status_code == 200
    assert response.json() == command("osms_calc", *args)


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"payer": "pensioner", "period": "2024-03"}, "payer", "invalid_choice"),
        ({"period": "2024-03"}, "payer", "required"),
        ({"payer": "self", "period": "March"}, "period", "invalid_period"),
        ({"payer": "self", "period": "2024-13"}, "period", "invalid_period"),
        ({"payer": "self"}, "period", "required"),
        ({"payer": "employee", "period": "2024-03", "income": "lots"}, "income", "invalid_income"),
        ({"payer": "employee", "period": "2024-03", "income": "-5"}, "income", "invalid_income"),
        ({"payer": "employee", "period": "2024-03", "income": "NaN"}, "income", "invalid_income"),
        ({"payer": "employee", "period": "2024-03", "income": "1e400"}, "income", "invalid_income"),
        ({"payer": "employee", "period": "2024-03", "income": ["1"] * 21}, "income", "max_length"),
    ],
)
def test_calculator_refuses_bad_input_with_field_codes(client, params, field, code):
    error = assert_error(client.get(reverse("v1:calculator"), params), 400, "invalid")
    assert error["fields"][field][0]["code"] == code


def test_calculator_without_rules_for_the_month(client):
    error = assert_error(client.get(reverse("v1:calculator"), {"payer": "self", "period": "2031-01"}), 400, "no_rules")
    assert "2031" in error["message"] and "fields" not in error


def test_calculator_messages_follow_accept_language(client):
    params = {"payer": "self", "period": "March"}
    en = client.get(reverse("v1:calculator"), params, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    ru = client.get(reverse("v1:calculator"), params, HTTP_ACCEPT_LANGUAGE="ru").json()["error"]
    assert en["fields"]["period"][0]["message"] == "Enter a month as YYYY-MM, for example 2026-03."
    assert ru["fields"]["period"][0]["message"] != en["fields"]["period"][0]["message"]
    assert ru["message"] != en["message"]


def test_calculator_needs_no_sign_in_and_ignores_a_session(client, citizen):
    params = {"payer": "self", "period": "2024-03"}
    anonymous = client.get(reverse("v1:calculator"), params).json()
    client.force_login(citizen)
    assert client.get(reverse("v1:calculator"), params).json() == anonymous
