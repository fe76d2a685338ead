from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = _("Payments and insurance status")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Register
        from .selectors import RULE_TABLES, forget_latest_register, forget_rulebook

        for model in RULE_TABLES:
            post_save.connect(forget_rulebook, sender=model, dispatch_uid=f"rulebook-save-{model.__name__}")
            post_delete.connect(forget_rulebook, sender=model, dispatch_uid=f"rulebook-delete-{model.__name__}")
        post_save.connect(forget_latest_register, sender=Register, dispatch_uid="latest-register-save")
        post_delete.connect(forget_latest_register, sender=Register, dispatch_uid="latest-register-delete")
