from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("cabinet/status/", views.my_status, name="my_status"),
    path("cabinet/payments/", views.my_payments, name="my_payments"),
    path("status-check/", views.status_check, name="status_check"),
    path("calculator/", views.calculator, name="calculator"),
]
