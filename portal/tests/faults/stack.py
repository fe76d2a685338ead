"""Throw-away PostgreSQL and Redis for the fault tests, and the portal run against them in subprocesses.

The fault tests stop, crash and kill things. They must never do that to the machine's shared
PostgreSQL (5432) or Redis (6379), so each test module gets its own cluster (`initdb` into a temporary
folder, on a free port) and its own `redis-server`, and the portal runs in child processes whose
DATABASE_URL and REDIS_URL point at them: `manage.py` commands, short Python scripts and real
`celery worker` processes, exactly as in production.

Plain Python, no pytest: `python -m portal.tests.faults.stack` starts a stack by hand for a look.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_bin(name: str) -> str | None:
    """A PostgreSQL server program: Debian keeps them in /usr/lib/postgresql/<version>/bin, off the PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def missing_programs() -> list[str]:
    wanted = {"initdb": pg_bin("initdb"), "pg_ctl": pg_bin("pg_ctl"), "redis-server": shutil.which("redis-server")}
    return [name for name, path in wanted.items() if not path]


def wait_for(predicate, *, timeout: float, every: float = 0.1, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not reached in {timeout:.0f} s")
        time.sleep(every)


class PrivatePostgres:
    """A PostgreSQL cluster of its own: initdb, start, crash (`-m immediate`), start again, remove."""

    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.log = base / "postgres.log"
        self.port = free_port()
        # PostgreSQL refuses to run as root: the cluster then belongs to the `postgres` user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        base.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            account = pwd.getpwnam("postgres")
            os.chown(base, account.pw_uid, account.pw_gid)

    def _run(self, *args: str, check=True, timeout=120) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *args], check=check, timeout=timeout, capture_output=True, text=True)

    def init(self) -> None:
        self._run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")  # fmt: skip

    def start(self) -> None:
        # fsync off: a stopped *process* loses nothing the kernel holds, and crash recovery is what is tested.
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c max_connections=60 -c shared_buffers=128MB")  # fmt: skip
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "120", "-o", options,
                  "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: every backend dies at once, and the next start recovers from the WAL."""
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def running(self) -> bool:
        return self._run(pg_bin("pg_ctl"), "-D", str(self.data), "status", check=False).returncode == 0

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres"):
        import psycopg

        return psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database, autocommit=True)

    def sql(self, database: str, query: str, params=None) -> list[tuple]:
        with self.connect(database) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""


class PrivateRedis:
    """A redis-server of its own, in memory only; stopped and started again on the same port."""

    def __init__(self, base: Path):
        self.base = base
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.base), "--logfile", str(self.base / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.ping, timeout=20, what="redis-server answers")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None

    def ping(self) -> bool:
        import redis

        try:
            with redis.Redis(port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def client(self, db: int = 0):
        import redis

        return redis.Redis(port=self.port, db=db, socket_connect_timeout=1, socket_timeout=5)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


class Portal:
    """The portal's code run in child processes against one database of the private cluster and the private
    Redis, in the production shape: Celery tasks go through the broker to real worker processes."""

    def __init__(self, postgres: PrivatePostgres, redis: PrivateRedis, database: str, work: Path):
        self.postgres, self.redis, self.database, self.work = postgres, redis, database, work
        work.mkdir(parents=True, exist_ok=True)
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DEBUG")},
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DATABASE_URL": postgres.url(database),
            "REDIS_URL": redis.url(0),
            "MEDIA_ROOT": str(work / "media"),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self._workers: list[subprocess.Popen] = []

    # --- commands and scripts ------------------------------------------------------------------------

    def manage(self, *args: str, timeout: float = 600, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout)  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} exited {done.returncode}:\n{done.stderr[-3000:]}")
        return done

    def start_manage(self, *args: str, log: Path) -> subprocess.Popen:
        handle = open(log, "w")  # noqa: SIM115 - the child writes to it until it ends
        return subprocess.Popen([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, stdout=handle,
                                stderr=subprocess.STDOUT)  # fmt: skip

    def script(self, code: str) -> str:
        """The text of a Python script run with Django set up (for `python` and `start_python`)."""
        return "import django\ndjango.setup()\n" + textwrap.dedent(code)

    def python(self, code: str, *, timeout: float = 600, check: bool = True) -> str:
        """Run Python with Django set up in a child process; returns what it printed."""
        done = subprocess.run([PYTHON, "-c", self.script(code)], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=timeout)  # fmt: skip
        if check and done.returncode != 0:
            raise AssertionError(f"script exited {done.returncode}:\n{done.stderr[-3000:]}")
        return done.stdout

    def start_python(self, code: str, *, log: Path) -> subprocess.Popen:
        handle = open(log, "w")  # noqa: SIM115 - the child writes to it until it ends
        return subprocess.Popen([PYTHON, "-c", self.script(code)], cwd=ROOT, env=self.env, stdout=handle,
                                stderr=subprocess.STDOUT)  # fmt: skip

    # --- Celery ----------------------------------------------------------------------------------------

    def start_worker(self, log: Path, *, concurrency: int = 2, name: str = "w1") -> subprocess.Popen:
        """A real `celery -A portal worker` (prefork) in a process group of its own, so that a SIGKILL takes
        the pool's children down with it, as when a container or a machine dies."""
        handle = open(log, "a")  # noqa: SIM115 - the worker writes to it until it ends
        process = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "portal", "worker", "--loglevel=INFO", "--concurrency", str(concurrency),
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{name}@%h"],
            cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self._workers.append(process)
        wait_for(lambda: "ready." in log.read_text(errors="replace") or process.poll() is not None, timeout=60,
                 what="celery worker ready")  # fmt: skip
        assert process.poll() is None, log.read_text(errors="replace")[-3000:]
        return process

    def kill_worker(self, process: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_workers(self) -> None:
        for process in self._workers:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill_worker(process)
        self._workers.clear()

    # --- reading the database directly (from the test process) ------------------------------------------

    def sql(self, query: str, params=None) -> list[tuple]:
        return self.postgres.sql(self.database, query, params)

    def value(self, query: str, params=None):
        return self.sql(query, params)[0][0]


# Checksums of whole tables, computed by PostgreSQL: equal checksums, equal contents.
STATUS_CHECKSUM = (
    "SELECT count(*), md5(coalesce(string_agg(concat_ws('|', iin, insured, basis, reasons::text, lapse_date, "
    "covered_through), E'\\n' ORDER BY iin), '')) FROM payments_personstatus"
)
PAYMENTS_CHECKSUM = (
    "SELECT count(*), md5(coalesce(string_agg(concat_ws('|', iin, period, knp, number, sender_id, amount, "
    "received_on, state, last_name, first_name, middle_name, sender_name), E'\\n' "
    "ORDER BY iin, period, knp, number, sender_id, amount, received_on), '')) FROM payments_payment"
)
PEOPLE_CHECKSUM = (
    "SELECT count(*), md5(coalesce(string_agg(concat_ws('|', iin, last_name, first_name, middle_name, birth_date, "
    "sex), E'\\n' ORDER BY iin), '')) FROM accounts_person"
)


@contextlib.contextmanager
def private_services(prefix: str = "saq-faults-"):
    """A private PostgreSQL cluster and Redis, removed afterwards (whatever happened)."""
    base = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(base, 0o755)
    postgres = PrivatePostgres(base / "pg")
    redis = PrivateRedis(base)
    try:
        postgres.init()
        postgres.start()
        redis.start()
        yield postgres, redis, base
    finally:
        redis.stop()
        postgres.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


def _stop(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":  # a stack by hand: python -m portal.tests.faults.stack (Ctrl-C or kill removes it)
    signal.signal(signal.SIGINT, _stop)  # a background job starts with SIGINT ignored
    signal.signal(signal.SIGTERM, _stop)
    with private_services() as (pg, rd, folder):
        print(f"PostgreSQL {pg.url('postgres')}  Redis {rd.url()}  in {folder}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()
