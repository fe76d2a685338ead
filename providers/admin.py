"""Fund staff's side of provider access: switch organisations and accounts on and off, open accounts, see the
look-ups per organisation for a period, and export them as CSV (the export is written to the access log)."""

from __future__ import annotations

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import audit
from accounts.audit import AuditedAdminMixin, RecordsOnlyAdminMixin
from accounts.spreadsheets import inert
from accounts.validators import validate_iin
from coverage.models import MedicalOrganisation

from . import selectors, services
from .models import ProviderAccount, ProviderLookup, ProviderOrganisation

MAX_EXPORT_DAYS = 366


def changed_field(model, name: str) -> list[dict]:
    """The change message of a switch, naming the field as the admin's own messages do (its English label, which
    the history page translates), not by its name in code."""
    with translation.override(None):
        return [{"changed": {"fields": [str(capfirst(model._meta.get_field(name).verbose_name))]}}]


# --- organisations ------------------------------------------------------------------------------------------


@admin.register(ProviderOrganisation)
class ProviderOrganisationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "bin", "region", "access_enabled", "lookups_per_minute", "lookups_per_day"]
    list_filter = ["access_enabled", "organisation__region", "organisation__kind"]
    search_fields = ["=organisation__bin", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    readonly_fields = ["changed_at"]
    actions = ["switch_on", "switch_off"]

    def get_readonly_fields(self, request, obj=None):
        return ["organisation", "changed_at"] if obj is not None else ["changed_at"]

    @admin.display(description=_("BIN"), ordering="organisation__bin")
    def bin(self, obj):
        return obj.organisation.bin

    @admin.display(description=_("region"))
    def region(self, obj):
        return obj.organisation.get_region_display()

    @admin.action(description=_("Switch provider access on"), permissions=["change"])
    def switch_on(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description=_("Switch provider access off"), permissions=["change"])
    def switch_off(self, request, queryset):
        self._switch(request, queryset, False)

    def _switch(self, request, queryset, enabled: bool):
        changed = 0
        for switch in queryset.filter(access_enabled=not enabled):  # save() each: the admin log keeps who did it
            switch.access_enabled = enabled
            switch.save(update_fields=["access_enabled", "changed_at"])
            self.log_change(request, switch, changed_field(ProviderOrganisation, "access_enabled"))
            changed += 1
        self.message_user(request, ngettext("%d organisation changed.", "%d organisations changed.", changed) % changed)


# --- accounts -----------------------------------------------------------------------------------------------


class ProviderAccountAddForm(forms.ModelForm):
    """A new account: the employee's IIN (their login), name and e-mail, and their organisation."""

    iin = forms.CharField(label=_("Employee's IIN (their login)"), max_length=20, validators=[validate_iin])
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The link to choose a password is sent here."))

    class Meta:
        model = ProviderAccount
        fields = ["iin", "last_name", "first_name", "email", "organisation", "active"]

    def clean_iin(self):
        from accounts.models import User

        iin = validate_iin(self.cleaned_data["iin"])
        user = User.objects.filter(username=iin).first()
        if user is not None and (user.is_staff or user.is_superuser):
            raise forms.ValidationError(
                _("This IIN belongs to a fund staff login, which cannot be a provider account.")
            )
        if user is not None and ProviderAccount.objects.filter(user=user).exists():
            raise forms.ValidationError(_("This login is already linked to a medical organisation."))
        return iin

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if not organisation.is_fund_supplier or not organisation.active:
            raise forms.ValidationError(_("Only active organisations that supply the fund get provider access."))
        return organisation


@admin.register(ProviderAccount)
class ProviderAccountAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "full_name", "organisation", "active", "created_at"]
    list_filter = ["active", "organisation__region"]
    search_fields = ["=user__username", "user__last_name", "=organisation__bin", "organisation__name"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["user", "organisation"]
    actions = ["switch_on", "switch_off", "send_password_link"]

    def audit_subject(self, obj):
        return obj.user.username if audit.looks_like_iin(obj.user.username) else ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ProviderAccountAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["iin", "last_name", "first_name", "email", "organisation", "active"]
        return ["user", "full_name", "organisation", "active", "created_at", "created_by"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "full_name", "created_at", "created_by"] if obj is not None else []

    @admin.display(description=_("name"))
    def full_name(self, obj):
        return obj.user.get_full_name()

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            try:
                obj.user = services.provider_user_get_or_create(
                    iin=data["iin"], last_name=data["last_name"], first_name=data["first_name"], email=data["email"]
                )
            except services.AccountRefused as refused:  # a race with another operator: the form checked already
                raise PermissionDenied(refused.code) from None
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        services.organisation_access_ensure(obj.organisation)

    @admin.action(description=_("Switch the selected accounts on"), permissions=["change"])
    def switch_on(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description=_("Switch the selected accounts off"), permissions=["change"])
    def switch_off(self, request, queryset):
        self._switch(request, queryset, False)

    def _switch(self, request, queryset, active: bool):
        changed = 0
        for account in queryset.filter(active=not active):
            account.active = active
            account.save(update_fields=["active"])
            self.log_change(request, account, changed_field(ProviderAccount, "active"))
            changed += 1
        self.message_user(request, ngettext("%d account changed.", "%d accounts changed.", changed) % changed)

    @admin.action(description=_("E-mail a link to choose a password"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent = sum(services.password_link_send(account.user, request=request) for account in queryset)
        self.message_user(request, ngettext("%d letter sent.", "%d letters sent.", sent) % sent)
        if sent < queryset.count():
            self.message_user(request, _("Accounts without an e-mail or switched off got no letter."), messages.WARNING)


# --- look-ups -----------------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first"), data.get("last")
        if first and last and first > last:
            raise forms.ValidationError(_("The period ends before it starts."))
        if first and last and (last - first).days >= MAX_EXPORT_DAYS:
            raise forms.ValidationError(_("Choose a period of at most a year."))
        return data


class ExportForm(PeriodForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation (empty: all)"),
        queryset=MedicalOrganisation.objects.all(),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("BIN")}),
        to_field_name="bin",
    )
    reason = forms.CharField(
        label=_("Why you export"), max_length=200, help_text=_("Written to the access log with your name.")
    )


class _Echo:
    def write(self, value):
        return value


@admin.register(ProviderLookup)
class ProviderLookupAdmin(AuditedAdminMixin, RecordsOnlyAdminMixin, admin.ModelAdmin):
    """Every look-up, read-only: filters, counts per organisation for a period, and an audited CSV export."""

    list_display = ["at", "organisation", "user", "iin", "reason", "channel", "insured"]
    list_filter = ["reason", "channel", "insured", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["=iin", "=organisation__bin", "=user__username"]
    date_hierarchy = "at"
    list_select_related = ["organisation", "user"]
    show_full_result_count = False
    change_list_template = "providers/admin/lookup_change_list.html"

    def audit_subject(self, obj):
        return obj.iin

    def get_urls(self):
        return [
            path("summary/", self.admin_site.admin_view(self.summary_view), name="providers_providerlookup_summary"),
            path("export/", self.admin_site.admin_view(self.export_view), name="providers_providerlookup_export"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, "title": title}

    @staticmethod
    def _default_period() -> dict:
        today = timezone.localdate()
        return {"first": today.replace(day=1), "last": today}

    def summary_view(self, request):
        """Look-ups, distinct patients and the latest look-up per organisation, for a period."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PeriodForm(request.GET or None, initial=self._default_period())
        period = form.cleaned_data if form.is_bound and form.is_valid() else self._default_period()
        rows = [] if form.is_bound and not form.is_valid() else selectors.counts_by_organisation(**period)
        changelist = reverse("admin:providers_providerlookup_changelist")
        since, until = f"{period['first']:%Y-%m-%d}", f"{period['last']:%Y-%m-%d}"
        links = [
            f"{changelist}?organisation__id__exact={row.organisation.pk}&at__date__gte={since}&at__date__lte={until}"
            for row in rows
        ]
        context = self._context(request, _("Look-ups per organisation"))
        context.update(
            form=form,
            period=period,
            rows=list(zip(rows, links, strict=True)),
            total=sum(row.lookups for row in rows),
            export_url=reverse("admin:providers_providerlookup_export")
            + f"?first={period['first']:%Y-%m-%d}&last={period['last']:%Y-%m-%d}",
        )
        return render(request, "providers/admin/lookup_summary.html", context)

    def export_view(self, request):
        """CSV of the look-ups of a period (one organisation or all); the export itself goes to the access log."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = ExportForm(request.POST)
            if form.is_valid():
                return self._export(request, form.cleaned_data)
        else:
            form = ExportForm(initial={**self._default_period(), **request.GET.dict()})
        context = self._context(request, _("Export look-ups (CSV)"))
        context["form"] = form
        return render(request, "providers/admin/lookup_export.html", context)

    def _export(self, request, data: dict):
        first, last, organisation = data["first"], data["last"], data["organisation"]
        rows = selectors.lookups_in_period(first, last, organisation_id=organisation.pk if organisation else None)
        count = rows.count()
        scope = f"{organisation.bin}" if organisation else "all organisations"
        audit.record(
            actor=request.user,
            action=services.EXPORT,
            obj=f"{count} look-ups, {first:%Y-%m-%d} to {last:%Y-%m-%d}, {scope}",
            reason=data["reason"],
            request=request,
        )
        writer = csv.writer(_Echo(), delimiter=";")
        header = ["at", "organisation_bin", "organisation", "user", "patient_iin", "reason", "channel", "insured"]

        def lines():
            yield "\ufeff" + writer.writerow(header)
            values = rows.order_by("at", "id").values_list(
                "at", "organisation__bin", "organisation__name", "user__username", "iin", "reason", "channel", "insured"
            )
            for at, bin_, name, username, iin, reason, channel, insured in values.iterator(chunk_size=2000):
                yield writer.writerow(
                    [
                        timezone.localtime(at).strftime("%Y-%m-%d %H:%M:%S"),
                        bin_,
                        inert(name),
                        inert(username),
                        iin,
                        reason,
                        channel,
                        "yes" if insured else "no",
                    ]
                )

        name = f"lookups-{first:%Y%m%d}-{last:%Y%m%d}{'-' + organisation.bin if organisation else ''}.csv"
        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
