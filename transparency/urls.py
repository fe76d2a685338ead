from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("", views.page, name="page"),
    path("<slug:slug>.csv", views.table_csv, name="csv"),
]
