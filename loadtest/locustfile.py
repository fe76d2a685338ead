"""The simulated crowd for `make load` (loadtest/run.py starts locust with LOAD_PHASE and LOAD_FIXTURES).

A crowd arrives from many addresses: each simulated person connects from their own loopback source address
(127.0.0.0/8 is all loopback on Linux), so the portal's per-client limits count each person apart, exactly as
they would count real visitors, with no proxy header to trust. Each address makes at most ADDRESS_USES checks
(a person checking themselves and some relatives), well inside the 10-a-minute limit; each IIN is checked at
most a few times an hour, inside the per-IIN limit; consecutive people come from different /24 networks,
inside the per-network limit. The budget for everyone together is sized to the test's crowd by run.py.
Every request opens its own connection, as a new visitor's browser would. The users speak raw HTTP/1.1 over
gevent sockets: locust's own clients cannot pick a source address, and raw sockets leave more of the two
cores to the server.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import socket
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

from locust import User, constant_throughput, task

PHASE = os.environ.get("LOAD_PHASE", "steady")
FIXTURES = json.loads(Path(os.environ.get("LOAD_FIXTURES", "var/load/fixtures.json")).read_text())
ADDRESS_USES = 5
PEAK_USERS = int(os.environ.get("LOAD_PEAK_USERS", "16"))


def _crowd_addresses():
    """One address per person, each from the next of 16,384 /24 networks in turn (127.1.0.0 to 127.64.255.0):
    a crowd comes from many networks, and the portal also limits each /24 network."""
    for d, b, c in itertools.product(range(1, 255), range(1, 65), range(256)):
        yield f"127.{b}.{c}.{d}"


_crowd = (address for address in _crowd_addresses() for _ in range(ADDRESS_USES))  # 5 checks per person
_pool = itertools.cycle([f"127.200.{c}.{d}" for c in range(8) for d in range(1, 255)])  # ping, signed-in pages
_iins = itertools.cycle(FIXTURES["iins"])
_sessions = itertools.cycle(FIXTURES["sessions"])


class HttpError(Exception):
    pass


class RawUser(User):
    abstract = True

    def on_start(self):
        target = urlparse(self.host)
        self.address = (target.hostname, target.port or 80)
        self.host_header = target.netloc

    def call(self, name, path, *, source, method="GET", headers=None, body=b"", expect=b""):
        """One request on a new connection from `source`; recorded under `name`. Returns (status, body)."""
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host_header}", "Connection: close", "User-Agent: saq-load"]
        head += [f"{key}: {value}" for key, value in (headers or {}).items()]
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}")
        started = time.perf_counter()
        status, response, content, error = 0, b"", b"", None
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                sock.settimeout(30)
                sock.bind((source, 0))
                sock.connect(self.address)
                sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
                chunks = []
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
            response = b"".join(chunks)
            status = int(response[9:12]) if response[:5] == b"HTTP/" else 0
            content = response.partition(b"\r\n\r\n")[2]
            if status != 200:
                error = HttpError(f"HTTP {status}")
            elif expect and expect not in content:
                error = HttpError(f"200 without {expect!r}")
        except OSError as exc:
            error = exc
        elapsed = (time.perf_counter() - started) * 1000
        self.environment.events.request.fire(
            request_type=method, name=name, response_time=elapsed, response_length=len(content),
            response=None, context={}, exception=error,
        )  # fmt: skip
        return status, response


class PingUser(RawUser):
    """The ceiling: a trivial Django view that touches neither the database nor the cache."""

    @task
    def ping(self):
        self.call("ping (trivial view)", "/ping", source=next(_pool), expect=b"ok")


class WebCheckUser(RawUser):
    """The public check on the home page: the form posted to /status-check/."""

    def on_start(self):
        super().on_start()
        # A visitor's browser keeps its CSRF cookie; fetch one, as a first visit to the home page does.
        status, response = self.call("home page (first visit)", "/", source=next(_pool), expect=b"csrfmiddlewaretoken")
        cookie = re.search(rb"Set-Cookie: csrftoken=([^;\r]+)", response)
        field = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response)
        self.cookie = "csrftoken=" + (cookie.group(1).decode() if cookie else "")
        self.token = field.group(1).decode() if field else ""

    @task
    def check(self):
        body = urlencode({"csrfmiddlewaretoken": self.token, "iin": next(_iins)}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie}
        self.call("public check, web form", "/status-check/", source=next(_crowd), method="POST", headers=headers,
                  body=body, expect=b'role="status"')  # fmt: skip


class ApiCheckUser(RawUser):
    """The public check through the JSON API."""

    @task
    def check(self):
        self.call("public check, API", f"/api/v1/status/{next(_iins)}", source=next(_crowd), expect=b'"insured"')


class StatusPageUser(RawUser):
    """A signed-in citizen's status page (cabinet/status/)."""

    def on_start(self):
        super().on_start()
        self.cookie = f"sessionid={next(_sessions)}"

    @task
    def my_status(self):
        self.call("my status page (signed in)", "/cabinet/status/", source=next(_pool),
                  headers={"Cookie": self.cookie}, expect=b"month-strip")  # fmt: skip


# Each phase: which users, how many, and each user's pace (None: as fast as the server answers).
STEADY = float(os.environ.get("LOAD_RATE", "200"))
PHASES = {
    "ceiling": {PingUser: (PEAK_USERS, None)},
    "check-peak": {WebCheckUser: (PEAK_USERS, None)},
    "api-peak": {ApiCheckUser: (PEAK_USERS, None)},
    "status-peak": {StatusPageUser: (PEAK_USERS, None)},
    # 40% web checks, 40% API checks, 20% signed-in status pages; each user paces itself to 2 requests/s.
    "steady": {
        WebCheckUser: (round(STEADY * 0.4 / 2), 2.0),
        ApiCheckUser: (round(STEADY * 0.4 / 2), 2.0),
        StatusPageUser: (round(STEADY * 0.2 / 2), 2.0),
    },
}


def _configure(phase: str) -> None:
    for user_class in (PingUser, WebCheckUser, ApiCheckUser, StatusPageUser):
        count, pace = PHASES[phase].get(user_class, (0, None))
        user_class.fixed_count = count
        user_class.abstract = count == 0
        if pace:
            user_class.wait_time = constant_throughput(pace)


_configure(PHASE)
