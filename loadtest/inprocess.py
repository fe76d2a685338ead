"""Where a request's time goes: the pages of `make load`, called in this one process through Django's own WSGI
handler, with the production settings that run.py gives the server, on the database that run.py prepared.

    .venv/bin/python loadtest/inprocess.py                       # CPU per request of each page
    .venv/bin/python loadtest/inprocess.py --profile status      # and cProfile of one of them (ping, web, api, status)

Run it after `make load` (it needs var/load/fixtures.json and the saq_load database) and never beside another
measurement: the figures are this process's CPU time, so whatever else the machine runs only adds noise. No
socket, no gunicorn and no client share the cores, so these figures sit below make load's "server CPU/req";
they are for comparing one version of the code with the next on the same machine.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parent.parent)]
import run  # noqa: E402  (loadtest/run.py: the server's environment)


def setup():
    os.environ.update(run.environment())
    run.flush_redis()  # the per-IIN windows of an earlier run would throttle these checks
    import django

    django.setup()
    import prepare
    from django.core.handlers.wsgi import WSGIHandler

    return WSGIHandler(), prepare.sign_in_citizens(50)


def environ(method: str, path: str, *, address: str, cookie: str = "", body: bytes = b"") -> dict:
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(run.PORT),
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": address,
        "HTTP_COOKIE": cookie,
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


def pages(handler, cookies: list[str]) -> dict:
    """One callable per page, each making the next request as make load's crowd would."""
    from crowd import crowd

    fixtures = json.loads((run.VAR / "fixtures.json").read_text())
    iins, addresses, citizens = itertools.cycle(fixtures["iins"]), crowd(), itertools.cycle(cookies)

    def call(env: dict, expect: bytes) -> None:
        statuses = []
        body = b"".join(handler(env, lambda status, headers, exc_info=None: statuses.append(status)))
        if not statuses[0].startswith("200") or expect not in body:
            raise SystemExit(f"{env['PATH_INFO']}: {statuses[0]}\n{body[:400]!r}")

    home = environ("GET", "/", address="127.200.0.1")
    statuses = []
    handler(home, lambda status, headers, exc_info=None: statuses.append(headers))
    cookie = next(value.strip() for name, value in statuses[0] if name == "Set-Cookie" and "csrftoken" in value)
    token = cookie.split(";")[0].split("=", 1)[1]

    def web():
        body = urlencode({"csrfmiddlewaretoken": token, "iin": next(iins)}).encode()
        env = environ("POST", "/status-check/", address=next(addresses), cookie=f"csrftoken={token}", body=body)
        call(env, b'role="status"')

    return {
        "ping": lambda: call(environ("GET", "/ping", address="127.200.0.2"), b"ok"),
        "web": web,
        "api": lambda: call(environ("GET", f"/api/v1/status/{next(iins)}", address=next(addresses)), b'"insured"'),
        "status": lambda: call(
            environ("GET", "/cabinet/status/", address="127.200.0.3", cookie=next(citizens)),
            b"month-strip",
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1500, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is reported")
    parser.add_argument("--profile", choices=["ping", "web", "api", "status"])
    args = parser.parse_args()
    handler, cookies = setup()
    calls = pages(handler, cookies)
    for call in calls.values():  # warm: templates, connections, prepared statements
        for _ in range(50):
            call()
    best: dict[str, float] = {}
    for _ in range(args.rounds):  # interleaved, so that a slow moment of the machine spreads over all pages
        for name, call in calls.items():
            started = time.process_time()
            for _ in range(args.requests):
                call()
            spent = (time.process_time() - started) / args.requests * 1000
            best[name] = min(best.get(name, spent), spent)
    print(f"CPU per request in this process (best of {args.rounds} rounds of {args.requests}):")
    for name, spent in best.items():
        print(f"  {name:7} {spent:6.3f} ms   {spent / best['ping']:5.2f} x ping")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            calls[args.profile]()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(30)
        stats.sort_stats("cumulative").print_stats(45)
        print(out.getvalue())


if __name__ == "__main__":
    main()
