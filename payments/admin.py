"""Fund staff's payments work: registers (upload, progress, quarantine), rules with history, statuses."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.audit import AuditedAdminMixin
from accounts.spreadsheets import inert
from plumbing.history import HistoryAdmin

from . import importing
from .models import (
    BaseRate,
    Basis,
    CategoryDocument,
    CategoryMembership,
    CategoryRequest,
    ContributionRate,
    EmployerArrear,
    MinimumWage,
    Payment,
    PersonStatus,
    PreferentialCategory,
    QuarantinedRow,
    Register,
    StateRate,
    StatusChange,
)
from .selectors import register_progress
from .tasks import UNSENT

REASON_LABELS = {
    importing.COLUMNS: _("wrong number of columns"),
    importing.IIN: _("IIN check digit is wrong"),
    importing.SENDER: _("sender IIN/BIN check digit is wrong"),
    importing.KNP: _("KNP is not a number"),
    importing.NOT_OSMS: _("not an OSMS payment (KNP other than 121 or 122)"),
    importing.RECEIVED_ON: _("received date is not a date DD.MM.YYYY"),
    importing.PERIOD: _("period is not a month MMYYYY"),
    importing.PERIOD_EARLY: _("period before July 2017"),
    importing.PERIOD_AHEAD: _("period more than 12 months ahead"),
    importing.AMOUNT: _("amount is not a positive number"),
    importing.STATE: _("state is neither accepted nor rejected"),
    importing.NUMBER: _("payment number is missing or too long"),
    importing.TOO_LONG: _("a name is too long"),
    importing.CATEGORY: _("unknown preferential category"),
    importing.START: _("start date is not a date"),
    importing.END: _("end date is not a date or comes before the start"),
}
STATUS_REASON_LABELS = {
    "no_payments": _("no payments at all"),
    "gap": _("months without contributions"),
    "incomplete": _("employer paid 121 without 122"),
    "underpaid": _("self-payment below the monthly amount"),
    "lump_sum": _("several months paid as one"),
    "vacation_lump": _("vacation pay not split by month"),
    "category_lapsed": _("preferential category ended"),
}
REFUSAL_LABELS = {
    "empty": _("The file is empty."),
    "header": _("The first line is not the register header."),
    "encoding": _("The file is not UTF-8 text and cannot be read safely."),
    "format": _("The file cannot be read as CSV or XLSX."),
    "error": _("The import stopped with an error; nothing was stored. Run it again or call support."),
    UNSENT: _(
        "The task queue is unavailable. The register is stored, and its import starts by itself when the queue is back."
    ),
}


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows the portal computes or receives: staff read them, nobody types them in."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RegisterUploadForm(forms.ModelForm):
    class Meta:
        model = Register
        fields = ["kind", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("Choose a register file (CSV or XLSX)."))
        if upload.size > settings.REGISTER_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)d MB. Split it into smaller registers.")
                % {"mb": settings.REGISTER_MAX_BYTES // 1_000_000}
            )
        head = upload.read(65_536)
        upload.seek(0)
        name = upload.name.lower()
        if head.startswith(importing.XLSX_MAGIC):
            if not name.endswith(".xlsx"):
                raise forms.ValidationError(_("This is a spreadsheet; name it .xlsx."))
        elif not name.endswith(".csv") or b"\0" in head:
            raise forms.ValidationError(_("Only CSV (UTF-8, ;-separated) or XLSX registers are accepted."))
        return upload


@admin.register(Register)
class RegisterAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "created_at",
        "state",
        "rows",
        "imported",
        "duplicates",
        "quarantined",
        "uploaded_by",
    ]
    list_filter = ["kind", "state"]
    search_fields = ["name", "=sha256"]
    readonly_fields = [
        "name", "kind", "sha256", "uploaded_by", "created_at", "state", "outcome", "rows", "imported", "duplicates",
        "quarantined", "finished_at", "progress",
    ]  # fmt: skip
    fields = readonly_fields
    form = RegisterUploadForm

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["kind", "file"]
        return [name for name in self.readonly_fields if name != "outcome" or obj.message]  # no empty outcome row

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        """An uploaded register is only read: its page offers no save buttons, and a POST to it is refused."""
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # payments keep the register they came in

    @admin.display(description=_("outcome"))
    def outcome(self, obj):
        return REFUSAL_LABELS.get(obj.message, obj.message)

    @admin.display(description=_("progress"))
    def progress(self, obj):
        url = reverse("admin:payments_register_progress", args=[obj.pk])
        return format_html(
            '<div hx-get="{}" hx-trigger="load, every 1s" hx-swap="innerHTML">{}</div>',
            url,
            render_progress(obj),
        )

    def save_model(self, request, obj, form, change):
        obj.name = form.cleaned_data["file"].name[:255]
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        from .tasks import send_import

        def send():
            if send_import(obj.pk):
                messages.info(request, _("The register is queued for import. This page shows its progress."))
            else:
                messages.warning(request, REFUSAL_LABELS[UNSENT])

        transaction.on_commit(send)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "POST":
            request.FILES  # noqa: B018 - parse the upload now, so that a stopped one is known
            if getattr(request, "upload_too_large", False):
                messages.error(
                    request,
                    _("The file is larger than %(mb)d MB. Split it into smaller registers.")
                    % {"mb": settings.REGISTER_MAX_BYTES // 1_000_000},
                )
                return redirect("admin:payments_register_add")
        return super().add_view(request, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:payments_register_change", obj.pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/progress/", self.admin_site.admin_view(self.progress_view), name="payments_register_progress"
            ),
            path(
                "<int:pk>/quarantine.csv",
                self.admin_site.admin_view(self.quarantine_csv),
                name="payments_register_quarantine",
            ),  # fmt: skip
            *super().get_urls(),
        ]

    def progress_view(self, request, pk):
        if not self.has_view_permission(request):
            return JsonResponse({}, status=403)
        register = get_object_or_404(Register, pk=pk)
        finished = register.state in (Register.State.DONE, Register.State.REFUSED, Register.State.FAILED)
        return HttpResponse(render_progress(register), status=286 if finished else 200)  # 286: htmx stops polling

    def quarantine_csv(self, request, pk):
        if not self.has_view_permission(request):
            return JsonResponse({}, status=403)
        register = get_object_or_404(Register, pk=pk)
        audit.record(
            actor=request.user,
            action="payments.register.quarantine_export",
            obj=f"quarantined rows of register {register.pk} ({register.quarantined} rows, CSV)",
            request=request,
        )

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo(), delimiter=";")
        rows = register.quarantine.order_by("line").values_list("line", "reason", "raw").iterator(chunk_size=5000)
        # A line as received may begin like a spreadsheet formula: written as text, never run.
        body = (writer.writerow([line, reason, inert(raw)]) for line, reason, raw in [("line", "reason", "raw"), *rows])
        response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="quarantine-{register.pk}.csv"'
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        register = get_object_or_404(Register, pk=object_id)
        extra_context = {
            **(extra_context or {}),
            "quarantine": [
                (row.line, REASON_LABELS.get(row.reason, row.reason), row.raw)
                for row in register.quarantine.order_by("line")[:200]
            ],
            "quarantine_url": reverse("admin:payments_register_quarantine", args=[register.pk]),
        }
        return super().change_view(request, object_id, form_url, extra_context)


def render_progress(register: Register) -> str:
    from django.template.loader import render_to_string

    progress = register_progress(register.pk)
    done, total = progress.get("done", 0), progress.get("total")
    percent = min(100, round(100 * done / total)) if total else (100 if register.state == "done" else 0)
    return render_to_string(
        "admin/payments/register/progress.html",
        {"register": register, "done": done, "total": total, "percent": percent},
    )


@admin.register(QuarantinedRow)
class QuarantinedRowAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ["register", "line", "reason_label", "raw"]
    list_filter = ["reason"]
    raw_id_fields = ["register"]

    @admin.display(description=_("reason"))
    def reason_label(self, obj):
        return REASON_LABELS.get(obj.reason, obj.reason)


@admin.register(Payment)
class PaymentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["iin", "period", "knp", "amount", "sender_id", "received_on", "state"]
    list_filter = ["knp", "state"]
    search_fields = ["=iin", "=sender_id"]
    show_full_result_count = False
    raw_id_fields = ["register"]

    def audit_subject(self, obj):
        return obj.iin

    def has_change_permission(self, request, obj=None):
        return False  # a wrong payment is refunded by the State Corporation and paid again, never edited

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PreferentialCategory)
class PreferentialCategoryAdmin(HistoryAdmin):
    list_display = ["code", "name", "budget"]


class CategoryDocumentInline(admin.TabularInline):
    model = CategoryDocument
    fields = ["link", "content_type", "size"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("payments:category_document", args=[obj.pk]), obj.name)

    def has_add_permission(self, request, obj=None):
        return False


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("approve")), ("refuse", _("refuse"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("Reason (needed to refuse; the citizen reads it)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the request is refused."))
        return data


@admin.register(CategoryRequest)
class CategoryRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "category", "start", "state", "created_at", "decided_by"]
    list_filter = ["state", "category"]
    search_fields = ["=person__iin"]
    readonly_fields = ["person", "category", "start", "note", "state", "refusal_reason", "decided_by", "decided_at",
                       "created_at", "decide_link"]  # fmt: skip
    fields = readonly_fields
    inlines = [CategoryDocumentInline]

    def audit_subject(self, obj):
        return obj.person_id

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("decision"))
    def decide_link(self, obj):
        if obj.state != CategoryRequest.State.SUBMITTED:
            return "—"
        return format_html('<a class="button" href="{}">{}</a>', reverse("admin:payments_categoryrequest_decide",
                           args=[obj.pk]), _("Approve or refuse"))  # fmt: skip

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [path("<int:pk>/decide/", decide, name="payments_categoryrequest_decide"), *super().get_urls()]

    def decide_view(self, request, pk):
        from .services.category_requests import DecisionRefused, category_request_decide

        if not self.has_change_permission(request):
            raise PermissionDenied
        item = get_object_or_404(CategoryRequest, pk=pk)
        audit.record(
            actor=request.user,
            action="payments.categoryrequest.decide",
            subject_iin=item.person_id,
            obj=f"category request {item.pk}",
            request=request,
        )
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                category_request_decide(
                    request_id=item.pk, approve=form.cleaned_data["decision"] == "approve", by=request.user,
                    reason=form.cleaned_data["reason"],
                )  # fmt: skip
            except DecisionRefused:
                messages.error(request, _("This request was already decided."))
            else:
                messages.success(request, _("Decision recorded; the citizen is told by e-mail."))
            return redirect("admin:payments_categoryrequest_change", item.pk)
        context = {**self.admin_site.each_context(request), "title": _("Decide on a category request"),
                   "item": item, "form": form, "opts": self.model._meta}  # fmt: skip
        return render(request, "admin/payments/categoryrequest/decide.html", context)


@admin.register(CategoryMembership)
class CategoryMembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "category", "start", "end"]
    list_filter = ["category"]
    search_fields = ["=person__iin"]
    raw_id_fields = ["person"]

    def audit_subject(self, obj):
        return obj.person_id


@admin.register(MinimumWage)
class MinimumWageAdmin(HistoryAdmin):
    list_display = ["year", "amount"]


@admin.register(ContributionRate)
class ContributionRateAdmin(HistoryAdmin):
    list_display = ["payer_type", "knp", "valid_from", "valid_to", "basis", "percent", "cap_mzp", "base_mzp", "share"]
    list_filter = ["payer_type", "knp", "basis"]


@admin.register(BaseRate)
class BaseRateAdmin(HistoryAdmin):
    list_display = ["valid_from", "percent"]


@admin.register(StateRate)
class StateRateAdmin(HistoryAdmin):
    list_display = ["year", "percent"]


DASHBOARD_CACHE_SECONDS = 600


@admin.register(PersonStatus)
class PersonStatusAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = ["person", "insured", "basis", "lapse_date", "computed_at"]
    list_filter = ["insured", "basis"]
    search_fields = ["=person__iin"]
    raw_id_fields = ["person"]

    def audit_subject(self, obj):
        return obj.person_id

    def get_urls(self):
        dashboard = self.admin_site.admin_view(self.dashboard_view)
        return [path("dashboard/", dashboard, name="payments_dashboard"), *super().get_urls()]

    def dashboard_view(self, request):
        """Charts for fund staff: payments per month by KNP, insured counts, reasons by frequency."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = cache.get("payments-dashboard")
        if data is None:
            data = dashboard_data(timezone.localdate())
            cache.set("payments-dashboard", data, DASHBOARD_CACHE_SECONDS)
        context = {**self.admin_site.each_context(request), "title": _("Payments and statuses"), **data}
        return render(request, "admin/payments/dashboard.html", context)


def _bars(items: list[tuple[str, float]]) -> list[dict]:
    """Bars for a server-drawn SVG chart: each with its label, value and width in percent."""
    top = max((value for _, value in items), default=0) or 1
    return [{"label": label, "value": value, "width": round(100 * value / top, 1)} for label, value in items]


def dashboard_data(today) -> dict:
    from .selectors import payments_by_month, reasons_by_frequency, status_counts

    months: dict[str, dict[int, float]] = {}
    for row in payments_by_month(today=today):
        months.setdefault(row["period"].strftime("%Y-%m"), {})[row["knp"]] = float(row["total"])
    counts = status_counts()
    return {
        "by_knp": {knp: _bars([(month, sums.get(knp, 0.0)) for month, sums in months.items()]) for knp in (121, 122)},
        "counts": counts,
        "count_bars": _bars([(str(_("insured")), counts["insured"]), (str(_("not insured")), counts["not_insured"])]),
        "reasons": _bars([(str(STATUS_REASON_LABELS.get(code, code)), n) for code, n in reasons_by_frequency()]),
        "as_of": timezone.now(),
    }


def basis_label(code: str) -> str:
    """A status basis in words; the change table keeps the code (no choices on its columns)."""
    return Basis(code).label if code in Basis.values else code


@admin.register(StatusChange)
class StatusChangeAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    list_display = [
        "person",
        "old_insured",
        "new_insured",
        "old_basis_label",
        "new_basis_label",
        "trigger",
        "changed_at",
    ]
    list_filter = ["new_insured", "trigger"]
    search_fields = ["=person__iin"]
    raw_id_fields = ["person"]
    fields = ["person", "old_insured", "new_insured", "old_basis_label", "new_basis_label", "trigger", "changed_at"]
    readonly_fields = ["old_basis_label", "new_basis_label"]

    def audit_subject(self, obj):
        return obj.person_id

    @admin.display(description=_("old basis"), ordering="old_basis")
    def old_basis_label(self, obj):
        return basis_label(obj.old_basis) or self.get_empty_value_display()

    @admin.display(description=_("new basis"), ordering="new_basis")
    def new_basis_label(self, obj):
        return basis_label(obj.new_basis) or self.get_empty_value_display()


# --- employers who withhold but do not transfer (decision 0021) ---------------------------------------------------

ARREARS_EXPORT = "payments.employerarrear.export"


class ArrearsFilterForm(forms.Form):
    month = forms.DateField(label=_("Month"), required=False, input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))  # fmt: skip


def employer_name(name: str) -> str:
    return name or str(_("name not given"))


@admin.register(EmployerArrear)
class EmployerArrearAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    """The arrears table, person by person (read-only; rebuilt after each register), and the report per employer."""

    list_display = [
        "bin",
        "shown_name",
        "iin",
        "period",
        "kind",
        "paid_121",
        "paid_122",
        "amount_missing",
        "others_paid",
    ]
    list_filter = ["kind", "others_paid", "period"]
    search_fields = ["=bin", "=iin"]

    def audit_subject(self, obj):
        return obj.iin

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("employer"), ordering="name")
    def shown_name(self, obj):
        return employer_name(obj.name)

    def get_urls(self):
        report = self.admin_site.admin_view(self.report_view)
        export = self.admin_site.admin_view(self.export_view)
        return [
            path("report/", report, name="payments_employerarrear_report"),
            path("report.csv", export, name="payments_employerarrear_export"),
            *super().get_urls(),
        ]

    @staticmethod
    def _month(request):
        form = ArrearsFilterForm(request.GET or None)
        month = form.cleaned_data.get("month") if form.is_bound and form.is_valid() else None
        return form, month

    def report_view(self, request):
        """Per employer: BIN, name, people affected, months, amount missing; sortable; one month or all."""
        from .selectors import ARREARS_ORDER, arrears_by_employer

        if not self.has_view_permission(request):
            raise PermissionDenied
        form, month = self._month(request)
        order = request.GET.get("o", "-missing")
        if order.lstrip("-") not in ARREARS_ORDER:
            order = "-missing"
        rows = list(arrears_by_employer(month=month, order=order)[:1000])
        changelist = reverse("admin:payments_employerarrear_changelist")
        suffix = f"&period__exact={month:%Y-%m-%d}" if month else ""
        for row in rows:
            row["shown_name"] = employer_name(row["name"])
            row["link"] = f"{changelist}?bin={row['bin']}&others_paid__exact=1{suffix}"
        query = f"month={month:%Y-%m}&" if month else ""
        columns = [
            (key, label, f"?{query}o={'' if order == '-' + key else '-'}{key}", order.lstrip("-") == key)
            for key, label in (("bin", _("BIN")), ("name", _("employer")), ("people", _("people affected")),
                               ("months", _("months")), ("missing", _("amount missing, KZT")))
        ]  # fmt: skip
        audit.record(actor=request.user, action="payments.employerarrear.report",
                     obj=f"employer arrears report: {request.GET.urlencode() or 'all'}", request=request)  # fmt: skip
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "title": _("Employers who withhold but do not transfer"), "form": form, "rows": rows,
            "columns": columns, "export_url": reverse("admin:payments_employerarrear_export") + (f"?{query}"[:-1]),
        }  # fmt: skip
        return render(request, "admin/payments/arrears_report.html", context)

    def export_view(self, request):
        """The report person by person as CSV (UTF-8 with BOM, ";"), written to the access log."""
        from .selectors import arrears_rows

        if not self.has_view_permission(request):
            raise PermissionDenied
        _form, month = self._month(request)
        rows = arrears_rows(month=month)
        scope = f"{month:%Y-%m}" if month else "all months"
        audit.record(actor=request.user, action=ARREARS_EXPORT, obj=f"employer arrears CSV: {scope}", request=request)
        writer = csv.writer(_Echo(), delimiter=";")
        header = ["employer_bin", "employer", "iin", "month", "kind", "paid_121", "paid_122", "due_122",
                  "amount_missing"]  # fmt: skip

        def lines():
            yield "\ufeff" + writer.writerow(header)
            values = rows.values_list("bin", "name", "iin", "period", "kind", "paid_121", "paid_122", "due_122",
                                      "amount_missing")  # fmt: skip
            for bin_, name, iin, period, kind, p121, p122, due, missing in values.iterator(chunk_size=2000):
                yield writer.writerow(
                    [inert(bin_), inert(employer_name(name)), inert(iin), f"{period:%Y-%m}", kind, p121, p122,
                     "" if due is None else due, "" if missing is None else missing]
                )  # fmt: skip

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        name = f"employer-arrears-{month:%Y-%m}.csv" if month else "employer-arrears.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class _Echo:
    def write(self, value):
        return value
