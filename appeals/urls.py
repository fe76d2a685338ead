"""Citizens' appeal pages; portal/urls.py includes them under `appeals/`."""

from django.urls import path

from . import views

app_name = "appeals"

urlpatterns = [
    path("new/", views.file_appeal, name="new"),
    path("new/filed/", views.filed, name="filed"),
    path("new/filed/appeal.txt", views.filed_note, name="filed_note"),
    path("mine/", views.mine, name="mine"),
    path("follow/", views.follow, name="follow"),
    path("documents/<int:pk>/", views.attachment, name="attachment"),
    path("ratings/", views.ranking, name="ranking"),
    path("reviews/<str:bin>/", views.reviews, name="reviews"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/comment/", views.comment, name="comment"),
    path("<str:number>/rate/", views.rate, name="rate"),
    path("<str:number>/reopen/", views.reopen, name="reopen"),
    path("<str:number>/accept/", views.accept, name="accept"),
]
