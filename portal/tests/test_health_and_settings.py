import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_reports_database(client):
    body = client.get("/healthz").json()
    assert body["database"] == "ok"


@pytest.mark.django_db
@pytest.mark.services
def test_healthz_reports_real_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


@pytest.mark.django_db
@pytest.mark.services
def test_healthz_says_503_when_redis_is_down(client):
    settings.REDIS_URL, saved = "redis://127.0.0.1:1/0", settings.REDIS_URL
    try:
        response = client.get("/healthz")
    finally:
        settings.REDIS_URL = saved
    assert response.status_code == 503 and response.json()["redis"] == "down"


@pytest.mark.services
def test_cache_is_redis_in_production_mode():
    from django.core.cache import cache

    cache.set("saq-probe", "1", 5)
    assert cache.get("saq-probe") == "1"
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")


def run_settings(**env):
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG"}}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**full, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "7f3a9c1e5b2d8f4a6c0e9b7d5f3a1c8e6b4d2f0a9c7e5b3",
    "ALLOWED_HOSTS": "saqtandyru.example.kz",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example.kz:587",
}


def test_production_settings_start():
    assert run_settings(**PRODUCTION).returncode == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "django-insecure-short"}, "SECRET_KEY is too weak"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must be set"),
        ({"DATABASE_URL": "sqlite:///x.db"}, "must point at PostgreSQL"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set"),
        ({"EMAIL_URL": ""}, "EMAIL_URL must be set"),
    ],
)
def test_production_refuses_missing_or_insecure_settings(change, message):
    result = run_settings(**{**PRODUCTION, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


EMBEDDED_PROBE = (
    "import django; django.setup(); from django.conf import settings as s; from django.db import connection; "
    "c = connection.cursor(); c.execute('SHOW server_version_num'); version = c.fetchone()[0]; "
    "c.execute('CREATE TABLE IF NOT EXISTS probe (n int)'); c.execute('INSERT INTO probe VALUES (1)'); "
    "c.execute('SELECT count(*) FROM probe'); "
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, version[:2], c.fetchone()[0])"
)


def test_embedded_mode_needs_nothing_but_starts_a_real_postgresql(tmp_path):
    """No environment at all: the embedded PostgreSQL starts with its data in EMBEDDED_POSTGRES_DIR, stops when the
    last process using it exits, and a second start finds the data the first one left."""
    data = tmp_path / "postgres"
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "portal.settings", "EMBEDDED_POSTGRES_DIR": str(data)}

    def probe() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-c", EMBEDDED_PROBE], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        assert not (data / "postmaster.pid").exists(), "the server outlived the last process that used it"
        return result.stdout.split()

    assert probe() == ["plumbing.postgresql", "True", "18", "1"]
    assert probe() == ["plumbing.postgresql", "True", "18", "2"]  # the same data, kept between runs


def test_embedded_mode_refuses_another_database():
    result = run_settings(DEBUG="true", DATABASE_URL="sqlite:///x.db")
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr
