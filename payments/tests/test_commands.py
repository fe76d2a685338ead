"""The command-line contract: osms_status, osms_calc, recompute_status."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from payments.models import PersonStatus, StatusChange

from .factories import months, pay_self, person

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--payer", "employee", "--period", "2018-06", "--income", "1000000"], {"121": "6363.90", "122": "0.00"}),
        (["--payer", "employee", "--period", "2024-05", "--income", "85000"], {"121": "2550.00", "122": "1700.00"}),
        (["--payer", "employee", "--period", "2024-05", "--income", "1000000"], {"121": "25500.00", "122": "17000.00"}),
        (
            ["--payer", "employee", "--period", "2026-02", "--income", "3400000"],
            {"121": "102000.00", "122": "34000.00"},
        ),
        (["--payer", "entrepreneur", "--period", "2024-03"], {"121": "0.00", "122": "5950.00"}),
        (["--payer", "self", "--period", "2024-03"], {"121": "0.00", "122": "4250.00"}),
    ],
)
def test_osms_calc_worked_examples(args, expected):
    answer = run("osms_calc", *args)
    assert {k: answer[k] for k in ("121", "122")} == expected


def test_osms_calc_two_jobs_share_the_employee_cap():
    answer = run("osms_calc", "--payer", "employee", "--period", "2024-05", "--income", "700000", "--income", "500000")
    assert answer["122"] == "17000.00" and answer["121"] == "36000.00"
    assert answer["jobs"] == [{"121": "21000.00", "122": "14000.00"}, {"121": "15000.00", "122": "3000.00"}]


def test_osms_calc_single_payment_has_a_total():
    answer = run("osms_calc", "--payer", "single", "--period", "2026-03", "--income", "1000000")
    assert answer["total"] == "248000.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--payer", "self", "--period", "2031-01"], "no rules for 2031"),
        (["--payer", "self", "--period", "March"], "YYYY-MM"),
        (["--payer", "employee", "--period", "2024-01", "--income", "lots"], "income"),
    ],
)
def test_osms_calc_refuses_clearly(args, message):
    with pytest.raises(CommandError, match=message):
        run("osms_calc", *args)


def test_osms_status_on_a_date_from_payments():
    p = person(1)
    pay_self(p, months("2023-10", "2024-09"))
    assert run("osms_status", p.iin, "--on", "2024-11-10") == {
        "iin": p.iin, "on": "2024-11-10", "insured": True, "basis": "past_twelve", "reasons": [],
        "lapse_date": "2024-11-25",
    }  # fmt: skip
    gap = run("osms_status", p.iin, "--on", "2025-01-10")
    assert gap["insured"] is False and gap["reasons"] == [{"code": "gap", "months": ["2024-10", "2024-11"]}]


def test_osms_status_ignores_payments_received_after_the_date():
    p = person(2)
    pay_self(p, months("2023-10", "2024-09"), received=date(2024, 12, 1))
    assert run("osms_status", p.iin, "--on", "2024-11-10")["insured"] is False


def test_osms_status_unknown_valid_iin_is_like_no_payments_and_a_child_is_exempt():
    from accounts import iin

    adult = iin.compose(date(1980, 1, 1), "M", 9)
    child = iin.compose(date(2015, 1, 1), "F", 9)
    assert run("osms_status", adult, "--on", "2024-11-10")["reasons"][0]["code"] == "no_payments"
    assert run("osms_status", child, "--on", "2024-11-10")["basis"] == "exempt"


@pytest.mark.parametrize("bad", ["123", "90010130001x", "900101300018"])
def test_osms_status_invalid_iin_exits_non_zero(bad):
    with pytest.raises(CommandError, match="invalid IIN"):
        run("osms_status", bad)


def test_osms_status_without_date_is_the_stored_status():
    p = person(3)
    PersonStatus.objects.create(
        person=p, insured=True, basis="prepaid", lapse_date=date(2027, 1, 25), computed_at="2026-01-01T00:00Z"
    )
    answer = run("osms_status", p.iin)
    assert (answer["insured"], answer["basis"], answer["lapse_date"]) == (True, "prepaid", "2027-01-25")


def test_recompute_status_writes_once_and_logs_the_change():
    from io import StringIO

    p = person(4)
    out = StringIO()
    call_command("recompute_status", p.iin, stdout=out)
    assert "1 changed" in out.getvalue()
    call_command("recompute_status", "--all", stdout=out)
    assert "0 changed" in out.getvalue().splitlines()[-1]
    assert StatusChange.objects.filter(person=p).count() == 1
    with pytest.raises(CommandError):
        call_command("recompute_status")
