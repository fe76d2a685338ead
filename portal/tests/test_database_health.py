"""The PostgreSQL backend's health check (portal/postgresql): no query while the connection is sound, and a
connection the server ended is found out and replaced before a request uses it."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import connections
from django.db.backends.postgresql import base as postgresql

pytestmark = pytest.mark.django_db(transaction=True)

connection = connections["default"]  # the wrapper itself, not the proxy in django.db


def _server_ends(backend_pid: int) -> None:
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "dbname", "password") if params.get(key)}
    with psycopg.connect(**dsn, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [backend_pid])


def test_a_sound_connection_is_usable_without_a_query(monkeypatch):
    connection.ensure_connection()

    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(postgresql.DatabaseWrapper, "is_usable", no_query)  # the stock check: SELECT 1
    assert connection.is_usable()


def test_a_connection_the_server_ended_is_replaced_before_the_next_request():
    connection.ensure_connection()
    ended = connection.connection.info.backend_pid
    _server_ends(ended)
    deadline = time.monotonic() + 5
    while connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)  # the server's goodbye is on its way
    assert not connection.is_usable()
    # What Django does at the start of a request that reuses the connection (CONN_HEALTH_CHECKS):
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != ended


def test_the_portal_uses_its_own_backend():
    assert type(connection).__module__ == "plumbing.postgresql.base"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
