"""The benefit catalogue and medical organisations for fund staff: every language side by side, with history.

Catalogue editors edit texts in Kazakh, Russian and English (django-modeltranslation) and see who changed what
(django-simple-history; the request's user is recorded by the history middleware). A new package version is
made as an unpublished copy and published with an action (coverage.services); organisations are imported from
CSV on their own page (coverage.organisations).
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from accounts import audit
from plumbing.history import HistoryAdmin

from . import organisations
from .models import (
    Change,
    Condition,
    Disease,
    DiseaseList,
    Item,
    MedicalOrganisation,
    OrganisationImport,
    OrganisationQuarantine,
    Package,
    Section,
)
from .services import CatalogueRefused, package_copy_as_draft, package_publish, previous_published

IMPORT_MAX_BYTES = 20_000_000
REJECTED_SHOWN = 200


class CatalogueAdmin(HistoryAdmin, TranslationAdmin):
    """Every language's fields, and the History page listing each change with its author."""


# --- packages, sections, items ---------------------------------------------------------------------------------


class SectionInline(TranslationTabularInline):
    model = Section
    fields = ["order", "code", "group", "name"]
    extra = 0
    show_change_link = True


class ItemInline(TranslationStackedInline):
    model = Item
    fields = ["order", "text", "condition", "condition_note"]
    extra = 0


class DraftForm(forms.Form):
    version = forms.CharField(label=_("New version label"), max_length=16)
    valid_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


@admin.register(Package)
class PackageAdmin(CatalogueAdmin):
    list_display = ["name", "code", "version", "kind", "valid_from", "valid_to", "published"]
    list_filter = ["code", "kind", "published"]
    search_fields = ["code", "version", "name_kk", "name_ru", "name_en"]
    readonly_fields = ["published"]
    inlines = [SectionInline]
    actions = ["copy_as_draft", "publish"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.published = False  # a new version is published with the action, which closes the previous one
        super().save_model(request, obj, form, change)

    def _intermediate(self, request, template: str, context: dict):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            **context,
        }
        return render(request, f"admin/coverage/package/{template}", context)

    @admin.action(description=_("Copy as a new draft version"), permissions=["add"])
    def copy_as_draft(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one package version to copy."), messages.WARNING)
            return None
        package = queryset.get()
        start = (package.valid_to + timedelta(days=1)) if package.valid_to else timezone.localdate()
        form = DraftForm(request.POST if "apply" in request.POST else None, initial={"valid_from": start})
        if form.is_valid():
            try:
                draft = package_copy_as_draft(
                    package, version=form.cleaned_data["version"], valid_from=form.cleaned_data["valid_from"],
                    by=request.user,
                )  # fmt: skip
            except CatalogueRefused as refusal:
                form.add_error("version" if refusal.code.startswith("version") else None, refusal.message)
            else:
                self.message_user(
                    request,
                    _("Draft %(draft)s made from %(package)s. Check it, then publish it.")
                    % {"draft": draft, "package": package},
                    messages.SUCCESS,
                )
                return redirect("admin:coverage_package_change", draft.pk)
        return self._intermediate(
            request,
            "copy_as_draft.html",
            {"title": _("Copy as a new draft version"), "package": package, "form": form, "action": "copy_as_draft"},
        )

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish(self, request, queryset):
        drafts = list(queryset.order_by("code", "valid_from"))
        if "apply" in request.POST:
            for draft in drafts:
                try:
                    previous = package_publish(draft, by=request.user)
                except CatalogueRefused as refusal:
                    self.message_user(request, f"{draft}: {refusal.message}", messages.ERROR)
                    continue
                if previous is not None:
                    previous.refresh_from_db()
                    text = _("%(draft)s is published; %(previous)s is in force until %(end)s.") % {
                        "draft": draft, "previous": previous, "end": previous.valid_to.strftime("%d.%m.%Y"),
                    }  # fmt: skip
                else:
                    text = _("%(draft)s is published.") % {"draft": draft}
                self.message_user(request, text, messages.SUCCESS)
            return None
        plan = []
        for draft in drafts:
            previous = previous_published(draft)
            problem = ""
            if draft.published:
                problem = CatalogueRefused("already_published").message
            elif previous is not None and draft.valid_from <= previous.valid_from:
                problem = CatalogueRefused("not_after_previous").message
            plan.append(
                {"draft": draft, "previous": previous, "end": draft.valid_from - timedelta(days=1), "problem": problem}
            )
        return self._intermediate(
            request,
            "publish.html",
            {"title": _("Publish package versions"), "plan": plan, "action": "publish"},
        )


@admin.register(Section)
class SectionAdmin(CatalogueAdmin):
    list_display = ["name", "code", "group", "order", "package"]
    list_filter = ["package__code", "package"]
    list_select_related = ["package"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    inlines = [ItemInline]


@admin.register(Item)
class ItemAdmin(CatalogueAdmin):
    list_display = ["__str__", "section", "order", "condition"]
    list_filter = ["condition", "section__package__code", "section__code"]
    list_select_related = ["section", "condition"]
    search_fields = ["text_kk", "text_ru", "text_en"]
    autocomplete_fields = ["section"]


@admin.register(Condition)
class ConditionAdmin(TranslationAdmin):
    list_display = ["code", "label"]
    search_fields = ["code", "label_kk", "label_ru", "label_en"]


@admin.register(DiseaseList)
class DiseaseListAdmin(CatalogueAdmin):
    list_display = ["code", "name", "package_code", "valid_from", "valid_to"]
    list_filter = ["package_code"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]


@admin.register(Disease)
class DiseaseAdmin(CatalogueAdmin):
    list_display = ["icd10", "name"]
    list_filter = ["lists"]
    search_fields = ["icd10", "name_kk", "name_ru", "name_en"]
    filter_horizontal = ["lists"]


@admin.register(Change)
class ChangeAdmin(TranslationAdmin):
    list_display = ["code", "date", "__str__"]
    list_filter = ["date"]
    search_fields = ["code", "text_kk", "text_ru", "text_en"]
    date_hierarchy = "date"


# --- medical organisations ---------------------------------------------------------------------------------------


class OrganisationUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8, ;-separated)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": IMPORT_MAX_BYTES // 1_000_000})
        head = upload.read(65_536)
        upload.seek(0)
        if not upload.name.lower().endswith(".csv") or b"\0" in head or head.startswith((b"PK\x03\x04", b"%PDF")):
            raise forms.ValidationError(_("Only a CSV file (UTF-8 text, ;-separated) is accepted."))
        return upload


@admin.register(MedicalOrganisation)
class MedicalOrganisationAdmin(CatalogueAdmin):
    list_display = ["name", "bin", "region", "kind", "is_fund_supplier", "active"]
    list_filter = ["region", "kind", "is_fund_supplier", "active"]
    search_fields = ["=bin", "name_kk", "name_ru", "name_en", "address"]

    def has_import_permission(self, request) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="coverage_medicalorganisation_import"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import organisations (CSV)"),
            "header": ";".join(organisations.HEADER),
            "max_mb": IMPORT_MAX_BYTES // 1_000_000,
        }
        form = OrganisationUploadForm()
        if request.method == "POST":
            form = OrganisationUploadForm(request.POST, request.FILES)
            if getattr(request, "upload_too_large", False):
                form = OrganisationUploadForm()
                form.add_error(None, _("The file is larger than %(mb)d MB.") % {"mb": IMPORT_MAX_BYTES // 1_000_000})
            elif form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    summary = self._run_import(upload, request.user)
                except organisations.FileRefused as refusal:
                    form.add_error("file", _("Refused, nothing was stored: %(reason)s") % {"reason": refusal.message})
                else:
                    context.update(self._summary_context(request, summary, upload.name))
                    form = OrganisationUploadForm()
        context["form"] = form
        return render(request, "admin/coverage/medicalorganisation/import.html", context)

    def _run_import(self, upload, user) -> organisations.Summary:
        reason = f"admin import {upload.name}"[:100]
        if hasattr(upload, "temporary_file_path"):
            return organisations.organisations_import(upload.temporary_file_path(), by=user, reason=reason)
        with tempfile.NamedTemporaryFile(suffix=".csv") as copy:
            for chunk in upload.chunks():
                copy.write(chunk)
            copy.flush()
            return organisations.organisations_import(Path(copy.name), by=user, reason=reason)

    def _summary_context(self, request, summary: organisations.Summary, name: str) -> dict:
        download = None
        if summary.rejected and summary.batch_id:
            download = reverse("admin:coverage_organisationimport_quarantine", args=[summary.batch_id])
        return {
            "summary": summary,
            "file_name": name,
            "rejected_shown": summary.rejected[:REJECTED_SHOWN],
            "rejected_more": max(len(summary.rejected) - REJECTED_SHOWN, 0),
            "download": download,
        }


class OrganisationQuarantineInline(admin.TabularInline):
    model = OrganisationQuarantine
    fields = ["line", "reason_label", "raw"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    max_num = 0

    @admin.display(description=_("reason"))
    def reason_label(self, obj):
        return organisations.REASONS.get(obj.reason, obj.reason)


@admin.register(OrganisationImport)
class OrganisationImportAdmin(admin.ModelAdmin):
    """Every organisation upload, with its counts and its quarantined lines (downloadable as CSV)."""

    list_display = ["name", "created_at", "uploaded_by", "rows", "created", "updated", "unchanged", "rejected"]
    readonly_fields = ["name", "created_at", "uploaded_by", "rows", "created", "updated", "unchanged", "rejected"]
    inlines = [OrganisationQuarantineInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        download = self.admin_site.admin_view(self.quarantine_csv)
        return [
            path("<int:pk>/quarantine.csv", download, name="coverage_organisationimport_quarantine"),
            *super().get_urls(),
        ]

    def quarantine_csv(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = OrganisationImport.objects.filter(pk=pk).first()
        if batch is None:
            raise Http404
        audit.record(
            actor=request.user,
            action="coverage.organisationimport.quarantine_export",
            obj=f"rejected lines of organisation import {batch.pk} (CSV)",
            request=request,
        )
        rows = [organisations.Rejected(q.line, q.reason, q.raw) for q in batch.quarantine.all()]
        response = HttpResponse("\ufeff" + organisations.rejected_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="organisations-quarantine-{batch.pk}.csv"'
        return response
