from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Saqtandyru: fund staff")
admin.site.site_title = _("Saqtandyru admin")
admin.site.index_title = _("Work areas")

urlpatterns = [
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("api/", include("portal.api_urls")),  # early: the API's busiest calls skip the pages' patterns
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("", include("payments.urls")),
    path("", include("payments.document_urls")),
    path("catalogue/", include("coverage.urls")),
    path("organisations/", include("coverage.organisation_urls")),
    path("appeals/", include("appeals.urls")),
    path("", include("providers.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
