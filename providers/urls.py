from django.urls import path

from . import views

app_name = "providers"

urlpatterns = [
    path("front-desk/", views.front_desk, name="front_desk"),
    path("cabinet/lookups/", views.my_lookups, name="my_lookups"),
]
