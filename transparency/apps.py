from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "transparency"
    verbose_name = _("The fund in figures")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from payments.signals import statuses_recomputed

        from .models import Figures
        from .selectors import forget_refreshed_at
        from .tasks import refresh_soon

        statuses_recomputed.connect(refresh_soon, dispatch_uid="transparency.refresh_soon")
        post_save.connect(forget_refreshed_at, sender=Figures, dispatch_uid="transparency.figures-save")
        post_delete.connect(forget_refreshed_at, sender=Figures, dispatch_uid="transparency.figures-delete")
