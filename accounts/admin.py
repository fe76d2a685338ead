from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from .audit import AuditedAdminMixin, RecordsOnlyAdminMixin
from .forms import StaffSignInForm
from .models import AccessRecord, Person, User

# The admin's sign-in counts failures and pauses like the portal's (accounts.lockout).
admin.site.login_form = StaffSignInForm

# API tokens are bearer credentials: the admin must not list them for anyone to copy (DRF registers them). A token
# is revoked by its owner (DELETE /api/v1/auth/token) or by switching the account off.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


# Django stores a permission's name in English when the tables are made ("Can add payment register") and the user
# and group pages list it so; they list it in the reader's language instead, from the model's verbose name.
PERMISSION_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}


def permission_label(permission: Permission) -> str:
    """A permission as Permission.__str__ writes it (section | model | Can add model), in the reader's language."""
    model = permission.content_type.model_class()
    if model is None:  # a model that is gone: Django's own words
        return str(permission)
    opts = model._meta
    recorded = getattr(model, "instance_type", None)  # django-simple-history's copy of a model ("historical …")
    name = _("historical %(name)s") % {"name": recorded._meta.verbose_name} if recorded else opts.verbose_name
    action, _sep, model_name = permission.codename.partition("_")
    if action in PERMISSION_ACTIONS and model_name == opts.model_name:
        text = PERMISSION_ACTIONS[action] % {"name": name}
    else:
        text = gettext(permission.name)  # the model's own permissions are named with gettext_lazy
    return f"{opts.app_config.verbose_name} | {name} | {capfirst(text)}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.remote_field.model is not Permission:
            return super().formfield_for_manytomany(db_field, request=request, **kwargs)
        kwargs["queryset"] = kwargs.get("queryset", Permission.objects).select_related("content_type")
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        field.label_from_instance = permission_label
        return field


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for setting a user's password, its warning translated: Django 5.2 writes it in English and
    joins it to the translated help text when the module is imported, so neither is ever translated."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, BaseGroupAdmin):
    pass


@admin.register(Person)
class PersonAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["iin", "last_name", "first_name", "middle_name", "birth_date", "residency", "region"]
    list_filter = ["residency", "region", "sex"]
    search_fields = ["=iin", "last_name"]
    show_full_result_count = False
    readonly_fields = ["created_at", "updated_at"]

    def audit_subject(self, obj):
        return obj.iin


@admin.register(User)
class UserAdmin(AuditedAdminMixin, PermissionLabelsMixin, BaseUserAdmin):
    change_password_form = PasswordChangeForm
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    search_fields = ["=username", "last_name", "email"]
    raw_id_fields = ["person"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Citizen"), {"fields": ["person", "phone", "language"]}),
    )

    def audit_subject(self, obj):
        return obj.person_id or ""


@admin.register(AccessRecord)
class AccessRecordAdmin(AuditedAdminMixin, RecordsOnlyAdminMixin, admin.ModelAdmin):
    """The access log for auditors: searchable and filterable, and read-only for everyone, superusers too.

    Reading it is itself recorded (it names whose data was opened)."""

    list_display = ["at", "action", "actor", "actor_organisation", "subject_iin", "object", "reason", "client_address"]
    list_filter = ["action", "actor_organisation"]
    search_fields = ["=subject_iin", "=actor__username", "actor_organisation", "object", "reason", "=client_address"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False
    fields = ["at", "action", "actor", "actor_organisation", "subject_iin", "object", "reason", "client_address"]
    readonly_fields = fields

    def audit_subject(self, obj):
        return obj.subject_iin
