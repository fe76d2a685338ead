from django.urls import path

from . import api

urlpatterns = [
    path("provider/status/<str:iin>", api.ProviderStatus.as_view(), name="provider-status"),
]
