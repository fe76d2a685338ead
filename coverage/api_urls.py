"""The catalogue and organisation API; portal/api_urls.py includes it under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("packages", api.PackageList.as_view(), name="packages"),
    path("packages/<slug:code>/<str:version>", api.PackageDetail.as_view(), name="package"),
    path("packages/<slug:code>/<str:version>/sections", api.PackageSections.as_view(), name="package-sections"),
    path("disease-lists", api.DiseaseListList.as_view(), name="disease-lists"),
    path("diseases", api.DiseaseListView.as_view(), name="diseases"),
    path("organisations", api.OrganisationList.as_view(), name="organisations"),
    path("organisations/<str:bin>", api.OrganisationDetail.as_view(), name="organisation"),
]
