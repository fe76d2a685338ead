"""The API's sign-in endpoints; portal/api_urls.py includes them under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("auth/token", api.TokenView.as_view(), name="auth-token"),
    path("me", api.MeView.as_view(), name="me"),
]
