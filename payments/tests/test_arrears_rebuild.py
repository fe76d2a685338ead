"""Rebuilding the employer-arrears table after a register import, and fully at night (decision 0021)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from accounts import iin as iin_rules
from payments.models import EmployerArrear, Register
from payments.services.arrears import employer_arrears_rebuild
from payments.tasks import import_and_recompute

from .registers import EMPLOYER, _bin, write

pytestmark = pytest.mark.django_db(transaction=True)

A = iin_rules.compose(date(1990, 1, 1), "M", 1)
B = iin_rules.compose(date(1985, 5, 5), "F", 2)
BANK = "940140000385"
COLUMNS = "{received};{number};{knp};{sender};{name};{iin};Иванов;Иван;;{amount};{period};accepted"


def row(iin, period, knp, amount, *, sender=EMPLOYER, name="ТОО Ромашка", number=None):
    number = number or f"{iin[-4:]}{period}{knp}"
    return COLUMNS.format(received="10.12.2024", number=number, knp=knp, sender=sender, name=name, iin=iin,
                          amount=amount, period=period)  # fmt: skip


def employee_months(iin, periods, **kw):
    return [x for p in periods for x in (row(iin, p, 121, "2550,00", **kw), row(iin, p, 122, "1700,00", **kw))]


def load(tmp_path, lines, name="r.csv", capture=None):
    path = write(tmp_path, lines, name=name)
    with capture(execute=True):
        return import_and_recompute(Register.objects.create(name=name), path=path)


def test_a_register_rebuilds_the_employers_it_touched(tmp_path, django_capture_on_commit_callbacks):
    lines = employee_months(A, ["022024", "032024", "042024"]) + employee_months(B, ["022024", "042024"])
    lines.append(row(B, "032024", 121, "2550,00"))
    load(tmp_path, lines, capture=django_capture_on_commit_callbacks)
    found = EmployerArrear.objects.get()
    assert (found.bin, found.name, found.iin, found.period, found.kind) == (EMPLOYER, "ТОО Ромашка", B,
                                                                             date(2024, 3, 1), "no_122")  # fmt: skip
    assert found.amount_missing == Decimal("1700.00") and found.others_paid
    assert (found.paid_before, found.paid_after) == (date(2024, 2, 1), date(2024, 4, 1))

    # the employer pays the missing 122 in a later register: the row goes
    load(tmp_path, [row(B, "032024", 122, "1700,00", number="late")], name="r2.csv",
         capture=django_capture_on_commit_callbacks)  # fmt: skip
    assert not EmployerArrear.objects.exists()


def test_a_bin_without_a_name_is_kept_by_its_bin(tmp_path, django_capture_on_commit_callbacks):
    lines = employee_months(A, ["032024"], name="") + [row(B, "032024", 121, "2550,00", name="")]
    load(tmp_path, lines, capture=django_capture_on_commit_callbacks)
    found = EmployerArrear.objects.get()
    assert (found.bin, found.name, found.iin) == (EMPLOYER, "", B)


def test_a_bank_paying_self_payers_and_self_payments_are_not_arrears(tmp_path, django_capture_on_commit_callbacks):
    lines = [row(A, p, 122, "4250,00", sender=BANK, name="АО Банк") for p in ("022024", "042024")]
    lines += [row(B, p, 122, "4250,00", sender=BANK, name="АО Банк") for p in ("022024", "032024", "042024")]
    lines += [row(A, "032024", 122, "100,00", sender=A, name="Иванов")]
    load(tmp_path, lines, capture=django_capture_on_commit_callbacks)
    assert employer_arrears_rebuild().rows == 0
    assert not EmployerArrear.objects.exists()


def test_the_nightly_rebuild_writes_everyone_and_drops_stale_rows(tmp_path, django_capture_on_commit_callbacks):
    lines = employee_months(A, ["032024"]) + [row(B, "032024", 121, "2550,00")]
    load(tmp_path, lines, capture=django_capture_on_commit_callbacks)
    stale = EmployerArrear.objects.create(
        bin="000000000000", iin=A, period=date(2020, 1, 1), kind="no_122", paid_121=1, paid_122=0,
        others_paid=True, computed_at=datetime(2020, 1, 2, tzinfo=UTC),
    )  # fmt: skip
    done = employer_arrears_rebuild()
    assert done.rows == 1
    assert not EmployerArrear.objects.filter(pk=stale.pk).exists()
    assert EmployerArrear.objects.get().iin == B


def test_the_nightly_rebuild_is_in_the_beat_schedule():
    from portal.celery import app

    assert app.conf.beat_schedule["employer-arrears"]["task"] == "payments.tasks.employer_arrears_nightly"


def test_a_person_with_two_jobs_at_the_122_cap_is_not_in_arrears(tmp_path, django_capture_on_commit_callbacks):
    """Each employer pays 121 at its own cap and 122 shares one cap (seed 002): 8 500 + 8 500 = 17 000 is complete."""
    second = _bin(2)
    lines = [row(A, "032024", 121, "25500,00"), row(A, "032024", 122, "8500,00"),
             row(A, "032024", 121, "25500,00", sender=second, name="ТОО Екінші"),
             row(A, "032024", 122, "8500,00", sender=second, name="ТОО Екінші")]  # fmt: skip
    lines += employee_months(B, ["032024"]) + employee_months(B, ["032024"], sender=second, name="ТОО Екінші")
    load(tmp_path, lines, capture=django_capture_on_commit_callbacks)
    assert not EmployerArrear.objects.exists()
    # The second employer pays only 3 000 of its share next month: 5 500 is missing, not the 14 000 it alone implies.
    lines = [row(A, "042024", 121, "25500,00"), row(A, "042024", 122, "8500,00"),
             row(A, "042024", 121, "25500,00", sender=second, name="ТОО Екінші"),
             row(A, "042024", 122, "3000,00", sender=second, name="ТОО Екінші")]  # fmt: skip
    lines += employee_months(B, ["042024"]) + employee_months(B, ["042024"], sender=second, name="ТОО Екінші")
    load(tmp_path, lines, name="r2.csv", capture=django_capture_on_commit_callbacks)
    found = {(a.bin, a.kind): a.amount_missing for a in EmployerArrear.objects.filter(period=date(2024, 4, 1))}
    assert found == {(EMPLOYER, "short_122"): Decimal("5500.00"), (second, "short_122"): Decimal("5500.00")}
