"""Who asks, and the steady phase of `make load`: a crowd arriving at a fixed rate, open loop.

The addresses (used by locustfile.py too): each simulated person connects from their own loopback source
address (127.0.0.0/8 is all loopback on Linux), so the portal's per-client limits count each person apart, as
they would count real visitors, with no proxy header to trust; consecutive people come from different /24
networks, inside the per-network limit; each makes at most ADDRESS_USES checks.

The steady phase (`python loadtest/crowd.py RATE SECONDS OUT.json`, run by run.py): requests arrive as a
Poisson process at RATE a second in the mix 40% web-form checks, 40% API checks, 20% signed-in status pages,
whatever the answers take. A crowd does not wait for the server: paced users in a closed loop (locust's
model, kept for the peak phases, where the question is how fast the server can go) slow down with it, and
on two cores shared with the server their own scheduling adds the latency one wants to measure. Each request
is on a new connection; its latency is counted from the moment it was due, so a late start counts against the
figures, never for them. One asyncio loop keeps the client's own share of the cores small.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ADDRESS_USES = 5
MIX = (("public check, web form", 0.4), ("public check, API", 0.4), ("my status page (signed in)", 0.2))
TIMEOUT = 30  # seconds one request may take before it counts as an error


def crowd_addresses():
    """One address per person, each from the next of 16,384 /24 networks in turn (127.1.0.0 to 127.64.255.0):
    a crowd comes from many networks, and the portal also limits each /24 network."""
    for d, b, c in itertools.product(range(1, 255), range(1, 65), range(256)):
        yield f"127.{b}.{c}.{d}"


def crowd():
    """Source addresses for public checks: ADDRESS_USES checks per person (themselves and some relatives)."""
    return (address for address in crowd_addresses() for _ in range(ADDRESS_USES))


def pool():
    """Source addresses for the trivial view and the signed-in pages (not limited per address)."""
    return itertools.cycle([f"127.200.{c}.{d}" for c in range(8) for d in range(1, 255)])


# --- the open-loop steady phase ---------------------------------------------------------------------------------


async def _exchange(host: str, port: int, source: str, request: bytes) -> bytes:
    reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
    try:
        writer.write(request)
        await writer.drain()
        return await reader.read()  # until the server closes (Connection: close)
    finally:
        writer.close()


def _request(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", "User-Agent: saq-load"]
    head += [f"{key}: {value}" for key, value in headers.items()]
    if method == "POST":
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


class Steady:
    def __init__(self, host: str, port: int, fixtures: dict, rate: float, seconds: float) -> None:
        self.host, self.port, self.rate, self.seconds = host, port, rate, seconds
        self.iins = itertools.cycle(fixtures["iins"])
        self.cookies = itertools.cycle(fixtures["cookies"])
        self.crowd, self.pool = crowd(), pool()
        self.latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
        self.errors: dict[str, int] = {name: 0 for name, _ in MIX}
        self.late: list[float] = []  # how late each request left, against its schedule (the client's own lag)
        self.form_headers: dict[str, str] = {}
        self.token = ""

    async def first_visit(self) -> None:
        """The web form needs a CSRF cookie and token, as a first visit to the home page gives them."""
        page = await _exchange(self.host, self.port, next(self.pool), _request("GET", "/", {}))
        cookie = re.search(rb"Set-Cookie: csrftoken=([^;\r]+)", page)
        field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not (cookie and field):
            sys.exit("the home page gave no CSRF cookie and token")
        self.form_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie.group(1).decode()}",
        }
        self.token = field.group(1).decode()

    def make(self, name: str) -> tuple[str, bytes, bytes]:
        """(source address, request bytes, what a right answer contains) for one request of `name`."""
        if name == "public check, web form":
            body = urlencode({"csrfmiddlewaretoken": self.token, "iin": next(self.iins)}).encode()
            return next(self.crowd), _request("POST", "/status-check/", self.form_headers, body), b'role="status"'
        if name == "public check, API":
            return next(self.crowd), _request("GET", f"/api/v1/status/{next(self.iins)}", {}), b'"insured"'
        return next(self.pool), _request("GET", "/cabinet/status/", {"Cookie": next(self.cookies)}), b"month-strip"

    async def one(self, name: str, due: float) -> None:
        loop = asyncio.get_running_loop()
        self.late.append(max(0.0, loop.time() - due) * 1000)
        source, request, expect = self.make(name)
        try:
            response = await asyncio.wait_for(_exchange(self.host, self.port, source, request), TIMEOUT)
            ok = response[9:12] == b"200" and expect in response
        except (TimeoutError, OSError):
            ok = False
        if ok:
            self.latencies[name].append((loop.time() - due) * 1000)
        else:
            self.errors[name] += 1

    async def run(self) -> dict[str, dict]:
        await self.first_visit()
        loop = asyncio.get_running_loop()
        rng = random.Random(2026)
        names, weights = zip(*MIX, strict=True)
        tasks = []
        start = due = loop.time()
        while True:
            due += rng.expovariate(self.rate)
            if due - start >= self.seconds:
                break
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            tasks.append(asyncio.create_task(self.one(rng.choices(names, weights)[0], due)))
        await asyncio.gather(*tasks)
        figures = {}
        for name, values in self.latencies.items():
            values.sort()
            figures[name] = {
                "requests": len(values) + self.errors[name],
                "errors": self.errors[name],
                "rps": (len(values) + self.errors[name]) / self.seconds,
                **{f"p{q}": _percentile(values, q) for q in (50, 95, 99)},
            }
        self.late.sort()
        figures["_client_lag_ms"] = {f"p{q}": _percentile(self.late, q) for q in (50, 99)}
        return figures


def _percentile(values: list[float], q: int) -> float:
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(len(values) * q / 100))]


def main() -> None:
    rate, seconds, out = float(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
    fixtures = json.loads(Path(os.environ.get("LOAD_FIXTURES", "var/load/fixtures.json")).read_text())
    host, port = "127.0.0.1", int(os.environ.get("LOAD_PORT", "8765"))
    started = time.monotonic()
    figures = asyncio.run(Steady(host, port, fixtures, rate, seconds).run())
    figures["_wall_seconds"] = time.monotonic() - started
    out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
