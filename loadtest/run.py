"""`make load`: the portal under a crowd, on loopback, with the production settings, PostgreSQL and Redis.

    .venv/bin/python loadtest/run.py                 # 5-minute steady run (LOAD_SECONDS=60 for a quick one)

Stages (each bounded in time; the run always ends by itself and stops the server it started):
  prepare   database `saq_load` created, migrated and filled once (loadtest/prepare.py), static files collected,
            citizens signed in; Redis db 13 is this run's cache and is emptied before every phase
  server    gunicorn on 127.0.0.1:LOAD_PORT (8765), DEBUG=false, SECURE_SSL_REDIRECT=false (plain HTTP on
            loopback), LOAD_WORKERS (2) gthread workers of LOAD_THREADS (4) threads (1: sync workers), each
            taking at most LOAD_WORKER_CONNECTIONS (its threads) connections at a time,
            DB_CONN_MAX_AGE (60: each thread keeps its database connection)
  peaks     LOAD_PEAK_SECONDS (30) each, LOAD_PEAK_USERS (16) users asking as fast as answered: the trivial view
            /ping (the ceiling), the public check by the web form, by the API, the signed-in status page; run
            in LOAD_PEAK_ROUNDS (3) interleaved rounds (ceiling, form, API, page, ceiling, …), so that a
            shared machine's changing speed weighs on the ceiling and the checks alike
  steady    LOAD_RATE (200) requests/s for LOAD_SECONDS (300): 40% web checks, 40% API checks, 20% status pages,
            arriving open loop as a crowd does (loadtest/crowd.py), latency counted from when each was due
  limiter   one address asks 30 checks by the form and 30 by the API, one /24 network 40: the limiter answers 429
The rate limiter stays on throughout: the crowd comes from many loopback addresses and networks (locustfile.py);
only the budget for everyone together (PUBLIC_LOOKUPS_PER_MINUTE/_HOUR) is sized to the test's crowd.
Prints a table with each figure against its goal and writes it to var/load/report.txt. Exit code 0 whatever
the figures, 1 when the run itself could not be made.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import re
import resource
import secrets
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "load"
BIN = Path(sys.executable).parent
PORT = int(os.environ.get("LOAD_PORT", "8765"))
URL = f"http://127.0.0.1:{PORT}"
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saq_load")
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")
STEADY_SECONDS = int(os.environ.get("LOAD_SECONDS", "300"))
PEAK_SECONDS = int(os.environ.get("LOAD_PEAK_SECONDS", "30"))
PEAK_USERS = int(os.environ.get("LOAD_PEAK_USERS", "16"))
PEAK_ROUNDS = int(os.environ.get("LOAD_PEAK_ROUNDS", "3"))
RATE = float(os.environ.get("LOAD_RATE", "200"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
THREADS = int(os.environ.get("LOAD_THREADS", "4"))
# Each gthread worker takes no more connections than it has threads: a burst queues in the kernel's backlog for
# whichever worker is free, not behind one busy worker (gunicorn's default lets each take 1,000). The crowd's
# requests each come on their own connection, so no connection is kept alive between requests.
WORKER_CONNECTIONS = int(os.environ.get("LOAD_WORKER_CONNECTIONS", str(THREADS)))
PEOPLE = int(os.environ.get("LOAD_PEOPLE", "50000"))
GOAL_RATIO, GOAL_P99_MS = 0.60, 150.0
CHECK_WEB, CHECK_API, MY_STATUS, PING = (
    "public check, web form",
    "public check, API",
    "my status page (signed in)",
    "ping (trivial view)",
)


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("LOAD_SECRET_KEY") or secrets.token_urlsafe(60),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        EMAIL_URL="consolemail://",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(VAR / "static"),
        MEDIA_ROOT=str(VAR / "media"),
        LOG_LEVEL="ERROR",  # not a line per throttled request
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    env.setdefault("DB_CONN_MAX_AGE", "60")
    # The budget of anonymous look-ups for everyone together is sized to the traffic served, as settings.py asks:
    # here, the crowd of this test (the per-client, per-network and per-IIN limits keep their defaults).
    env.setdefault("PUBLIC_LOOKUPS_PER_MINUTE", "60000")
    env.setdefault("PUBLIC_LOOKUPS_PER_HOUR", "3000000")
    return env


def say(what: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {what}", flush=True)


def flush_redis() -> None:
    import redis

    with redis.Redis.from_url(REDIS_URL, socket_timeout=5) as client:
        client.flushdb()


def services_answer() -> None:
    import psycopg
    import redis

    problems = []
    try:
        with redis.Redis.from_url(REDIS_URL, socket_timeout=2) as client:
            client.ping()
    except Exception as error:  # noqa: BLE001
        problems.append(f"Redis at {REDIS_URL}: {error}")
    try:
        admin = re.sub(r"/[^/]*$", "/postgres", DATABASE_URL)
        psycopg.connect(admin, connect_timeout=3).close()
    except Exception as error:  # noqa: BLE001
        problems.append(f"PostgreSQL at {DATABASE_URL}: {error}")
    if problems:
        sys.exit(
            "make load needs PostgreSQL and Redis on loopback (as .ci/run starts them):\n  " + "\n  ".join(problems)
        )


def start_server(env: dict[str, str]) -> subprocess.Popen:
    kind = "gthread" if THREADS > 1 else "sync"
    command = [
        str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(WORKERS),
        "--worker-class", kind, "--threads", str(THREADS), "--backlog", "4096", "--timeout", "30",
        "--graceful-timeout", "5", "--log-level", "warning",
    ]  # fmt: skip
    if THREADS > 1:
        command += ["--worker-connections", str(WORKER_CONNECTIONS), "--keep-alive", "0"]
    log = open(VAR / "gunicorn.log", "a")  # noqa: SIM115 - the server writes to it until stop_server
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/ping")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    stop_server(server)
    sys.exit(f"gunicorn did not answer on {URL}/ping; see {VAR / 'gunicorn.log'}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class CpuShare:
    """Where the cores went during a phase: the server, locust, PostgreSQL and Redis, and every other program
    on the machine (a shared machine's other work takes cores from the server and shows up here)."""

    def __init__(self, server: subprocess.Popen):
        self.server = server.pid

    def _sample(self) -> tuple[float, float, dict[int, tuple[str, float]], float]:
        import psutil

        times = psutil.cpu_times()
        busy = sum(getattr(times, field, 0.0) for field in ("user", "system", "nice", "irq", "softirq", "steal"))
        own = {}
        database = f" {DATABASE_URL.rsplit('/', 1)[-1]} "
        for process in psutil.process_iter(["pid", "ppid", "name", "cmdline"]):
            info = process.info
            command = " ".join(info["cmdline"] or [])
            if info["pid"] == self.server or info["ppid"] == self.server:
                group = "server"
            elif database in command or (info["name"] or "").startswith("redis-server"):
                group = "db"  # this database's backends (other sessions' queries count as other programs)
            else:
                continue
            try:
                cpu = process.cpu_times()
                own[info["pid"]] = (group, cpu.user + cpu.system)
            except psutil.Error:
                pass
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.monotonic(), busy, own, children.ru_utime + children.ru_stime

    def __enter__(self):
        self.start = self._sample()
        return self

    def __exit__(self, *exc):
        (t0, busy0, own0, kids0), (t1, busy1, own1, kids1) = self.start, self._sample()
        wall = max(t1 - t0, 1e-6)
        groups = {"server": 0.0, "db": 0.0}
        for pid, (group, used) in own1.items():
            groups[group] += used - own0.get(pid, (group, 0.0))[1]
        locust = kids1 - kids0
        other = max(0.0, busy1 - busy0 - groups["server"] - groups["db"] - locust)
        self.shares = {
            "server": groups["server"] / wall, "locust": locust / wall, "db": groups["db"] / wall,
            "other": other / wall, "server_seconds": groups["server"],
        }  # fmt: skip


CPU: dict[str, dict[str, float]] = {}  # phase -> cores used by each group


def run_locust(phase: str, users: int, seconds: float, env: dict[str, str], server, label: str = "") -> dict[str, dict]:
    """One locust run of `phase`'s users, headless; its figures per request name (and the cores used, in CPU,
    under `label`, the phase's name by default)."""
    label = label or phase
    flush_redis()  # each phase starts with empty limiter windows
    prefix = VAR / label
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless", "--host", URL,
        "-u", str(users), "-r", str(min(users, 25)), "-t", f"{seconds:g}s", "--csv", str(prefix), "--only-summary",
        "--loglevel", "ERROR", "--stop-timeout", "5", "--exit-code-on-error", "0",
    ]  # fmt: skip
    phase_env = {**env, "LOAD_PHASE": phase, "LOAD_FIXTURES": str(VAR / "fixtures.json")}
    say(f"{label}: {users} users for {seconds:g} s")
    with open(f"{prefix}.log", "w") as log, CpuShare(server) as cpu:
        subprocess.run(command, cwd=ROOT, env=phase_env, check=True, timeout=seconds + 120, stdout=log, stderr=log)
    CPU[label] = cpu.shares
    figures = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            figures[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    return figures


PEAK_PHASES = ("ceiling", "check-peak", "api-peak", "status-peak")


def run_peaks(env: dict[str, str], server) -> dict[str, dict]:
    """Every peak phase, PEAK_SECONDS each, cut into PEAK_ROUNDS interleaved slices: a machine that slows down
    halfway (other programs on the shared cores) slows the ceiling and the checks alike, instead of whichever
    phase ran then. Per phase: requests and errors added up, req/s the mean of the slices (they are equally
    long), each percentile the worst slice's; the cores used added up under the phase's name."""
    slices: dict[str, list[dict[str, dict]]] = {phase: [] for phase in PEAK_PHASES}
    for round_ in range(1, PEAK_ROUNDS + 1):
        for phase in PEAK_PHASES:
            label = f"{phase}-{round_}"
            slices[phase].append(run_locust(phase, PEAK_USERS, PEAK_SECONDS / PEAK_ROUNDS, env, server, label))
            share = CPU.pop(label)
            kept = CPU.setdefault(phase, dict.fromkeys(share, 0.0))
            for key, value in share.items():  # shares of equal slices: their mean; seconds: their sum
                kept[key] += value if key == "server_seconds" else value / PEAK_ROUNDS
    peaks = {}
    for phase, runs in slices.items():
        peaks[phase] = {}
        for name in runs[0]:
            figures = [run[name] for run in runs if name in run]
            peaks[phase][name] = {
                "requests": sum(f["requests"] for f in figures),
                "errors": sum(f["errors"] for f in figures),
                "rps": sum(f["rps"] for f in figures) / len(figures),
                **{p: max(f[p] for f in figures) for p in ("p50", "p95", "p99")},
            }
    return peaks


def run_steady(seconds: int, env: dict[str, str], server) -> dict[str, dict]:
    """The steady phase: an open-loop crowd at RATE requests a second (crowd.py); figures per request name."""
    flush_redis()
    out = VAR / "steady.json"
    phase_env = {**env, "LOAD_FIXTURES": str(VAR / "fixtures.json"), "LOAD_PORT": str(PORT)}
    say(f"steady: {RATE:.0f} requests/s for {seconds} s, open loop")
    command = [sys.executable, str(ROOT / "loadtest" / "crowd.py"), str(RATE), str(seconds), str(out)]
    with open(VAR / "steady.log", "w") as log, CpuShare(server) as cpu:
        subprocess.run(command, cwd=ROOT, env=phase_env, check=True, timeout=seconds + 120, stdout=log, stderr=log)
    CPU["steady"] = cpu.shares
    figures = json.loads(out.read_text())
    STEADY_CLIENT.update(figures.pop("_client_lag_ms"), wall=figures.pop("_wall_seconds"))
    return figures


STEADY_CLIENT: dict[str, float] = {}  # how late the crowd's requests left (the client's own lag), and its run time


def warm_up() -> None:
    """A few unmeasured requests of every kind, so that each worker has its connections and templates ready."""
    fixtures = json.loads((VAR / "fixtures.json").read_text())
    paths = ["/ping", "/", f"/api/v1/status/{fixtures['iins'][0]}", "/cabinet/status/"]
    for n in range(WORKERS * THREADS * 4):
        for path in paths:
            connection = http.client.HTTPConnection(
                "127.0.0.1", PORT, timeout=30, source_address=(f"127.250.0.{n + 1}", 0)
            )
            connection.request("GET", path, headers={"Cookie": fixtures["cookies"][0]})
            connection.getresponse().read()
            connection.close()


def one_client(count: int = 30) -> dict[str, dict[str, int]]:
    """The limiter at work: one address asking `count` checks in a row (each for another IIN) by the form and by the
    API, and one /24 network asking 40 from 40 addresses. How many are answered (200) and how many refused (429)."""
    iins = iter(json.loads((VAR / "fixtures.json").read_text())["iins"][-3 * count - 40 :])
    flush_redis()

    def ask(source: str, method: str, path: str, body: str = "", headers: dict | None = None) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10, source_address=(source, 0))
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    def counted(statuses: list[int]) -> dict[str, int]:
        return {str(s): statuses.count(s) for s in sorted(set(statuses))}

    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10, source_address=("127.0.0.1", 0))
    connection.request("GET", "/")
    home = connection.getresponse()
    page = home.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", home.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}

    def web(source: str) -> int:
        body = urlencode({"csrfmiddlewaretoken": token, "iin": next(iins)})
        return ask(source, "POST", "/status-check/", body, headers)

    return {
        "web form, one address (127.0.0.1)": counted([web("127.0.0.1") for _ in range(count)]),
        "API, one address (127.0.1.1)": counted(
            [ask("127.0.1.1", "GET", f"/api/v1/status/{next(iins)}") for _ in range(count)]
        ),
        "web form, one /24 network (127.0.2.x)": counted([web(f"127.0.2.{n}") for n in range(1, 41)]),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def report(peaks: dict, steady: dict, throttled: dict, started: datetime) -> str:
    kind = f"gthread {WORKERS}x{THREADS}" if THREADS > 1 else f"sync x{WORKERS}"
    lines = [
        f"Saqtandyru load test, {started:%Y-%m-%d %H:%M}; gunicorn {kind} on 127.0.0.1, DEBUG=false, "
        f"PostgreSQL + Redis, DB_CONN_MAX_AGE={environment()['DB_CONN_MAX_AGE']}, {os.cpu_count()} cores "
        "shared with the load generators",
        f"{'phase':<22}{'scenario':<30}{'requests':>9}{'errors':>7}{'req/s':>8}{'p50':>6}{'p95':>6}{'p99':>6}"
        f"{'server CPU/req':>16}",
    ]

    def row(phase: str, name: str, f: dict, cpu: str = "") -> str:
        return (
            f"{phase:<22}{name:<30}{f['requests']:>9}{f['errors']:>7}{f['rps']:>8.1f}"
            f"{f['p50']:>6.0f}{f['p95']:>6.0f}{f['p99']:>6.0f}{cpu:>16}"
        )

    def cpu_per_request(phase: str, figures: dict) -> float:
        return 1000 * CPU[phase]["server_seconds"] / max(1, sum(f["requests"] for f in figures.values()))

    for phase, figures in peaks.items():
        for scenario, f in figures.items():
            if scenario != "home page (first visit)":
                cpu = f"{cpu_per_request(phase, figures):.2f} ms"
                lines.append(row(f"peak {PEAK_SECONDS}s x{PEAK_USERS} users", scenario, f, cpu))
    if PEAK_ROUNDS > 1:
        lines.append(f"{'':<22}(peaks in {PEAK_ROUNDS} interleaved rounds of {PEAK_SECONDS / PEAK_ROUNDS:g} s; "
                     "req/s their mean, p50/p95/p99 the worst round's)")  # fmt: skip
    total = sum(f["rps"] for name, f in steady.items())
    for scenario, f in steady.items():
        lines.append(row(f"steady {STEADY_SECONDS}s", scenario, f))
    lines.append(f"{'':<22}{'(all of the steady mix)':<60}{cpu_per_request('steady', steady):>14.2f} ms")
    lines.append(
        f"{'':<22}(open loop; requests left p50 {STEADY_CLIENT['p50']:.1f} ms, p99 {STEADY_CLIENT['p99']:.1f} ms "
        "after they were due: the client kept up)"
    )
    ceiling = peaks["ceiling"][PING]["rps"]
    web = peaks["check-peak"][CHECK_WEB]["rps"] / ceiling
    api = peaks["api-peak"][CHECK_API]["rps"] / ceiling
    worst = max(f["p99"] for name, f in steady.items() if name != "home page (first visit)")
    errors = sum(f["errors"] for f in steady.values()) + sum(
        f["errors"] for figures in peaks.values() for f in figures.values()
    )
    cost = {name: cpu_per_request(name, figures) for name, figures in peaks.items()}
    lines += [
        "",
        f"public status check (GET /api/v1/status/{{iin}}) / ceiling: {api:.0%} of {ceiling:.0f} req/s "
        f"(goal >= {GOAL_RATIO:.0%}): {verdict(api >= GOAL_RATIO)}",
        f"  the same check by the home page's form (a whole HTML page; no goal of its own): {web:.0%}",
        f"  by server CPU per request, whatever else runs on the machine: "
        f"API {cost['ceiling'] / cost['api-peak']:.0%}, "
        f"web form {cost['ceiling'] / cost['check-peak']:.0%} of the trivial view",
        f"steady {total:.0f} req/s for {STEADY_SECONDS} s: worst p99 {worst:.0f} ms (goal <= {GOAL_P99_MS:.0f}): "
        f"{verdict(worst <= GOAL_P99_MS)}; errors in all phases {errors} (goal 0): {verdict(errors == 0)}",
    ]
    lines.append(f"cores used (of {os.cpu_count()}): server / load generator / PostgreSQL+Redis / other programs")
    for phase, share in CPU.items():
        lines.append(
            f"  {phase:<12} {share['server']:.2f} / {share['locust']:.2f} / {share['db']:.2f} / {share['other']:.2f}"
        )
    if STEADY_SECONDS < 300:
        lines.append(f"(a shortened run: the goal is stated for 300 s, this one lasted {STEADY_SECONDS} s)")
    for name, counts in throttled.items():
        answered, limited = counts.get("200", 0), counts.get("429", 0)
        lines.append(f"limiter, {name}: {answered} answered, {limited} throttled (429)")
    return "\n".join(lines)


def main() -> None:
    started = datetime.now()
    VAR.mkdir(parents=True, exist_ok=True)
    services_answer()
    env = environment()
    say(f"prepare {DATABASE_URL} ({PEOPLE} people)")
    flush_redis()
    subprocess.run(
        [sys.executable, str(ROOT / "loadtest" / "prepare.py"), "--people", str(PEOPLE)],
        cwd=ROOT, env=env, check=True, timeout=1800,
    )  # fmt: skip
    server = start_server(env)
    say(f"gunicorn answers on {URL} ({WORKERS} workers x {THREADS} threads)")
    warm_up()
    try:
        peaks = run_peaks(env, server)
        steady = run_steady(STEADY_SECONDS, env, server)
        say("one client alone")
        throttled = one_client()
    finally:
        stop_server(server)
    text = report(peaks, steady, throttled, started)
    (VAR / "report.txt").write_text(text + "\n")
    print("\n" + text + f"\n\n(written to {VAR / 'report.txt'}; locust CSVs beside it)")


if __name__ == "__main__":
    main()
