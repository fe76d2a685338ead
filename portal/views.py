"""Project-level pages: home, help, and the health check."""

import time

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

from plumbing import api


def home(request):
    from payments.forms import StatusCheckForm

    return render(request, "portal/home.html", {"check_form": StatusCheckForm()})


def help_page(request):
    return render(request, "portal/help.html")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _redis_answers(timeout: float = 1) -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout)
        with client:
            return bool(client.ping())
    except Exception:
        return False


REDIS_CHECK_SECONDS = 5  # how long one process trusts its last look at Redis, for the stale-data notice
_redis_seen: tuple[float, bool] = (-REDIS_CHECK_SECONDS, True)


def redis_down() -> bool:
    """Whether Redis (the cache and the task queue) is configured and does not answer, looked at most
    every few seconds per process. While it is down nothing new reaches statuses: pages say so."""
    global _redis_seen
    if not settings.REDIS_URL:
        return False
    now = time.monotonic()
    if now - _redis_seen[0] >= REDIS_CHECK_SECONDS:
        _redis_seen = (now, _redis_answers(timeout=0.5))
    return not _redis_seen[1]


def service_notice(request) -> dict:
    """Context processor: `data_may_be_stale` for base.html, worked out only when a template asks."""
    return {"data_may_be_stale": redis_down}


@never_cache
def ping(request):
    """Liveness: the process answers. Touches neither the database nor the cache (the load test's ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def healthz(request):
    """Whether the database and Redis answer. 200 when everything configured answers, else 503."""
    checks = {"database": "ok" if _database_answers() else "down"}
    if settings.REDIS_URL:
        checks["redis"] = "ok" if _redis_answers() else "down"
    else:
        checks["redis"] = "not configured"
    healthy = "down" not in checks.values()
    return JsonResponse({"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503)


def bad_request(request, exception=None):
    """400 (a request Django refuses before any view, such as one for a host it does not serve): JSON under /api/,
    the portal's page everywhere else."""
    if api.is_api(request):
        return api.bad_request(request)
    return defaults.bad_request(request, exception)


def page_not_found(request, exception=None):
    """404: JSON under /api/, the portal's page everywhere else."""
    if api.is_api(request):
        return api.not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500: JSON under /api/ (never a stack trace), the portal's page everywhere else."""
    if api.is_api(request):
        return api.server_error(request)
    return defaults.server_error(request)
