from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from .audit import AuditedAdminMixin, RecordsOnlyAdminMixin
from .models import AccessRecord, Person, User

# API tokens are bearer credentials: the admin must not list them for anyone to copy (DRF registers them). A token
# is revoked by its owner (DELETE /api/v1/auth/token) or by switching the account off.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


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
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
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
