"""Project-level pages: home, help, and the health check."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache

from . import api


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


def _redis_answers() -> bool:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        with client:
            return bool(client.ping())
    except Exception:
        return False


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
