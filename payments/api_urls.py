"""The payments API; portal/api_urls.py includes it under /api/v1/."""

from django.urls import path

from . import api

urlpatterns = [
    path("status/<str:iin>", api.StatusCheckView.as_view(), name="status-check"),
    path("me/status", api.MyStatusView.as_view(), name="me-status"),
    path("me/payments", api.MyPaymentsView.as_view(), name="me-payments"),
    path("me/statement", api.MyStatementView.as_view(), name="me-statement"),
    path("calculator", api.CalculatorView.as_view(), name="calculator"),
]
