from django.contrib import admin

from .models import CategoryMembership, Payment, PreferentialCategory, Register


@admin.register(Register)
class RegisterAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at", "uploaded_by"]
    readonly_fields = ["sha256", "created_at", "uploaded_by"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["iin", "period", "knp", "amount", "sender_id", "received_on", "state"]
    list_filter = ["knp", "state"]
    search_fields = ["=iin", "=sender_id"]
    show_full_result_count = False
    list_select_related = ["register"]
    raw_id_fields = ["register"]


@admin.register(PreferentialCategory)
class PreferentialCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "budget"]


@admin.register(CategoryMembership)
class CategoryMembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "category", "start", "end"]
    list_filter = ["category"]
    search_fields = ["=person__iin"]
    raw_id_fields = ["person"]
