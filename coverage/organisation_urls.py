"""The public directory of medical organisations; portal/urls.py includes it under `organisations/`."""

from django.urls import path

from . import organisation_views as views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="list"),
    path("<str:bin>/", views.detail, name="detail"),
]
