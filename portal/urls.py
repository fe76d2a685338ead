from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Saqtandyru: fund staff")
admin.site.site_title = _("Saqtandyru admin")
admin.site.index_title = _("Work areas")

# Outside the language prefixes: the API (its language comes from Accept-Language) and the probes.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("api/", include("portal.api_urls")),
]

# Every page, the admin's included, in each language: Kazakh at the root, /ru/… and /en/… for the others. The URL
# alone decides the language, so a link to a page in a language works for whoever opens it (decision 0018).
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("help/", views.help_page, name="help"),
    path("accounts/", include("accounts.urls")),
    path("", include("payments.urls")),
    path("", include("payments.document_urls")),
    path("catalogue/", include("coverage.urls")),
    path("organisations/", include("coverage.organisation_urls")),
    path("appeals/", include("appeals.urls")),
    path("", include("providers.urls")),
    path("transparency/", include("transparency.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
