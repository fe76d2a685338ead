from django.urls import path

from . import views

app_name = "coverage"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("compare/", views.compare, name="compare"),
    path("changes-2026/", views.changes_2026, name="changes_2026"),
    path("search/", views.search, name="search"),
    path("for-me/", views.for_me, name="for_me"),
    path("<slug:code>/<str:version>/", views.package, name="package"),
]
