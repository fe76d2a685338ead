"""/api/v1/appeals…: wired in by one line of portal/api_urls.py."""

from django.urls import path

from . import api

urlpatterns = [
    path("appeals", api.AppealList.as_view(), name="appeals"),
    path("appeals/<str:number>", api.AppealDetail.as_view(), name="appeal"),
    path("appeals/<str:number>/comments", api.AppealComments.as_view(), name="appeal-comments"),
]
