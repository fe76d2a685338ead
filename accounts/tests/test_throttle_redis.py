"""The limiter's windows on the real Redis, through the connection each thread keeps (accounts.throttle).

A kept connection outlives what a pooled one would not: Redis forgetting its scripts (a restart, SCRIPT FLUSH)
and Redis closing the connection (a restart, a timeout, CLIENT KILL). After either the windows count again,
and never is a request refused for Redis's sake.
"""

import secrets

import pytest
import redis as redis_py
from django.conf import settings

from accounts import throttle
from plumbing import redis_connection

pytestmark = pytest.mark.services


@pytest.fixture
def redis():
    if redis_connection.connection() is None:
        pytest.fail("no Redis: the services tests need REDIS_URL")
    client = redis_py.Redis.from_url(settings.REDIS_URL)
    yield client
    client.close()


def test_each_thread_keeps_one_connection_of_its_own():
    import threading

    mine = redis_connection.connection()
    assert redis_connection.connection() is mine
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(redis_connection.connection()))
    thread.start()
    thread.join()
    assert theirs[0] is not None and theirs[0] is not mine


def window(limit: int = 2) -> list[throttle.Check]:
    """A window of its own for each test run, counted per minute."""
    return [("test-window", secrets.token_hex(8), limit, 60)]


def test_the_windows_count_and_refuse_over_the_limit(redis):
    wide = secrets.token_hex(8)
    checks = window(limit=2) + [("test-wide", wide, 100, 3_600)]
    assert [throttle.allow_all(checks) for _ in range(4)] == [True, True, False, False]
    keys = redis.keys(f"*test-wide:{throttle._digest(wide)}:*")
    assert len(keys) == 1 and int(redis.get(keys[0])) == 2  # a refused attempt is not counted after its window
    assert 3_600 < redis.ttl(keys[0]) <= 3_601


def test_the_script_is_loaded_again_when_redis_has_forgotten_it(redis, caplog):
    checks = window(limit=2)
    assert throttle.allow_all(checks)
    redis.script_flush()
    assert [throttle.allow_all(checks) for _ in range(2)] == [True, False]
    assert "unavailable" not in caplog.text


def test_a_connection_closed_by_redis_is_made_again(redis, caplog):
    checks = window(limit=2)
    assert throttle.allow_all(checks)
    kept = redis_connection.connection()
    kept.send_command("CLIENT", "ID")
    # This thread's kept connection only: killing every client would also cut other test processes' connections
    # (parallel workers, other runs on the same Redis) in the middle of their counts.
    killed = redis.client_kill_filter(_id=kept.read_response())
    assert killed == 1
    # The first attempt finds the connection closed: counted in this process and logged; the next ones connect anew.
    assert throttle.allow_all(checks)
    assert "rate-limit Redis unavailable for scopes test-window: counted in this process" in caplog.text
    assert [throttle.allow_all(checks) for _ in range(2)] == [True, False]
