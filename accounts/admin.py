from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, SetUnusablePasswordMixin
from django.contrib.auth.models import Group, Permission
from django.utils.formats import date_format
from django.utils.text import capfirst, format_lazy
from django.utils.timezone import localtime
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from . import second_factor, services
from .audit import AuditedAdminMixin, RecordsOnlyAdminMixin
from .models import AccessRecord, Person, User

# API tokens are bearer credentials: the admin must not list them for anyone to copy (DRF registers them). A token
# is revoked by its owner (DELETE /api/v1/auth/token) or by switching the account off.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)

# Second-factor devices hold secrets (the app's key, the recovery codes): django-otp's admin pages for them are
# not offered. An administrator resets a staff member's factor with the action on the list of users.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


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
class UserAdmin(AuditedAdminMixin, PermissionLabelsMixin, BaseUserAdmin):
    change_password_form = PasswordChangeForm
    list_display = ["username", "last_name", "first_name", "email", "is_staff", "is_active", "identity_confirmed_at"]
    list_filter = [AwaitingConfirmationFilter, *BaseUserAdmin.list_filter]
    search_fields = ["=username", "last_name", "email"]
    raw_id_fields = ["person"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Second factor"), {"fields": ["second_factor"]}),
        (_("Citizen"), {"fields": ["person", "phone", "language", "identity_confirmed_at", "identity_confirmed_by"]}),
    )
    readonly_fields = ["second_factor", "identity_confirmed_at", "identity_confirmed_by"]
    actions = ["confirm_identity", "reset_second_factor"]

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

    @admin.display(description=_("second factor"))
    def second_factor(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        app = second_factor.app_device(obj)
        left = second_factor.recovery_codes_left(obj)
        if app is None:
            if second_factor.required(obj):
                return gettext("Not set up: asked for at the next sign-in.")
            return gettext("Not needed (not a staff account).")
        when = date_format(localtime(app.created_at), "SHORT_DATE_FORMAT") if app.created_at else "—"
        return ngettext(
            "Authenticator app set up on %(date)s; %(count)d recovery code left. "
            "To make them set it up again, use the action “Reset the second factor” on the list of users.",
            "Authenticator app set up on %(date)s; %(count)d recovery codes left. "
            "To make them set it up again, use the action “Reset the second factor” on the list of users.",
            left,
        ) % {"date": when, "count": left}

    def has_reset_second_factor_permission(self, request):
        return request.user.has_perm("accounts.reset_second_factor")

    @admin.action(
        description=_("Reset the second factor (they set it up again at the next sign-in)"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        done, others = 0, 0
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(
                    request,
                    gettext(
                        "You cannot reset your own second factor. Under “Second factor” you can set up a new app "
                        "or make new recovery codes; if you lost them all, ask another administrator."
                    ),
                    messages.ERROR,
                )
                continue
            others += 1
            if second_factor.reset(user, by=request.user, request=request):
                # The user's history in the admin shows it too (the access log is where auditors search).
                self.log_change(request, user, [{"changed": {"fields": [gettext_noop("second factor")]}}])
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "The second factor of %(count)d account was reset: it is set up again at the next sign-in.",
                    "The second factors of %(count)d accounts were reset: each is set up again at the next sign-in.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )
        elif others:
            self.message_user(request, gettext("None of these accounts had a second factor to reset."), messages.INFO)


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
