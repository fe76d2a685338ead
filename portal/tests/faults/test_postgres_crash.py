"""PostgreSQL stopped (`pg_ctl stop -m immediate`: a crash) in the middle of a register import: afterwards the
file is imported entirely or not at all, and importing it again completes it.

The register is 300,000 rows for 20,000 people (see conftest.reference). The crash is timed from
pg_stat_activity: while a batch of rows streams into the staging table (COPY, a short burst: the crash
comes as soon as one is seen), and while a batch is merged into payments (its INSERT), with earlier batches
already merged in the same transaction. After each crash the cluster restarts, recovers from its WAL, and the tables are
compared with what they held before; the final import is compared with an undisturbed one.
"""

import json
import time

import pytest

from .stack import PAYMENTS_CHECKSUM, PEOPLE_CHECKSUM, wait_for

pytestmark = pytest.mark.services

# The statement of each phase, and how long it has been running when the crash comes (seconds).
PHASES = {"copy": ("COPY payments_staging", 0.0), "merge": ("INSERT INTO payments_payment", 0.2)}


def crash_during(portal, phase: str, process) -> None:
    """Stop PostgreSQL immediately once `phase` has been running for a while in the import."""
    statement, after = PHASES[phase]

    def running() -> bool:
        assert process.poll() is None, "the import ended before the crash"
        return bool(portal.sql(
            "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' "
            "AND query LIKE %s AND now() - query_start > make_interval(secs => %s)", [statement + "%", after],
        ))  # fmt: skip

    wait_for(running, timeout=120, every=0.02, what=f"the import reached its {phase}")
    portal.postgres.stop("immediate")
    assert process.wait(timeout=20) != 0, "the import did not notice the crash"


def restart(portal) -> None:
    log_before = len(portal.postgres.log_tail(10**9))
    portal.postgres.start()
    recovery = portal.postgres.log_tail(10**9)[log_before:]
    assert "not properly shut down" in recovery or "redo" in recovery, recovery[-2000:]


def snapshot(portal) -> tuple:
    return (portal.sql(PAYMENTS_CHECKSUM)[0], portal.sql(PEOPLE_CHECKSUM)[0],
            portal.value("SELECT count(*) FROM payments_quarantinedrow"))  # fmt: skip


def crash_then_import_again(portal, reference, phase: str) -> str:
    before = snapshot(portal)
    process = portal.start_manage("import_register", str(reference.file), log=portal.work / f"{phase}.log")
    try:
        crash_during(portal, phase, process)
    finally:
        if process.poll() is None:
            process.kill()
    restart(portal)
    state, imported = portal.sql("SELECT state, imported FROM payments_register ORDER BY id DESC LIMIT 1")[0]
    assert state != "done" and imported == 0
    assert snapshot(portal) == before, f"a crash during the {phase} left part of the register behind"

    summary = json.loads(portal.manage("import_register", str(reference.file)).stdout)
    assert summary == reference.summary
    assert snapshot(portal) == (reference.payments, reference.people, reference.quarantined)
    return state


def test_a_crash_while_payments_are_merged_leaves_nothing_and_the_next_import_completes(loaded_portal, reference):
    state = crash_then_import_again(loaded_portal, reference, "merge")
    print(f"the crashed import's register was left {state!r}")


def test_a_crash_while_rows_stream_into_staging_leaves_nothing_and_the_next_import_completes(loaded_portal, reference):
    crash_then_import_again(loaded_portal, reference, "copy")


def test_an_import_the_worker_lost_to_a_crash_is_resumed_and_completes(loaded_portal, reference):
    """Through Celery, as staff upload it: the crash kills the worker's import; the register is left
    `running` with nobody holding its import lock, and `resume_registers` (beat's minute task) sends it
    again once the database is back."""
    portal = loaded_portal
    before = snapshot(portal)
    log = portal.work / "worker.log"
    portal.start_worker(log, concurrency=1)
    register_id = int(portal.python(f"""
        from django.core.files import File
        from payments.models import Register
        from payments.tasks import send_import
        register = Register(name="register.csv")
        with open({str(reference.file)!r}, "rb") as handle:
            register.file.save("register.csv", File(handle))
        assert send_import(register.pk)
        print(register.pk)
    """))  # fmt: skip

    class WorkerImport:  # what crash_during watches: the import runs inside the worker
        def poll(self):
            return None

        def wait(self, timeout):
            wait_for(lambda: "import_register" in log.read_text() and "raised unexpected" in log.read_text(),
                     timeout=timeout, what="the worker's import failed")  # fmt: skip
            return 1

    crash_during(portal, "merge", WorkerImport())
    restart(portal)
    assert portal.value("SELECT state FROM payments_register WHERE id = %s", [register_id]) == "running"
    assert snapshot(portal) == before

    portal.python("from payments.tasks import resume_registers\nresume_registers.delay()")  # as beat does
    wait_for(lambda: portal.value("SELECT state FROM payments_register WHERE id = %s", [register_id]) == "done",
             timeout=120, every=0.5, what="the resumed import finished")  # fmt: skip
    rows, imported, duplicates, quarantined = portal.sql(
        "SELECT rows, imported, duplicates, quarantined FROM payments_register WHERE id = %s", [register_id]
    )[0]
    counts = {"rows": rows, "imported": imported, "duplicates": duplicates, "quarantined": quarantined}
    assert counts == reference.summary
    assert snapshot(portal) == (reference.payments, reference.people, reference.quarantined)
    time.sleep(0.5)
