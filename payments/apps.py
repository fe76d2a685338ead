from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = _("Payments and insurance status")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .selectors import RULE_TABLES, forget_rulebook

        for model in RULE_TABLES:
            post_save.connect(forget_rulebook, sender=model, dispatch_uid=f"rulebook-save-{model.__name__}")
            post_delete.connect(forget_rulebook, sender=model, dispatch_uid=f"rulebook-delete-{model.__name__}")
