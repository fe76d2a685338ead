"""A Celery worker killed (SIGKILL) in the middle of the nightly recompute: run again, the statuses are exactly
those of a clean run.

20,000 generated people with a year of payments. The clean run is computed first, in one process, straight
from the service; the statuses are then emptied and the real thing is done: `nightly_sweep` through Redis to
a prefork worker, killed with its pool (SIGKILL to the process group) as soon as the first chunks have
committed. A second worker and a second sweep must end on the clean run's checksum, with one change-log
entry per person (the killed chunks left none behind).
"""

import re
import time

import pytest

from .stack import STATUS_CHECKSUM, wait_for

pytestmark = pytest.mark.services

PEOPLE = 20_000
RANGE = 2_500  # people per recompute_range task: 8 tasks over 2 pool processes


def sweep(portal) -> None:
    portal.python(f"from payments.tasks import nightly_sweep\nnightly_sweep.delay(size={RANGE})")


def finished(portal, log) -> bool:
    """The queue is empty and every recompute_range the worker received has succeeded."""
    if portal.redis.client().llen("celery"):
        return False
    text = log.read_text(errors="replace")
    received = len(re.findall(r"Task payments\.tasks\.recompute_range\[[^\]]+\] received", text))
    succeeded = len(re.findall(r"Task payments\.tasks\.recompute_range\[[^\]]+\] succeeded", text))
    return received >= PEOPLE // RANGE and received == succeeded


def test_a_killed_sweep_run_again_gives_the_clean_statuses(portal):
    started = time.monotonic()
    portal.manage("generate_load", "--people", str(PEOPLE), "--out", str(portal.work / "unused.csv"))
    portal.python("from payments.services.recompute import status_recompute_range\n"
                  "status_recompute_range(first='', last=None, trigger='clean')")  # fmt: skip
    clean = portal.sql(STATUS_CHECKSUM)[0]
    assert clean[0] == PEOPLE
    portal.sql("TRUNCATE payments_personstatus, payments_statuschange")

    first_log = portal.work / "worker-1.log"
    worker = portal.start_worker(first_log, name="doomed")
    sweep(portal)
    at_kill = wait_for(lambda: portal.value("SELECT count(*) FROM payments_personstatus"), timeout=120, every=0.02,
                       what="the first chunk of the sweep committed")  # fmt: skip
    portal.kill_worker(worker)
    time.sleep(1)  # the killed backends' transactions roll back
    after_kill = portal.value("SELECT count(*) FROM payments_personstatus")
    assert 0 < after_kill < PEOPLE, f"the worker was not killed mid-sweep ({at_kill} → {after_kill} of {PEOPLE})"
    # acks_late: what the killed worker held is still owed to the queue (Redis redelivers it after the
    # visibility timeout); the sweep below does not wait for that.
    assert portal.redis.client().hlen("unacked") >= 1

    second_log = portal.work / "worker-2.log"
    portal.start_worker(second_log, name="after")
    sweep(portal)
    wait_for(lambda: finished(portal, second_log), timeout=180, every=0.2, what="the second sweep finished")
    assert portal.sql(STATUS_CHECKSUM)[0] == clean
    changes, people = portal.sql("SELECT count(*), count(DISTINCT iin) FROM payments_statuschange")[0]
    assert changes == people == PEOPLE, "a killed chunk left change-log entries behind, or a person has none"
    print(f"killed with {after_kill} of {PEOPLE} statuses written; recovered in {time.monotonic() - started:.0f} s")
