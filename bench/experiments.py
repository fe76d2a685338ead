"""Measured prototypes behind the proposals in README.md: what the import and the recompute could do instead.

Run after `bench/run.py` (same DATABASE_URL and --workdir). Nothing here changes the project's code, and
every experiment that writes to the database does it in a transaction that is rolled back, except
`recompute`, which by default only reads (`--write` upserts what changed, like the real recompute).

    .venv/bin/python bench/experiments.py read      # reading and checking the register, no database
    .venv/bin/python bench/experiments.py merge     # the import's SQL steps with EXPLAIN ANALYZE, and alternatives
    .venv/bin/python bench/experiments.py recompute # the full recompute from per-month sums made in SQL
    .venv/bin/python bench/experiments.py touched   # finding the people a register touched
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: environment and Django set-up)

# --- reading and checking ------------------------------------------------------------------------------------


def read(args) -> None:
    run.setup_django()
    from accounts import iin as iin_rules
    from payments import importing, staging

    path = Path(args.workdir) / "register-big.csv"

    def consume(rows) -> float:
        start = time.perf_counter()
        for _ in rows:
            pass
        return time.perf_counter() - start

    def csv_only():
        rows = importing._csv_rows(path)
        next(rows)
        yield from rows

    print(f"csv.reader only:                  {consume(csv_only()):.2f}s")
    print(f"importing.read (parse + check):   {consume(importing.read(path)):.2f}s")

    def with_copy_lines():
        s = staging.Staging.__new__(staging.Staging)  # the add() formatting without a database
        s.postgres, s.rows, s.bad, s._buffer = True, 0, 0, []
        s._flush = lambda: s._buffer.clear()
        for row in importing.read(path):
            s.add(row)
            yield row

    print(f"read + Staging.add formatting:    {consume(with_copy_lines()):.2f}s")

    profile = cProfile.Profile()
    profile.enable()
    consume(with_copy_lines())
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(14)
    print("\n".join(out.getvalue().splitlines()[:40]))

    # Proposal: memoised number checks (senders repeat: a few thousand employers' BINs) and a check digit
    # without lists and zip.
    weights1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
    weights2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

    @lru_cache(maxsize=65536)
    def fast_valid(number: str) -> bool:
        if len(number) != 12 or not (number.isascii() and number.isdigit()):
            return False
        digits = [ord(c) - 48 for c in number]
        r = sum(d * w for d, w in zip(digits, weights1)) % 11  # noqa: B905
        if r == 10:
            r = sum(d * w for d, w in zip(digits, weights2)) % 11  # noqa: B905
            if r == 10:
                return False
        return r == digits[11]

    original = iin_rules.is_valid
    derive = iin_rules.derive
    iin_rules.is_valid = fast_valid
    iin_rules.derive = lru_cache(maxsize=1 << 20)(derive)
    try:
        print(f"read + add, memoised number checks and derive: {consume(with_copy_lines()):.2f}s")
    finally:
        iin_rules.is_valid, iin_rules.derive = original, derive


# --- the import's SQL --------------------------------------------------------------------------------------


def merge(args) -> None:
    run.setup_django()
    from django.db import connection, transaction

    from payments import importing
    from payments.models import Register
    from payments.staging import TABLE, Staging

    path = Path(args.workdir) / "register-big.csv"

    import psycopg

    def checkpoint():  # from another connection: each variant starts with the same full-page-image debt
        with psycopg.connect(run.Bench.dsn_of(), autocommit=True) as other:
            other.execute("CHECKPOINT")

    def explain(cursor, sql, params=()):
        checkpoint()
        start = time.perf_counter()
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, WAL, TIMING OFF) " + sql, params)
        seconds = time.perf_counter() - start
        return seconds, "\n    ".join(row[0] for row in cursor.fetchall())

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            register = Register.objects.create(name="experiment")
            staging = Staging()
            start = time.perf_counter()
            for row in importing.read(path):
                staging.add(row)
            staging.close_input()
            print(f"read + check + COPY into staging: {time.perf_counter() - start:.2f}s ({staging.rows} rows)")
            cursor = connection.cursor()
            cursor.execute("SAVEPOINT before_merge")
            seconds, plan = explain(
                cursor,
                "INSERT INTO payments_payment (register_id, received_on, number, knp, sender_id, sender_name, iin, "
                "last_name, first_name, middle_name, amount, period, state) "
                f"SELECT %s, received_on, number, knp, sender_id, sender_name, iin, last_name, first_name, "
                f"middle_name, amount, period, state FROM {TABLE} WHERE reason IS NULL ORDER BY iin, period "
                "ON CONFLICT DO NOTHING",
                [register.pk],
            )
            print(f"merge as it is: {seconds:.2f}s\n    {plan}")
            cursor.execute("ROLLBACK TO SAVEPOINT before_merge")
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            seconds, plan = explain(
                cursor,
                "INSERT INTO payments_payment (register_id, received_on, number, knp, sender_id, sender_name, iin, "
                "last_name, first_name, middle_name, amount, period, state) "
                f"SELECT %s, received_on, number, knp, sender_id, sender_name, iin, last_name, first_name, "
                f"middle_name, amount, period, state FROM {TABLE} WHERE reason IS NULL ORDER BY iin, period "
                "ON CONFLICT DO NOTHING",
                [register.pk],
            )
            print(f"merge after ANALYZE of the staging table, work_mem 256MB: {seconds:.2f}s\n    {plan}")
            cursor.execute("ROLLBACK TO SAVEPOINT before_merge")
            cursor.execute("RESET work_mem")
            seconds, plan = explain(
                cursor,
                "INSERT INTO payments_payment (register_id, received_on, number, knp, sender_id, sender_name, iin, "
                "last_name, first_name, middle_name, amount, period, state) "
                f"SELECT %s, received_on, number, knp, sender_id, sender_name, iin, last_name, first_name, "
                f"middle_name, amount, period, state FROM {TABLE} WHERE reason IS NULL "
                "ON CONFLICT DO NOTHING",
                [register.pk],
            )
            print(f"merge without ORDER BY: {seconds:.2f}s\n    {plan}")
            seconds, plan = explain(
                cursor,
                "INSERT INTO accounts_person (iin, last_name, first_name, middle_name, birth_date, sex, residency, "
                "region, created_at, updated_at) "
                f"SELECT iin, max(last_name), max(first_name), max(middle_name), max(birth_date), max(sex), "
                f"'citizen', '', now(), now() FROM {TABLE} WHERE reason IS NULL GROUP BY iin ON CONFLICT DO NOTHING",
            )
            print(f"create_people as it is: {seconds:.2f}s\n    {plan}")
            cursor.execute("ROLLBACK TO SAVEPOINT before_merge")
            seconds, plan = explain(
                cursor,
                "INSERT INTO accounts_person (iin, last_name, first_name, middle_name, birth_date, sex, residency, "
                "region, created_at, updated_at) "
                f"SELECT iin, max(last_name), max(first_name), max(middle_name), max(birth_date), max(sex), "
                f"'citizen', '', now(), now() FROM {TABLE} s WHERE reason IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM accounts_person p WHERE p.iin = s.iin) GROUP BY iin ON CONFLICT DO NOTHING",
            )
            print(f"create_people, anti-join first: {seconds:.2f}s\n    {plan}")
            raise Rollback
    except Rollback:
        print("(rolled back)")


# --- the recompute from per-month sums -----------------------------------------------------------------------

MONTH_SUMS = """
SELECT iin, period,
       sum(amount) FILTER (WHERE knp = 122 AND sender_id <> iin),
       sum(amount) FILTER (WHERE knp = 122 AND sender_id = iin),
       sum(amount) FILTER (WHERE knp = 121)
FROM payments_payment
WHERE iin = ANY(%(iins)s) AND received_on <= %(on)s AND state = 'accepted' AND knp IN (121, 122)
GROUP BY iin, period
"""
# A range predicate (iin >= first AND iin < last) is planned as a parallel seq scan of the whole table with JIT
# (payments are stored month by month, so IIN order and heap order do not correlate): 0.5-1.5 s per range.
# An array of a chunk's IINs is planned as index probes, like the service's IN (...): tens of milliseconds.
CHUNK = 2000


def _range_from_sums(bounds, write: bool, trigger: str = "experiment") -> tuple[int, int, int, dict]:
    """One nightly range, read as per-month sums (at most three facts a month): the engine's answer is the same,
    because _Ledger only ever adds amounts up per month and book. Returns (people, differing, written, times)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from payments import services, status
    from payments.models import PersonStatus
    from payments.selectors import rulebook

    first, last = bounds
    on = timezone.localdate()
    self_amounts = rulebook().self_payer_amounts()
    times = defaultdict(float)
    params = {"first": first, "last": last or "a", "on": on}  # "a" sorts after every IIN: no OR, index range
    t = time.perf_counter()
    facts: dict[str, list] = defaultdict(list)
    Fact = status.PaymentFact
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT iin, birth_date FROM accounts_person WHERE iin >= %(first)s AND iin < %(last)s ORDER BY iin",
            params,
        )
        births = cursor.fetchall()
        iins = [iin for iin, _ in births]
        for start in range(0, len(iins), CHUNK):
            cursor.execute(MONTH_SUMS, {"iins": iins[start : start + CHUNK], "on": on})
            for iin, period, other, own, t121 in cursor.fetchall():
                book = facts[iin]
                if other is not None:
                    book.append(Fact(period, 122, other, on, False))
                if own is not None:
                    book.append(Fact(period, 122, own, on, True))
                if t121 is not None:
                    book.append(Fact(period, 121, t121, on, False))
        times["payments"] += time.perf_counter() - t
        t = time.perf_counter()
        cursor.execute(
            'SELECT person_id, category_id, start, "end" FROM payments_categorymembership WHERE person_id >= %(first)s '
            "AND person_id < %(last)s AND start <= %(on)s",
            params,
        )
        spans = defaultdict(list)
        for iin, code, start, end in cursor.fetchall():
            spans[iin].append(status.CategorySpan(code, start, end))
        times["people_categories"] += time.perf_counter() - t
    t = time.perf_counter()
    stored = {
        row[0]: row[1:]
        for row in PersonStatus.objects.filter(person_id__gte=first, **({"person_id__lt": last} if last else {}))
        .values_list("person_id", "insured", "basis", "reasons", "lapse_date", "covered_through")
        .iterator(chunk_size=10_000)
    }
    times["stored"] += time.perf_counter() - t
    t = time.perf_counter()
    differing = []
    for iin, birth in births:
        result = status.evaluate(on=on, payments=facts.get(iin, ()), categories=spans.get(iin, ()), birth_date=birth,
                                 iin=iin, self_amounts=self_amounts)  # fmt: skip
        new = (result.insured, result.basis or "", services.reasons_as_json(result.reasons), result.lapse_date,
               result.covered_through or "")  # fmt: skip
        if stored.get(iin) != new:
            differing.append(iin)
    times["evaluate"] += time.perf_counter() - t
    written = 0
    if write and differing:
        t = time.perf_counter()
        with transaction.atomic():
            written = services.status_recompute(iins=differing, trigger=trigger).changed
        times["write"] += time.perf_counter() - t
    return len(births), len(differing), written, dict(times)


def _worker(bounds):
    return _range_from_sums(bounds, WRITE)


WRITE = False


def _init(write: bool) -> None:
    global WRITE
    WRITE = write
    run.setup_django()


def recompute(args) -> None:
    import multiprocessing

    run.setup_django()
    from django.db import connection, connections

    from payments import services
    from payments.tasks import SWEEP_CHUNK

    with connection.cursor() as cursor:
        first, last = services.iin_ranges(SWEEP_CHUNK)[30]
        cursor.execute("SELECT iin FROM accounts_person WHERE iin >= %s ORDER BY iin LIMIT %s", [first, CHUNK])
        iins = [row[0] for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + MONTH_SUMS, {"iins": iins, "on": "2026-11-25"})
        print("plan of one range's sums:\n    " + "\n    ".join(r[0] for r in cursor.fetchall()))
    ranges = services.iin_ranges(SWEEP_CHUNK)
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    with context.Pool(args.workers, initializer=_init, initargs=(args.write,)) as pool:
        pool.map(run._worker_ready, range(args.workers), chunksize=1)
        start = time.perf_counter()
        results = pool.map(_worker, ranges, chunksize=1)
        seconds = time.perf_counter() - start
    times = defaultdict(float)
    for *_, part in results:
        for key, value in part.items():
            times[key] += value
    people = sum(r[0] for r in results)
    differing = sum(r[1] for r in results)
    print(f"recompute from per-month sums, {args.workers} processes: {seconds:.2f}s for {people} people; "
          f"{differing} differ from the stored status; {sum(r[2] for r in results)} written")  # fmt: skip
    print("  process-seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in times.items()))

    profile = cProfile.Profile()
    _init(False)
    profile.enable()
    _range_from_sums(ranges[len(ranges) // 2], False)
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(12)
    print("\n".join(out.getvalue().splitlines()[:32]))


def profile_recompute(args) -> None:
    """cProfile of one nightly range with the real service (writes nothing when nothing changed)."""
    run.setup_django()
    from payments import services
    from payments.tasks import SWEEP_CHUNK

    ranges = services.iin_ranges(SWEEP_CHUNK)
    first, last = ranges[len(ranges) // 3]
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    result = services.status_recompute_range(first=first, last=last, trigger="profile")
    profile.disable()
    print(f"one range with the service: {time.perf_counter() - start:.2f}s, {result}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(18)
    print("\n".join(out.getvalue().splitlines()[:44]))


# --- the people a register touched ------------------------------------------------------------------------


def touched(args) -> None:
    run.setup_django()
    from django.db import connection, transaction

    from payments import services
    from payments.models import Register

    register = Register.objects.filter(name="register-small.csv").order_by("-pk").first()
    if register is None:
        sys.exit("run bench/run.py first: no register-small.csv imported")
    start = time.perf_counter()
    iins = services.register_iins(register.pk)
    print(f"register_iins as it is (no index on register_id): {time.perf_counter() - start:.2f}s, {len(iins)} IINs")
    with transaction.atomic(), connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute("CREATE INDEX bench_payment_register_brin ON payments_payment USING brin (register_id)")
        built = time.perf_counter() - start
        start = time.perf_counter()
        again = services.register_iins(register.pk)
        print(f"with a BRIN index on register_id (built in {built:.1f}s): {time.perf_counter() - start:.3f}s, "
              f"{len(again)} IINs")  # fmt: skip
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('bench_payment_register_brin'))")
        print(f"  BRIN size: {cursor.fetchone()[0]}")
        transaction.set_rollback(True)
    start = time.perf_counter()
    services.status_recompute(iins=iins, trigger="experiment")
    print(f"status_recompute of those people alone: {time.perf_counter() - start:.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["read", "merge", "recompute", "profile-recompute", "touched"])
    parser.add_argument("--workdir", default="/tmp/saq_bench")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="recompute: also write what differs")
    args = parser.parse_args()
    {"read": read, "merge": merge, "recompute": recompute, "profile-recompute": profile_recompute,
     "touched": touched}[args.what](args)  # fmt: skip


if __name__ == "__main__":
    main()
