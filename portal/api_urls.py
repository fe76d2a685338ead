"""The JSON API, version 1: every app's endpoints under /api/v1/, and the schema that describes them.

Each app keeps its endpoints in its own ``api.py`` and ``api_urls.py``; this file only wires them in.
"""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from plumbing.middleware import csp_override

# Redoc styles itself with generated <style> elements and builds its search index in a worker from a blob: URL.
# Its page alone allows those two; scripts stay the portal's own files, as everywhere.
REDOC_CSP = {**settings.SECURE_CSP, "style-src": ["'self'", "'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

# Each app adds one line here: path("", include("<app>.api_urls")). Payments first: the public check is the
# busiest call, and patterns are tried in order.
v1 = [
    path("", include("payments.api_urls")),
    path("", include("accounts.api_urls")),
    path("", include("coverage.api_urls")),
    path("", include("providers.api_urls")),
    path("", include("appeals.api_urls")),
]

urlpatterns = [
    path("v1/", include((v1, "v1"))),
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path(
        "schema/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path(
        "schema/redoc/",
        csp_override(REDOC_CSP)(SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")),
        name="api-redoc",
    ),
]
