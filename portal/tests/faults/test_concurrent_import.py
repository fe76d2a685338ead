"""The same register imported twice at the same time: the result is that of importing it once.

Two ways it happens: the same file given to two `manage.py import_register` runs (two registers, one file),
and one uploaded register whose task is delivered twice (acks_late redelivery while the first delivery still
runs, or a resend by `resume_registers`). Both runs are real processes on the 300,000-row register, started
together; the tables are compared with one undisturbed import (conftest.reference).
"""

import json

import pytest

from .conftest import LOADED, _fresh
from .stack import PAYMENTS_CHECKSUM, PEOPLE_CHECKSUM

pytestmark = pytest.mark.services


def tables(portal) -> tuple:
    return (portal.sql(PAYMENTS_CHECKSUM)[0], portal.sql(PEOPLE_CHECKSUM)[0],
            portal.value("SELECT count(*) FROM payments_quarantinedrow"))  # fmt: skip


def finish(processes, logs) -> list[int]:
    try:
        codes = [process.wait(timeout=300) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
    for code, log in zip(codes, logs, strict=True):
        assert code == 0, log.read_text()[-3000:]
    return codes


@pytest.fixture(scope="module")
def two_commands_at_once(private_stack, reference):
    """Two `manage.py import_register` of the same file, started together; (portal, their summaries)."""
    for portal in _fresh(private_stack, LOADED):
        logs = [portal.work / f"import-{n}.log" for n in (1, 2)]
        finish([portal.start_manage("import_register", str(reference.file), log=log) for log in logs], logs)
        summaries = [json.loads(log.read_text().strip().splitlines()[-1]) for log in logs]
        yield portal, sorted(summaries, key=lambda s: -s["imported"])


def test_one_file_given_to_two_import_commands_at_once_lands_once(two_commands_at_once, reference):
    portal, summaries = two_commands_at_once
    payments, people, _ = tables(portal)
    assert (payments, people) == (reference.payments, reference.people)
    # One register did the import; the other reports what a second, later run reports.
    again = {**reference.summary, "imported": 0,
             "duplicates": reference.summary["imported"] + reference.summary["duplicates"]}  # fmt: skip
    assert summaries == [reference.summary, again]


def test_one_file_given_to_two_import_commands_at_once_quarantines_its_bad_rows_once(two_commands_at_once, reference):
    portal, _ = two_commands_at_once
    assert tables(portal)[2] == reference.quarantined


def test_one_register_delivered_twice_at_once_is_imported_once(loaded_portal, reference):
    portal = loaded_portal
    register_id = int(portal.python(f"""
        from django.core.files import File
        from payments.models import Register
        register = Register(name="register.csv")
        with open({str(reference.file)!r}, "rb") as handle:
            register.file.save("register.csv", File(handle))
        print(register.pk)
    """))  # fmt: skip
    deliver = f"from payments.tasks import import_register\nprint(import_register({register_id}))"
    logs = [portal.work / f"delivery-{n}.log" for n in (1, 2)]
    finish([portal.start_python(deliver, log=log) for log in logs], logs)
    assert tables(portal) == (reference.payments, reference.people, reference.quarantined)
    rows, imported, duplicates, quarantined, state = portal.sql(
        "SELECT rows, imported, duplicates, quarantined, state FROM payments_register WHERE id = %s", [register_id]
    )[0]
    counts = {"rows": rows, "imported": imported, "duplicates": duplicates, "quarantined": quarantined}
    assert state == "done" and counts == reference.summary
