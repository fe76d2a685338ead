"""Benchmark of the register import and the status recompute against the goals of the issue (see README.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/saq_bench .venv/bin/python bench/run.py [--people 1000000]
    DATABASE_URL=… .venv/bin/python bench/run.py --skip-generate     # reuse the last generated data

Stages (each bounded by --stage-timeout; the run always ends by itself):
  generate (unless --skip-generate): drop and create the database, migrate, `generate_load`, a 10,000-row
    second register, the first fill of everyone's status (2 processes), VACUUM ANALYZE, and a template
    database `<name>_seed` so that later runs start from exactly the same state;
  measure: plain COPY of the register into an unindexed table; `register_import` of it in a child process
    (time and peak RSS); the bare aggregate scan; the full recompute as the nightly sweep runs it (IIN
    ranges of tasks.SWEEP_CHUNK people, in 2 worker processes); the import of the 10,000-row register and
    the recompute of the people it touched (tasks.recompute_register's chunks, shared by the worker processes).

The settings are production's (DEBUG=false, Redis db 14 for cache and broker): the import's on-commit
`recompute_register.delay` only enqueues a message (nobody consumes it; db 14 is flushed at the end),
so the timed import is only the import.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/saq_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"

GOALS = {
    "import_seconds": 20.0,
    "import_ratio": 15.0,
    "recompute_seconds": 20.0,
    "recompute_ratio": 3.0,
    "touched_seconds": 2.0,
    "import_rss_mb": 300.0,
}


def environment() -> dict[str, str]:
    """Production-like settings for this process and its children."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_URL)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    env.setdefault("DEBUG", "false")
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(60))
    env.setdefault("ALLOWED_HOSTS", "localhost")
    env.setdefault("EMAIL_URL", "consolemail://")
    env.setdefault("REDIS_URL", REDIS_URL)
    env.setdefault("MEDIA_ROOT", "/tmp/saq_bench_media")
    env.setdefault("STATIC_ROOT", "/tmp/saq_bench_static")  # collected for the pages' timing (production storage)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def setup_django() -> None:
    os.environ.update(environment())
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def rss_mb() -> float:
    """Peak RSS of this process in MB: VmHWM, which starts afresh at exec (ru_maxrss keeps the forking
    parent's peak across fork and exec on Linux, so a child would report at least its parent's size)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- children -----------------------------------------------------------------------------------------------


def child_import(path: str) -> None:
    """Run one register_import in this fresh process; print a JSON line with time, memory and a breakdown."""
    setup_django()
    from payments import importing
    from payments.models import Register
    from payments.services import registers
    from payments.staging import Staging

    base_rss = rss_mb()
    marks: dict[str, float] = {}

    def timed(owner, name, label):
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                marks[label] = marks.get(label, 0.0) + time.perf_counter() - start
                marks.setdefault(f"{label}_end", time.perf_counter())

        setattr(owner, name, wrapper)

    timed(registers, "file_sha256", "sha256")
    timed(importing, "count_lines", "count_lines")
    timed(Staging, "_merge_batch", "merging")  # in the helper thread, while the next batch is read
    timed(Staging, "merge", "last_merge")
    timed(Staging, "create_people", "create_people")

    register = Register.objects.create(name=Path(path).name)
    start = time.perf_counter()
    register = registers.register_import(register, path=Path(path))
    seconds = time.perf_counter() - start
    # Until the first call of Staging.merge, the rows are read and checked while earlier batches merge.
    stream = marks["last_merge_end"] - marks["last_merge"] - start - marks["sha256"] - marks["count_lines"]
    breakdown = {
        "sha256": marks["sha256"],
        "count_lines": marks["count_lines"],
        "read_check_and_merge": stream,
        "last_merge": marks["last_merge_end"] - start - stream - marks["sha256"] - marks["count_lines"],
        "create_people": marks["create_people"],
        "commit_and_rest": seconds - (marks["last_merge_end"] - start) - marks["create_people"],
        "merging_overlapped": marks["merging"],
    }
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb(), "base_rss_mb": base_rss, "register": register.pk,
                      "summary": register.summary(), "breakdown": breakdown}))  # fmt: skip


def _worker_init() -> None:
    setup_django()


def _worker_range(bounds: tuple[str, str | None]) -> tuple[int, int, float]:
    from payments.services import recompute

    start = time.perf_counter()
    result = recompute.status_recompute_range(first=bounds[0], last=bounds[1], trigger="nightly")
    return result.people, result.changed, time.perf_counter() - start


def _worker_people(iins: list[str]) -> int:
    from payments.services import recompute

    return recompute.status_recompute(iins=iins, trigger="bench").changed


def _worker_ready(_: int) -> int:
    time.sleep(1.0)  # both workers take one: they are both up before the clock starts
    return os.getpid()


# --- the run --------------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.env = environment()
        url = urlparse(self.env["DATABASE_URL"])
        self.db = url.path.lstrip("/")
        if not self.db.startswith("saq_bench"):
            sys.exit(f"refusing to drop and recreate {self.db!r}: the bench database's name must start with saq_bench")
        self.seed_db = f"{self.db}_seed"
        self.admin_dsn = f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} user={url.username or 'postgres'} dbname=postgres"  # noqa: E501
        self.dsn = f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} user={url.username or 'postgres'} dbname={self.db}"  # noqa: E501
        self.work = Path(args.workdir)
        self.work.mkdir(parents=True, exist_ok=True)
        self.results: dict[str, object] = {}
        self.started = time.monotonic()

    @staticmethod
    def dsn_of() -> str:
        url = urlparse(environment()["DATABASE_URL"])
        return f"host={url.hostname or '127.0.0.1'} port={url.port or 5432} user={url.username or 'postgres'} dbname={url.path.lstrip('/')}"  # noqa: E501

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:7.1f}s] {text}", flush=True)

    def sql(self, statement: str, *, admin: bool = False, fetch: bool = False):
        import psycopg

        with psycopg.connect(self.admin_dsn if admin else self.dsn, autocommit=True) as conn:
            rows = conn.execute(statement)
            return rows.fetchall() if fetch else None

    def run(self, argv: list[str], *, timeout: float | None = None) -> str:
        timeout = timeout or self.args.stage_timeout
        done = subprocess.run(argv, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            sys.stderr.write(done.stdout[-5000:] + done.stderr[-5000:])
            raise RuntimeError(f"{' '.join(argv[:4])} … exited {done.returncode}")
        return done.stdout

    def manage(self, *words: str) -> str:
        return self.run([sys.executable, str(ROOT / "manage.py"), *words])

    def quiesce(self) -> None:
        """Flush dirty buffers between stages, so that no stage pays for the one before; note how busy the
        machine is (other sessions' work shows here: the figures are only as good as the machine was quiet)."""
        self.sql("CHECKPOINT")
        self.results.setdefault("load_average", []).append(round(os.getloadavg()[0], 2))

    # --- generating -----------------------------------------------------------------------------------

    def generate(self) -> None:
        a = self.args
        self.sql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", admin=True)
        self.sql(f"DROP DATABASE IF EXISTS {self.seed_db} WITH (FORCE)", admin=True)
        self.sql(f"CREATE DATABASE {self.db}", admin=True)
        self.manage("migrate", "--noinput", "-v", "0")
        self.say(f"database {self.db} created and migrated")
        start = time.perf_counter()
        out = self.manage("generate_load", "--people", str(a.people), "--months", str(a.months), "--seed",
                          str(a.seed), "--register-rows", str(a.register_rows or a.people), "--out",
                          str(self.big), "--tag", "R")  # fmt: skip
        self.results["generate_seconds"] = time.perf_counter() - start
        print(out.rstrip(), flush=True)
        out = self.manage("generate_load", "--people", str(a.people), "--months", str(a.months), "--seed",
                          str(a.seed), "--register-rows", str(a.small_rows), "--out", str(self.small), "--tag",
                          "S", "--register-only")  # fmt: skip
        print(out.rstrip(), flush=True)
        self.say(f"generated in {self.results['generate_seconds']:.1f}s")
        seconds, people, changed = self.full_recompute()
        self.results["first_fill"] = {"seconds": seconds, "people": people, "changed": changed}
        self.say(f"first fill of statuses: {people} people, {changed} written, {seconds:.1f}s")
        for table in ("payments_personstatus", "payments_statuschange"):
            self.sql(f"VACUUM ANALYZE {table}")
        self.sql(f"CREATE DATABASE {self.seed_db} TEMPLATE {self.db} STRATEGY FILE_COPY", admin=True)
        meta = vars(a) | {key: self.results[key] for key in ("first_fill", "generate_seconds")}
        (self.work / "meta.json").write_text(json.dumps(meta))
        self.say(f"template {self.seed_db} saved")

    def restore(self) -> None:
        meta = json.loads((self.work / "meta.json").read_text())
        self.args.people = meta["people"]
        self.results["first_fill"] = meta.get("first_fill")
        self.results["generate_seconds"] = meta.get("generate_seconds")
        self.sql(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)", admin=True)
        self.sql(f"CREATE DATABASE {self.db} TEMPLATE {self.seed_db} STRATEGY FILE_COPY", admin=True)
        self.say(f"database {self.db} restored from {self.seed_db} ({self.args.people} people)")
        # The template may predate the newest migrations: bring it up to date, and if the stored statuses
        # lack what the current code compares (their fingerprint), refill them once, untimed.
        self.manage("migrate", "--noinput", "-v", "0")
        missing = self.sql("SELECT count(*) FROM payments_personstatus WHERE digest = ''", fetch=True)[0][0]
        if missing:
            seconds, people, changed = self.full_recompute()
            self.say(f"refilled {changed} statuses for the current code in {seconds:.1f}s (untimed)")
            for table in ("payments_personstatus", "payments_statuschange"):
                self.sql(f"VACUUM ANALYZE {table}")

    @property
    def big(self) -> Path:
        return self.work / "register-big.csv"

    @property
    def small(self) -> Path:
        return self.work / "register-small.csv"

    # --- measuring ------------------------------------------------------------------------------------

    def plain_copy(self) -> float:
        import psycopg

        with psycopg.connect(self.dsn, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS bench_plain_copy")
            conn.execute("CREATE TABLE bench_plain_copy (" + ", ".join(f"c{n} text" for n in range(12)) + ")")
            start = time.perf_counter()
            statement = "COPY bench_plain_copy FROM STDIN (FORMAT csv, DELIMITER ';', HEADER true)"
            with conn.transaction(), conn.cursor() as cursor, cursor.copy(statement) as copy, open(self.big, "rb") as f:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            seconds = time.perf_counter() - start
            rows = conn.execute("SELECT count(*) FROM bench_plain_copy").fetchone()[0]
            conn.execute("DROP TABLE bench_plain_copy")
        self.results["copy"] = {"seconds": seconds, "rows": rows}
        return seconds

    def child_import(self, path: Path) -> dict:
        out = self.run([sys.executable, str(Path(__file__).resolve()), "_import", str(path)])
        return json.loads(out.strip().splitlines()[-1])

    def aggregate_scan(self) -> float:
        import psycopg

        query = "SELECT iin, count(*), sum(amount) FROM payments_payment GROUP BY iin"
        with psycopg.connect(self.dsn) as conn:
            start = time.perf_counter()
            rows = 0
            with conn.cursor(name="bench_scan") as cursor:  # server-side: streamed, memory stays flat
                cursor.itersize = 10_000
                cursor.execute(query)
                while batch := cursor.fetchmany(10_000):
                    rows += len(batch)
            seconds = time.perf_counter() - start
            start = time.perf_counter()
            conn.execute(f"SELECT count(*) FROM ({query}) groups").fetchone()
            server = time.perf_counter() - start
            plan = "\n".join(r[0] for r in conn.execute(f"EXPLAIN {query}").fetchall())
        self.results["scan"] = {"seconds": seconds, "groups": rows, "server_only_seconds": server, "plan": plan}
        return seconds

    def full_recompute(self) -> tuple[float, int, int]:
        """The nightly sweep: IIN ranges of SWEEP_CHUNK people, recomputed by --workers processes."""
        import multiprocessing

        setup_django()
        from django.db import connections

        from payments.services import recompute
        from payments.tasks import SWEEP_CHUNK

        context = multiprocessing.get_context("spawn")
        with context.Pool(self.args.workers, initializer=_worker_init) as pool:
            pool.map(_worker_ready, range(self.args.workers), chunksize=1)
            start = time.perf_counter()
            ranges = recompute.iin_ranges(SWEEP_CHUNK)
            connections.close_all()
            pending = pool.map_async(_worker_range, ranges, chunksize=1)
            results = pending.get(timeout=self.args.stage_timeout)
            seconds = time.perf_counter() - start
        return seconds, sum(r[0] for r in results), sum(r[1] for r in results)

    def single_recompute(self) -> tuple[float, int, int]:
        setup_django()
        from accounts.models import Person
        from payments.services.recompute import status_recompute

        start = time.perf_counter()
        result = status_recompute(iins=Person.objects.values_list("iin", flat=True), trigger="bench")
        return time.perf_counter() - start, result.people, result.changed

    def touched_recompute(self, register_id: int) -> tuple[float, int]:
        """As two Celery workers do it: `recompute_register` lists the people and splits them into tasks
        (`touched_chunks`), the two worker processes share the tasks; timed from the listing to the last."""
        import multiprocessing

        setup_django()
        from payments import selectors, tasks

        with multiprocessing.get_context("spawn").Pool(self.args.workers, initializer=_worker_init) as pool:
            pool.map(_worker_ready, range(self.args.workers))
            start = time.perf_counter()
            iins = selectors.register_iins(register_id)
            pool.map(_worker_people, tasks.touched_chunks(iins), chunksize=1)
            seconds = time.perf_counter() - start
        return seconds, len(iins)

    def measure(self) -> None:
        a = self.args
        self.flush_redis()
        self.quiesce()
        seconds = self.plain_copy()
        self.say(f"plain COPY of {self.results['copy']['rows']} rows: {seconds:.2f}s")
        self.quiesce()
        self.results["import"] = self.child_import(self.big)
        self.say(f"import: {self.results['import']['seconds']:.2f}s {self.results['import']['summary']}, "
                 f"peak RSS {self.results['import']['rss_mb']:.0f} MB")  # fmt: skip
        self.quiesce()
        seconds = self.aggregate_scan()
        self.say(f"aggregate scan: {seconds:.2f}s ({self.results['scan']['groups']} groups)")
        self.quiesce()
        seconds, people, changed = self.full_recompute()
        self.results["recompute"] = {"seconds": seconds, "people": people, "changed": changed,
                                     "mode": f"nightly ranges in {a.workers} processes"}  # fmt: skip
        self.say(f"full recompute ({a.workers} processes): {seconds:.2f}s, {people} people, {changed} written")
        if a.single:
            self.quiesce()
            seconds, people, changed = self.single_recompute()
            self.results["recompute_single"] = {"seconds": seconds, "people": people, "changed": changed}
            self.say(f"full recompute (1 process): {seconds:.2f}s, {changed} written")
        self.quiesce()
        self.results["small_import"] = self.child_import(self.small)
        self.say(f"small import: {self.results['small_import']['seconds']:.2f}s "
                 f"{self.results['small_import']['summary']}")  # fmt: skip
        self.quiesce()
        seconds, people = self.touched_recompute(self.results["small_import"]["register"])
        self.results["touched"] = {"seconds": seconds, "people": people}
        self.say(f"touched recompute: {seconds:.2f}s for {people} people")
        self.quiesce()
        self.results["arrears"] = self.arrears_rebuild()
        self.say(f"arrears, nightly rebuild: {self.results['arrears']['seconds']:.2f}s")
        self.quiesce()
        self.results["figures"] = self.figures()
        f = self.results["figures"]
        self.say(f"figures: refresh {f['refresh_seconds']:.2f}s, one past month {f['month_seconds']:.2f}s; "
                 f"page {f['page_ms']:.2f} ms, home {f['home_ms']:.2f} ms")  # fmt: skip
        self.flush_redis()

    def arrears_rebuild(self) -> dict:
        """Every employer's arrears, as the nightly task rebuilds them (decision 0021)."""
        setup_django()
        from payments.services.arrears import employer_arrears_rebuild

        start = time.perf_counter()
        rebuilt = employer_arrears_rebuild()
        return {"seconds": time.perf_counter() - start, "rows": rebuilt.rows}

    def figures(self, requests: int = 300, rounds: int = 3) -> dict:
        """The fund in figures (decision 0022): the refresh after a recompute, one past month counted by the rules,
        and the public page against the home page, per request in this process (best of `rounds`, interleaved)."""
        setup_django()
        from datetime import timedelta

        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        from payments.services.status_groups import groups_on
        from transparency import services

        start = time.perf_counter()
        refreshed = services.figures_refresh()
        refresh = time.perf_counter() - start
        start = time.perf_counter()
        groups_on(timezone.localdate().replace(day=1) - timedelta(days=1))
        month = time.perf_counter() - start
        call_command("collectstatic", interactive=False, verbosity=0)
        client = Client(HTTP_HOST="localhost")
        start = time.perf_counter()
        first = client.get("/en/transparency/", secure=True)  # every table rendered: the first view after a refresh
        cold = time.perf_counter() - start
        if first.status_code != 200 or b"insured-today-table" not in first.content:
            raise RuntimeError(f"the figures page answered {first.status_code}")
        best = {"/en/transparency/": float("inf"), "/en/": float("inf")}
        for _ in range(rounds):
            for path in best:
                start = time.perf_counter()
                for _ in range(requests):
                    client.get(path, secure=True)
                best[path] = min(best[path], (time.perf_counter() - start) / requests * 1000)
        return {"refresh_seconds": refresh, "people": refreshed.people, "month_seconds": month,
                "page_cold_ms": cold * 1000, "page_ms": best["/en/transparency/"], "home_ms": best["/en/"]}  # fmt: skip

    def flush_redis(self) -> None:
        import redis

        redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()

    # --- report ---------------------------------------------------------------------------------------

    def report(self) -> None:
        r = self.results
        imp, rec = r["import"], r["recompute"]
        rows = [
            ("plain COPY of the register (unindexed table)", f"{r['copy']['seconds']:.2f} s", "", ""),
            ("register_import, end to end", f"{imp['seconds']:.2f} s", "≤ 20 s", imp["seconds"] <= 20),
            ("  import / COPY", f"{imp['seconds'] / r['copy']['seconds']:.1f}×", "≤ 15×",
             imp["seconds"] / r["copy"]["seconds"] <= 15),
            ("bare aggregate scan (GROUP BY iin)", f"{r['scan']['seconds']:.2f} s", "", ""),
            (f"full recompute ({rec['mode']})", f"{rec['seconds']:.2f} s", "≤ 20 s", rec["seconds"] <= 20),
            ("  recompute / scan", f"{rec['seconds'] / r['scan']['seconds']:.1f}×", "≤ 3×",
             rec["seconds"] / r["scan"]["seconds"] <= 3),
            (f"recompute touched by a {self.args.small_rows}-row register ({r['touched']['people']} people)",
             f"{r['touched']['seconds']:.2f} s", "≤ 2 s", r["touched"]["seconds"] <= 2),
            ("peak RSS of the import process (big register)", f"{imp['rss_mb']:.0f} MB", "≤ 300 MB",
             imp["rss_mb"] <= 300),
            ("peak RSS of the import process (small register)", f"{r['small_import']['rss_mb']:.0f} MB", "≤ 300 MB",
             r["small_import"]["rss_mb"] <= 300),
            ("employer arrears, nightly rebuild of every employer", f"{r['arrears']['seconds']:.2f} s", "", ""),
            ("figures refresh (after recomputes and nightly)", f"{r['figures']['refresh_seconds']:.2f} s", "", ""),
            ("figures: one past month counted by the rules", f"{r['figures']['month_seconds']:.2f} s", "", ""),
            ("figures page, per request (home page below)", f"{r['figures']['page_ms']:.2f} ms",
             "≤ home", r["figures"]["page_ms"] <= r["figures"]["home_ms"] * 1.1),
            ("home page, per request", f"{r['figures']['home_ms']:.2f} ms", "", ""),
            ("figures page, first view after a refresh", f"{r['figures']['page_cold_ms']:.0f} ms", "", ""),
        ]  # fmt: skip
        width = max(len(row[0]) for row in rows)
        print()
        print(f"Saqtandyru bench: {self.args.people} people, {self.results.get('payments', '?')} payments before "
              f"the import, register of {r['copy']['rows']} rows")  # fmt: skip
        print(f"{'figure':<{width}}  {'measured':>10}  {'goal':>9}  result")
        print("-" * (width + 33))
        for name, value, goal, ok in rows:
            verdict = "" if ok == "" else ("PASS" if ok else "FAIL")
            print(f"{name:<{width}}  {value:>10}  {goal:>9}  {verdict}")
        print()
        b = imp["breakdown"]
        print("import breakdown: " + ", ".join(f"{k} {v:.2f}s" for k, v in b.items()))
        print(f"import summary: {imp['summary']}; small import {r['small_import']['seconds']:.2f}s "
              f"{r['small_import']['summary']}")  # fmt: skip
        print(f"import RSS before the import (Django loaded): {imp['base_rss_mb']:.0f} MB")
        print(f"recompute: {rec['people']} people, {rec['changed']} statuses written")
        if "recompute_single" in r:
            s = r["recompute_single"]
            print(f"recompute in one process (status_recompute over all IINs): {s['seconds']:.2f}s, {s['changed']} "
                  "written")  # fmt: skip
        if r.get("first_fill"):
            f = r["first_fill"]
            print(f"first fill (empty status table, everyone written): {f['seconds']:.2f}s, {f['changed']} written")
        print(f"scan server-side only (no rows sent): {r['scan']['server_only_seconds']:.2f}s; plan:")
        print("  " + r["scan"]["plan"].replace("\n", "\n  "))
        print(f"1-minute load average before each timed stage: {r.get('load_average')} (2 cores)")
        (self.work / "results.json").write_text(json.dumps(self.results, indent=2, default=str))
        print(f"\nresults in {self.work / 'results.json'}; whole run {time.monotonic() - self.started:.0f}s")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_import":
        child_import(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--register-rows", type=int, default=None, help="rows of the big register (default: people)")
    parser.add_argument("--small-rows", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="processes for the full recompute")
    parser.add_argument("--single", action="store_true", help="also time the full recompute in one process")
    parser.add_argument("--skip-generate", action="store_true", help="restore the data of the last generation")
    parser.add_argument("--stage-timeout", type=float, default=1800, help="seconds any one stage may take")
    parser.add_argument("--workdir", default="/tmp/saq_bench", help="register files, template metadata, results")
    bench = Bench(parser.parse_args())
    if bench.args.skip_generate:
        bench.restore()
    else:
        bench.generate()
    bench.results["payments"] = bench.sql("SELECT count(*) FROM payments_payment", fetch=True)[0][0]
    bench.measure()
    bench.report()


if __name__ == "__main__":
    main()
