"""The benchmark's load generator: a small, deterministic population whose register imports as intended."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from accounts import iin as iin_rules
from accounts.models import Person
from payments import importing
from payments.models import CategoryMembership, Payment, Register
from payments.services.registers import register_import

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 200
ROWS = 1000


def generate(tmp_path, name="register.csv", **options):
    path = tmp_path / name
    options = {"people": PEOPLE, "register_rows": ROWS, "seed": 7, "month": "102026", "out": path} | options
    call_command("generate_load", stdout=StringIO(), **options)
    return path


def test_population_payments_and_register(tmp_path):
    path = generate(tmp_path)

    people = list(Person.objects.values_list("iin", "birth_date", "sex"))
    assert len(people) == PEOPLE
    assert all(iin_rules.is_valid(iin) for iin, _, _ in people)
    assert all(iin_rules.derive(iin).birth_date == born for iin, born, _ in people)  # the IIN says the birth date
    assert len({sex for _, _, sex in people}) == 2
    assert Person.objects.filter(birth_date__gt=date(2009, 1, 1)).exists()  # children, exempt by age
    assert Person.objects.values("residency").distinct().count() > 1
    assert Person.objects.values("region").distinct().count() > 5
    assert CategoryMembership.objects.exists()

    payments = Payment.objects.count()
    assert 8 * PEOPLE <= payments <= 16 * PEOPLE  # about 12 a person: employees 24, self-payers 12, some none
    periods = set(Payment.objects.values_list("period", flat=True))
    assert periods == {date(2025 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(10, 22)}  # 10.2025 … 09.2026
    assert set(Payment.objects.values_list("knp", flat=True)) == {121, 122}
    stored = set(Payment.objects.values_list("iin", flat=True))
    assert stored <= {iin for iin, _, _ in people}
    assert 0.4 * PEOPLE < len(stored) < 0.8 * PEOPLE  # some have nothing at all
    assert all(iin_rules.is_valid(s) for s in Payment.objects.values_list("sender_id", flat=True).distinct())

    rows = list(importing.read(path))
    assert len(rows) == ROWS
    bad = [row for row in rows if isinstance(row, importing.BadRow)]
    assert len(bad) == ROWS * 5 // 1000  # 0.5%
    assert {row.reason for row in bad} == {importing.IIN, importing.NOT_OSMS, importing.RECEIVED_ON}
    good = [row for row in rows if isinstance(row, importing.GoodRow)]
    months = Counter(row.period for row in good)
    assert months["2026-10-01"] / ROWS >= 0.9  # mostly this month's
    assert len(months) > 1  # and some late payments for earlier months
    assert min(row.received_on for row in good) >= "2025-11-05"  # copies of stored payments keep their dates
    assert max(row.received_on for row in good) < "2026-12-01"  # the rest arrived in the month after October
    new = {row.iin for row in good} - {iin for iin, _, _ in people}
    assert 0 < len(new) <= ROWS // 100

    register = register_import(Register.objects.create(name=path.name), path=path)
    assert register.summary() == {"rows": ROWS, "imported": ROWS - 10 - 5, "duplicates": 10, "quarantined": 5}
    assert Payment.objects.count() == payments + ROWS - 15
    assert Person.objects.count() == PEOPLE + len(new)


def test_same_seed_same_register_another_tag_other_numbers(tmp_path):
    first = generate(tmp_path, "a.csv", register_only=True)
    again = generate(tmp_path, "b.csv", register_only=True)
    other = generate(tmp_path, "c.csv", register_only=True, tag="S")
    assert not Person.objects.exists() and not Payment.objects.exists()  # --register-only touches no database
    assert first.read_bytes() == again.read_bytes()
    numbers = {line.split(";")[1] for line in first.read_text().splitlines()[1:]}
    other_numbers = {line.split(";")[1] for line in other.read_text().splitlines()[1:]}
    assert len(numbers & other_numbers) <= ROWS // 100  # only the deliberate copies of stored payments
