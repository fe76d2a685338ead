"""The peak phases of `make load` (loadtest/run.py starts locust with LOAD_PHASE and LOAD_FIXTURES): users
asking as fast as they are answered, to find how many requests a second each page can take.

The users come from the crowd's addresses (crowd.py): each simulated person from their own loopback address,
consecutive people from different /24 networks, at most a few checks per address and per IIN, inside the
portal's limits; the budget for everyone together is sized to the test's crowd by run.py. Every request
opens its own connection, as a new visitor's browser would. The users speak raw HTTP/1.1 over gevent
sockets: locust's own clients cannot pick a source address, and raw sockets leave more of the two cores to
the server. The steady phase (a fixed rate, open loop) is crowd.py's.
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

from crowd import crowd, pool
from locust import User, task

PHASE = os.environ.get("LOAD_PHASE", "ceiling")
FIXTURES = json.loads(Path(os.environ.get("LOAD_FIXTURES", "var/load/fixtures.json")).read_text())
PEAK_USERS = int(os.environ.get("LOAD_PEAK_USERS", "16"))

_crowd = crowd()  # 5 checks per person, each from their own address
_pool = pool()  # ping, signed-in pages
_iins = itertools.cycle(FIXTURES["iins"])
_cookies = itertools.cycle(FIXTURES["cookies"])


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
        self.cookie = next(_cookies)

    @task
    def my_status(self):
        self.call("my status page (signed in)", "/cabinet/status/", source=next(_pool),
                  headers={"Cookie": self.cookie}, expect=b"month-strip")  # fmt: skip


# Each phase: which users ask, as fast as the server answers.
PHASES = {
    "ceiling": PingUser,
    "check-peak": WebCheckUser,
    "api-peak": ApiCheckUser,
    "status-peak": StatusPageUser,
}


def _configure(phase: str) -> None:
    for user_class in (PingUser, WebCheckUser, ApiCheckUser, StatusPageUser):
        user_class.fixed_count = PEAK_USERS if PHASES[phase] is user_class else 0
        user_class.abstract = PHASES[phase] is not user_class


_configure(PHASE)
