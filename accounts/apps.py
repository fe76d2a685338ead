from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(**kwargs):
    # Permissions of new models exist only after migrate; keep the role groups in step.
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_roles

    sync_roles(Group, Permission)


class AccountsConfig(AppConfig):
    default = True  # the app's config; StaffAdminConfig below is the admin's
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("People and accounts")

    def ready(self):
        post_migrate.connect(_sync_roles, dispatch_uid="accounts.sync_roles")


class StaffAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, whose default site (`admin.site`) asks fund staff for a second factor."""

    default = False
    default_site = "accounts.admin_site.StaffAdminSite"
