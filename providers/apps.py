from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvidersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "providers"
    verbose_name = _("Medical organisations at the front desk")

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings check)
