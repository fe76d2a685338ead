from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from . import services
from .audit import AuditedAdminMixin, RecordsOnlyAdminMixin
from .forms import StaffSignInForm
from .models import AccessRecord, Person, User

# The admin's sign-in counts failures and pauses like the portal's (accounts.lockout).
admin.site.login_form = StaffSignInForm

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


class AwaitingConfirmationFilter(admin.SimpleListFilter):
    title = _("identity")
    parameter_name = "identity"

    def lookups(self, request, model_admin):
        return [("waiting", _("awaiting confirmation")), ("confirmed", _("confirmed"))]

    def queryset(self, request, queryset):
        citizens = queryset.filter(is_staff=False, username__regex=r"^[0-9]{12}$")
        if self.value() == "waiting":
            return citizens.filter(person__isnull=True)
        if self.value() == "confirmed":
            return citizens.filter(person__isnull=False)
        return queryset


@admin.register(User)
class UserAdmin(AuditedAdminMixin, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active", "identity_confirmed_at"]
    list_filter = [AwaitingConfirmationFilter, *BaseUserAdmin.list_filter]
    search_fields = ["=username", "last_name", "email"]
    raw_id_fields = ["person"]
    readonly_fields = ["identity_confirmed_at", "identity_confirmed_by"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Citizen"), {"fields": ["person", "phone", "language", "identity_confirmed_at", "identity_confirmed_by"]}),
    )
    actions = ["confirm_identity"]

    def audit_subject(self, obj):
        return obj.person_id or ""

    def has_confirm_permission(self, request):
        return request.user.has_perm("accounts.confirm_user")

    @admin.action(
        permissions=["confirm"],
        description=_("Confirm identity: I have checked this person's ID document and its IIN in person"),
    )
    def confirm_identity(self, request, queryset):
        """One account at a time: each confirmation stands for one identity document seen by this staff member."""
        if queryset.count() != 1:
            self.message_user(request, _("Select one account: each confirmation is for one ID document."), "error")
            return
        try:
            user = services.identity_confirm(queryset.get(), by=request.user, request=request)
        except services.IdentityNotConfirmed as refusal:
            reasons = {
                "not_waiting": _("This account is not waiting for confirmation."),
                "own_account": _("You cannot confirm your own account."),
            }
            self.message_user(request, reasons[refusal.code], "error")
            return
        self.message_user(request, _("Identity confirmed for IIN %(iin)s.") % {"iin": user.username}, "success")


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
