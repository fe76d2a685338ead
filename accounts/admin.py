from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccessRecord, Person, User


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["iin", "last_name", "first_name", "middle_name", "birth_date", "residency", "region"]
    list_filter = ["residency", "region", "sex"]
    search_fields = ["=iin", "last_name"]
    show_full_result_count = False
    readonly_fields = ["created_at", "updated_at"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active"]
    search_fields = ["=username", "last_name", "email"]
    raw_id_fields = ["person"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Citizen"), {"fields": ["person", "phone", "language"]}),
    )


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """The access log for auditors: searchable and filterable, and read-only for everyone, superusers too."""

    list_display = ["at", "action", "actor", "actor_organisation", "subject_iin", "object", "reason", "client_address"]
    list_filter = ["action", "actor_organisation"]
    search_fields = ["=subject_iin", "=actor__username", "actor_organisation", "object", "reason", "=client_address"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    show_full_result_count = False
    fields = ["at", "action", "actor", "actor_organisation", "subject_iin", "object", "reason", "client_address"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
