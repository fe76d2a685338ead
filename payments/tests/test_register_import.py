"""Importing registers into the database: every good row lands, bad rows go to quarantine, all or nothing."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts import iin as iin_rules
from accounts.models import Person
from payments import importing
from payments.models import Payment, PersonStatus, QuarantinedRow, Register
from payments.services.registers import register_import
from payments.tasks import import_and_recompute

from .registers import EMPLOYER, line, write

pytestmark = pytest.mark.django_db(transaction=True)

A = iin_rules.compose(date(1990, 1, 1), "M", 1)
B = iin_rules.compose(date(1985, 5, 5), "F", 2)


def run(path) -> dict:
    out = StringIO()
    call_command("import_register", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_good_rows_land_bad_rows_are_quarantined_and_people_are_created(tmp_path):
    path = write(tmp_path, [
        line(A, number="1"),
        line(B, number="2", knp="121", sender=EMPLOYER, amount="2550", last="Петрова", first="Анна"),
        line(B, number="2", knp="121", sender=EMPLOYER, amount="2550", last="Петрова", first="Анна"),  # twice in file
        line(B, number="3", knp="119", sender=EMPLOYER),
        line(B[:11] + str((int(B[11]) + 1) % 10), number="4"),
    ])  # fmt: skip
    assert run(path) == {"rows": 5, "imported": 2, "duplicates": 1, "quarantined": 2}
    assert Payment.objects.count() == 2
    person = Person.objects.get(iin=B)
    assert (person.last_name, person.birth_date, person.sex) == ("Петрова", date(1985, 5, 5), "F")
    assert list(QuarantinedRow.objects.values_list("line", "reason")) == [(5, "not_osms"), (6, "iin")]
    register = Register.objects.get()
    assert register.state == "done" and register.sha256


def test_same_file_twice_changes_nothing(tmp_path):
    path = write(tmp_path, [line(A, number="1"), line(A, number="2", period="102024"), "broken;row"])
    first = run(path)
    counts = (Payment.objects.count(), QuarantinedRow.objects.count(), Person.objects.count())
    second = run(path)
    assert first == {"rows": 3, "imported": 2, "duplicates": 0, "quarantined": 1}
    assert second == {"rows": 3, "imported": 0, "duplicates": 2, "quarantined": 1}
    assert (Payment.objects.count(), QuarantinedRow.objects.count(), Person.objects.count()) == counts


def test_overlapping_register_imports_only_the_new_rows(tmp_path):
    run(write(tmp_path, [line(A, number="1")], name="a.csv"))
    assert run(write(tmp_path, [line(A, number="1"), line(B, number="9")], name="b.csv"))["imported"] == 1
    assert Payment.objects.count() == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"a;b;c\n1;2;3\n", "header"),
        (
            b"received_on;number;knp;sender_id;sender_name;iin;last_name;first_name;middle_name;amount;period;state\n"
            b"10.12.2024;1;122;x;\xc0\xc1;x;x;x;x;1;112024;accepted\n",
            "UTF-8",
        ),
    ],
)
def test_a_refused_file_stores_nothing(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run(path)
    assert not Payment.objects.exists() and not QuarantinedRow.objects.exists() and not Person.objects.exists()
    assert Register.objects.get().state == "refused"


def test_a_bad_byte_late_in_the_file_leaves_nothing_half_written(tmp_path):
    good = [line(A, number=str(n), period="112024") for n in range(3000)]
    path = write(tmp_path, good)
    path.write_bytes(path.read_bytes() + b"10.12.2024;x;122;\xff;x\n")
    with pytest.raises(importing.FileRefused):
        register_import(Register.objects.create(name="late.csv"), path=path)
    assert not Payment.objects.exists() and not Person.objects.exists()


def test_import_recomputes_the_people_it_touched(tmp_path, django_capture_on_commit_callbacks):
    months = [f"{m:02d}{y}" for y, m in [(2023, 10), (2023, 11), (2023, 12)] + [(2024, m) for m in range(1, 10)]]
    path = write(tmp_path, [line(A, number=str(n), period=p) for n, p in enumerate(months)])
    with django_capture_on_commit_callbacks(execute=True):
        import_and_recompute(Register.objects.create(name="r.csv"), path=path)
    status = PersonStatus.objects.get(person_id=A)
    assert status.person.status_changes.get().trigger.startswith("register:")


def test_xlsx_register(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(importing.HEADER))
    book.active.append(["10.12.2024", "77", "122", A, "", A, "Иванов", "Иван", "", "4250", "112024", "accepted"])
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert run(path) == {"rows": 1, "imported": 1, "duplicates": 0, "quarantined": 0}


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(tmp_path / "nope.csv")
