"""The JSON API, version 1: every app's endpoints under /api/v1/, and the schema that describes them.

Each app keeps its endpoints in its own ``api.py`` and ``api_urls.py``; this file only wires them in.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

# Each app adds one line here: path("", include("<app>.api_urls")).
v1 = [
    path("", include("accounts.api_urls")),
    path("", include("payments.api_urls")),
    path("", include("coverage.api_urls")),
    path("", include("providers.api_urls")),
    path("", include("appeals.api_urls")),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    path("schema/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("schema/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("v1/", include((v1, "v1"))),
]
