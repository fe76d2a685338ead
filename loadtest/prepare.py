"""Get the load-test database ready and write what the simulated crowd needs (run by loadtest/run.py).

    python loadtest/prepare.py --people 50000 --citizens 200 --out var/load/fixtures.json

With the production settings run.py passes in the environment: creates the PostgreSQL database if it is
missing, migrates it, collects the static files (the manifest storage needs them), fills it once with a
realistic population (`generate_load`, then every status computed as the nightly sweep would), and on every
run signs in `--citizens` citizens by writing their sessions (no password hashing on the hot path: the
load is on the status page, not on the sign-in). Writes the IINs to check and the signed-in browsers' Cookie
headers (session and CSRF cookie) as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def say(started: float, what: str) -> None:
    print(f"  [{time.monotonic() - started:6.1f}s] {what}", flush=True)


def ensure_database(url: str) -> bool:
    """Create the database named in DATABASE_URL if it does not exist; True when it was created."""
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        connection.execute(f'CREATE DATABASE "{name}"')
        return True


def static_files_changed() -> bool:
    """Whether a static file is newer than the collected manifest (collecting compresses everything: a minute)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return True
    return False


def populate(people: int, started: float) -> None:
    from django.core.management import call_command

    from accounts.models import Person
    from payments.models import PersonStatus

    have = Person.objects.count()
    if have < people:
        if have:
            sys.exit(f"{have} people already in the load database, fewer than {people}: drop it and run again.")
        call_command("generate_load", people=people, out=ROOT / "var" / "load" / "register.csv", verbosity=0)
        say(started, f"generated {people} people and a year of their payments")
    if PersonStatus.objects.count() < Person.objects.count():
        call_command("recompute_status", all=True, verbosity=0)
        say(started, "computed everyone's status")


def sign_in_citizens(count: int) -> list[str]:
    """Accounts for `count` people with a stored status, a fresh session for each, and the Cookie header their
    browser sends: the session and the CSRF cookie that the sign-in form gave it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string
    from django.utils.module_loading import import_string

    from accounts.models import Person, User

    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    people = Person.objects.filter(status__isnull=False).order_by("iin")[:count]
    cookies = []
    for person in people:
        user = User.objects.filter(username=person.iin).first()
        if user is None:
            user = User(username=person.iin, person=person, first_name=person.first_name, last_name=person.last_name)
            user.set_unusable_password()
            user.save()
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.set_expiry(3 * 3600)
        session.create()
        csrf = get_random_string(CSRF_SECRET_LENGTH)
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}")
    return cookies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "load" / "fixtures.json")
    args = parser.parse_args()
    started = time.monotonic()
    if ensure_database(os.environ["DATABASE_URL"]):
        say(started, "created the database")

    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    say(started, "migrated")
    if static_files_changed():
        call_command("collectstatic", interactive=False, verbosity=0)
        say(started, "static files collected")
    populate(args.people, started)
    cookies = sign_in_citizens(args.citizens)
    iins = list(Person.objects.values_list("iin", flat=True))
    random.Random(2026).shuffle(iins)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"iins": iins, "cookies": cookies}))
    say(started, f"{len(cookies)} citizens signed in; {len(iins)} IINs to check -> {args.out}")


if __name__ == "__main__":
    main()
