"""Redis down: citizens' pages and the public check answer from the database, with a notice that data may be
stale; a register uploaded meanwhile waits, and its import starts by itself when Redis is back.

A real gunicorn serves the portal (its Redis connections break under it, as in production), driven over
HTTP with a cookie session; a real prefork worker stays up across the outage and reconnects.
"""

import re
import subprocess
import time

import pytest
import requests
from django_otp.oath import totp

from payments.views import CHECK_IIN_LIMIT
from portal.views import REDIS_CHECK_SECONDS

from .stack import PYTHON, ROOT, free_port, wait_for

pytestmark = pytest.mark.services

PASSWORD = "Qalam-2026-secret"
STALE = 'data-notice="stale"'
SLOW = 3.0  # seconds: no page may wait longer than this on the dead Redis


@pytest.fixture
def server(portal):
    port = free_port()
    log = open(portal.work / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60"],
        cwd=ROOT, env=portal.env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(f"{url}/ping", timeout=5).ok
        except requests.RequestException:
            return False

    try:
        wait_for(up, timeout=60, what="gunicorn answers")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def citizen(portal, serial: int = 1) -> str:
    return portal.python(f"""
        from datetime import date
        from accounts import iin
        from accounts.models import Person, User
        from payments.services.recompute import status_recompute
        number = iin.compose(date(1990, 1, 1), "F", {serial})
        person = Person.from_iin(number, last_name="Ахметова", first_name="Айгерим")
        person.save()
        user = User(username=number, person=person, email="c{serial}@example.kz", first_name="Айгерим")
        user.set_password({PASSWORD!r})
        user.save()
        status_recompute(iins=[number], trigger="test")
        print(number)
    """).strip()  # fmt: skip


STAFF_KEY = "3132333435363738393031323334353637383930"  # the admin's authenticator app (a test secret)


def browser() -> requests.Session:
    return requests.Session()  # the pages in English: their paths under /en/


def form_token(session, url) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]


def sign_in(session, base, username, password=PASSWORD, path="/en/accounts/login/") -> None:
    token = form_token(session, base + path)
    answer = session.post(base + path, data={"username": username, "password": password,
                                             "csrfmiddlewaretoken": token}, timeout=10)  # fmt: skip
    assert answer.status_code == 200 and not answer.url.endswith(path), "sign-in failed"


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < SLOW, f"{response.url} took {elapsed:.1f} s"
    return response


def test_citizen_pages_and_the_public_check_answer_from_the_database_with_a_stale_notice(portal, server):
    number = citizen(portal)
    alice = browser()
    sign_in(alice, server, number)
    page = timed(alice.get, f"{server}/en/cabinet/status/")
    assert page.status_code == 200 and STALE not in page.text

    portal.redis.stop()
    time.sleep(REDIS_CHECK_SECONDS + 0.5)  # each process looks at Redis at most this often

    def notice_shown() -> bool:
        page = timed(alice.get, f"{server}/en/cabinet/status/")
        assert page.status_code == 200, "my status fails while Redis is down"
        return STALE in page.text

    assert notice_shown() and notice_shown()  # both gunicorn workers
    assert "You are not insured" in alice.get(f"{server}/en/cabinet/status/").text  # from the stored status
    assert timed(alice.get, f"{server}/en/cabinet/payments/").status_code == 200

    visitor = browser()
    token = form_token(visitor, f"{server}/en/status-check/")
    answer = timed(visitor.post, f"{server}/en/status-check/", data={"iin": number, "csrfmiddlewaretoken": token})
    assert answer.status_code == 200 and "Not insured" in answer.text and STALE in answer.text
    assert requests.get(f"{server}/healthz", timeout=5).status_code == 503

    # The limits keep holding: each gunicorn process counts the windows in its own memory while Redis is down.
    answers = [timed(requests.get, f"{server}/api/v1/status/{number}", timeout=10) for _ in range(40)]
    codes = [answer.status_code for answer in answers]
    assert set(codes) == {200, 429} and codes.count(200) <= 2 * CHECK_IIN_LIMIT[1], codes  # per IIN, per process
    assert all(int(answer.headers["Retry-After"]) > 0 for answer in answers if answer.status_code == 429)

    bob = browser()  # signing in and out while Redis is down: sessions live in the database
    sign_in(bob, server, citizen(portal, 2))
    assert STALE in timed(bob.get, f"{server}/en/cabinet/status/").text
    token = form_token(bob, f"{server}/en/cabinet/status/")
    timed(bob.post, f"{server}/en/accounts/logout/", data={"csrfmiddlewaretoken": token})
    assert bob.get(f"{server}/en/cabinet/status/", timeout=10).url.startswith(f"{server}/en/accounts/login/")

    portal.redis.start()
    time.sleep(REDIS_CHECK_SECONDS + 0.5)
    assert not notice_shown() and not notice_shown()
    assert requests.get(f"{server}/healthz", timeout=5).status_code == 200


def test_a_register_uploaded_while_redis_is_down_is_imported_when_it_is_back(portal, server, tmp_path):
    from datetime import date

    from accounts import iin as iin_rules
    from payments.tests.registers import line, write

    portal.python(f"""
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from accounts.models import User
        admin = User.objects.create_superuser("admin", "admin@example.kz", "Admin-pass-2026")
        TOTPDevice.objects.create(user=admin, name="app", confirmed=True, key="{STAFF_KEY}")
    """)
    worker_log = portal.work / "worker.log"
    worker = portal.start_worker(worker_log, concurrency=1)
    people = [iin_rules.compose(date(1980, 1, 1), "M", n) for n in range(40)]
    periods = [f"{m:02d}2024" for m in range(1, 13)]
    register = write(tmp_path, [line(iin, number=f"{n}-{p}", period=p, received="10.01.2025")
                                for n, iin in enumerate(people) for p in periods])  # fmt: skip
    staff = browser()
    sign_in(staff, server, "admin", "Admin-pass-2026", path="/en/admin/login/")
    verify = f"{server}/en/admin/second-factor/verify/"  # staff pass a second factor after the password
    passed = staff.post(verify, data={"code": totp(bytes.fromhex(STAFF_KEY)), "next": "/en/admin/",
                                      "csrfmiddlewaretoken": form_token(staff, verify)}, timeout=10)  # fmt: skip
    assert passed.status_code == 200 and passed.url == f"{server}/en/admin/", passed.url

    portal.redis.stop()
    token = form_token(staff, f"{server}/en/admin/payments/register/add/")
    with open(register, "rb") as handle:
        upload = timed(staff.post, f"{server}/en/admin/payments/register/add/",
                       data={"kind": "payments", "csrfmiddlewaretoken": token},
                       files={"file": ("register.csv", handle, "text/csv")})  # fmt: skip
    assert upload.status_code == 200 and "/admin/payments/register/" in upload.url
    assert "task queue is unavailable" in upload.text
    assert portal.sql("SELECT state, message FROM payments_register") == [("queued", "unsent")]
    time.sleep(3)
    assert worker.poll() is None, "the worker gave up while Redis was down"
    assert portal.value("SELECT state FROM payments_register") == "queued"

    portal.redis.start()
    started = time.monotonic()
    wait_for(lambda: portal.value("SELECT state FROM payments_register") == "done", timeout=120, every=0.5,
             what="the waiting register imported after Redis came back")  # fmt: skip
    assert portal.value("SELECT imported FROM payments_register") == len(people) * len(periods)
    wait_for(lambda: portal.value("SELECT count(*) FROM payments_personstatus") == len(people), timeout=60,
             what="statuses of the register's people")  # fmt: skip
    print(f"imported {time.monotonic() - started:.1f} s after Redis came back")


def test_the_import_command_completes_while_redis_is_down(portal, tmp_path):
    from datetime import date

    from accounts import iin as iin_rules
    from payments.tests.registers import line, write

    people = [iin_rules.compose(date(1975, 1, 1), "F", n) for n in range(5)]
    register = write(tmp_path, [line(iin, number=f"{n}") for n, iin in enumerate(people)])
    portal.redis.stop()
    done = portal.manage("import_register", str(register), check=False, timeout=120)
    assert portal.value("SELECT count(*) FROM payments_payment") == len(people)  # the import did commit
    assert portal.sql("SELECT state, imported FROM payments_register") == [("done", len(people))]
    assert done.returncode == 0, done.stderr[-1500:]
