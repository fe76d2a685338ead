from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Person, User


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
