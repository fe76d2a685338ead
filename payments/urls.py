from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("cabinet/status/", views.my_status, name="my_status"),
    path("cabinet/payments/", views.my_payments, name="my_payments"),
    path("status-check/", views.status_check, name="status_check"),
    path("calculator/", views.calculator, name="calculator"),
    path("cabinet/categories/", views.category_requests, name="category_requests"),
    path("cabinet/categories/documents/<int:pk>/", views.category_document, name="category_document"),
]
