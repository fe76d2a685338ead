"""The appeals queue: filters, the work page (steps, officer, extension), inline notes and replies, the dashboard.

Every change goes through appeals.services, so the state machine, the events and the letters are the same
whether a step is taken here, in bulk, or anywhere else.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.audit import AuditedAdminMixin

from .. import deadlines, selectors, services, workflow
from ..forms import StaffAppealForm
from ..models import Appeal, Attachment, Event, Note, Reply
from ..models.appeals import STATE_LABELS, WORKING_STATES

STEP_LABELS = {
    "assign": _("Take it: assign to me"),
    "start_review": _("Start the review"),
    "ask_organisation": _("Ask the medical organisation"),
    "organisation_replied": _("The medical organisation replied"),
    "answer": _("Answer (the text goes to the citizen)"),
    "close": _("Close"),
    "forward": _("Forward: not the fund's business (write where to)"),
    "reject": _("Reject as a duplicate or an abuse (write why)"),
}
STAFF_STEPS = [t.name for t in workflow.TRANSITIONS if t.by == "staff"]
STAFF_FILED = "appeals.staff_filed"  # the session's note of the appeal an officer just filed: shown once, then gone


def with_due(queryset):
    """Annotate `due`: the later of the due date and the extension (what the deadline filter compares)."""
    return queryset.annotate(due=Greatest(F("due_date"), Coalesce(F("extended_until"), F("due_date"))))


class DeadlineFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("overdue")), ("near", _("due within 3 working days")), ("on_time", _("on time"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        near = deadlines.add_working_days(today, services.NEAR_WORKING_DAYS)
        working = with_due(queryset).filter(state__in=WORKING_STATES)
        if self.value() == "overdue":
            return working.filter(due__lt=today)
        if self.value() == "near":
            return working.filter(due__gte=today, due__lte=near)
        if self.value() == "on_time":
            return working.filter(due__gt=near)
        return queryset


class EventInline(admin.TabularInline):
    model = Event
    fields = ["created_at", "actor_kind", "actor", "kind", "from_state", "to_state", "text", "public"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("steps (who, when, what, why)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class _WriteOnlyInline(admin.StackedInline):
    """Staff add texts here; what is written stays as written (a correction is a new text)."""

    fields = ["text"]
    extra = 1
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return []

    def has_change_permission(self, request, obj=None):
        return False


class ReplyInline(_WriteOnlyInline):
    model = Reply
    verbose_name = _("public reply (the citizen reads it and gets an e-mail)")
    verbose_name_plural = _("public replies")


class NoteInline(_WriteOnlyInline):
    model = Note
    verbose_name = _("internal note (the citizen never sees it)")
    verbose_name_plural = _("internal notes")


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["link", "content_type", "size", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description=_("file"))
    def link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("appeals:attachment", args=[obj.pk]), obj.name)

    def has_add_permission(self, request, obj=None):
        return False


class StepForm(forms.Form):
    step = forms.ChoiceField(label=_("Step"))
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("For an answer: the answer. To forward: where to. To reject: why. The citizen reads it."),
    )

    def __init__(self, *args, steps: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(name, STEP_LABELS[name]) for name in steps]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = selectors.officers().order_by("last_name", "username")


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason (the citizen reads it)"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Appeal)
class AppealAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "number",
        "kind",
        "channel",
        "region",
        "organisation_shown",
        "state_shown",
        "officer",
        "registered_on",
        "due_shown",
    ]
    list_filter = [
        "state",
        "kind",
        "channel",
        "region",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("officer", admin.RelatedOnlyFieldListFilter),
        DeadlineFilter,
    ]
    search_fields = ["=number", "=filer_iin", "filer_name", "organisation_name"]
    list_select_related = ["organisation", "officer"]
    show_full_result_count = False
    date_hierarchy = "created_at"
    actions = ["assign_to_me", "take_step"]
    inlines = [ReplyInline, NoteInline, AttachmentInline, EventInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "work_link",
                    "number",
                    "state",
                    "officer",
                    "kind",
                    "channel",
                    "region",
                    "organisation",
                    "organisation_name",
                    "event_date",
                    "description",
                ]
            },
        ),
        (_("Who filed it"), {"fields": ["person", "filer_name", "filer_iin", "email", "phone", "language"]}),
        (
            _("Deadlines"),
            {
                "fields": [
                    "registered_on",
                    "due_date",
                    "forward_by",
                    "extended_until",
                    "extension_reason",
                    "deadline_flag",
                ]
            },
        ),
        (_("Answer and rating"), {"fields": ["answered_at", "reopened", "satisfied", "rating_comment", "rated_at"]}),
    ]

    def get_queryset(self, request):
        return with_due(super().get_queryset(request))

    def audit_subject(self, obj):
        return obj.person_id or obj.filer_iin

    def get_readonly_fields(self, request, obj=None):
        return [field for fieldset in self.fieldsets for field in fieldset[1]["fields"]]

    def has_add_permission(self, request):
        return False  # appeals come from citizens, or an officer files one for a caller on the page below

    def may_file(self, request) -> bool:
        """An appeals officer (or supervisor) files appeals for callers: the role's add permission."""
        return request.user.is_active and request.user.is_staff and request.user.has_perm("appeals.add_appeal")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "may_file": self.may_file(request)})

    def has_delete_permission(self, request, obj=None):
        return False

    # --- columns --------------------------------------------------------------------------------------------

    @admin.display(description=_("medical organisation"), ordering="organisation__name")
    def organisation_shown(self, obj):
        return obj.organisation_label or "—"

    @admin.display(description=_("status"), ordering="state")
    def state_shown(self, obj):
        return STATE_LABELS[obj.state_enum]

    @admin.display(description=_("answer due"), ordering="due")
    def due_shown(self, obj):
        day = obj.effective_due.strftime("%d.%m.%Y")
        if obj.is_overdue():
            return format_html('<strong class="overdue">{} ({})</strong>', day, _("overdue"))
        if obj.deadline_flag == Appeal.Flag.NEAR and obj.is_working:
            return format_html("<strong>{} ({})</strong>", day, _("due soon"))
        return day

    @admin.display(description=_("forward by"))
    def forward_by(self, obj):
        return deadlines.forward_due(obj.registered_on).strftime("%d.%m.%Y")

    @admin.display(description=_("work on it"))
    def work_link(self, obj):
        if obj.is_final:
            return "—"
        url = reverse("admin:appeals_appeal_work", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, _("Take a step, assign, extend"))

    # --- saving: only the inlines change anything, through the services ---------------------------------------

    def save_model(self, request, obj, form, change):
        pass  # every field of the appeal is read-only here; steps are taken on the work page

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Reply):
                services.appeal_reply(appeal=instance.appeal, text=instance.text, by=request.user)
            elif isinstance(instance, Note):
                services.appeal_note(appeal=instance.appeal, text=instance.text, by=request.user)

    # --- the work page --------------------------------------------------------------------------------------

    def get_urls(self):
        return [
            path("<int:pk>/work/", self.admin_site.admin_view(self.work_view), name="appeals_appeal_work"),
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="appeals_appeal_dashboard"),
            path("file/", self.admin_site.admin_view(self.file_view), name="appeals_appeal_file"),
            path("file/filed/", self.admin_site.admin_view(self.filed_view), name="appeals_appeal_filed"),
            *super().get_urls(),
        ]

    def _steps(self, appeal: Appeal) -> list[str]:
        answered_on = timezone.localdate(appeal.answered_at) if appeal.answered_at else None
        return workflow.allowed(
            appeal.state, "staff", reopened_before=appeal.reopened, answered_on=answered_on, today=timezone.localdate()
        )

    def work_view(self, request, pk):
        appeal = get_object_or_404(Appeal, pk=pk)
        if not self.has_change_permission(request, appeal):
            raise PermissionDenied
        audit.record(
            actor=request.user,
            action="appeals.appeal.work",
            subject_iin=self.audit_subject(appeal),
            obj=f"appeal {appeal.number}",
            request=request,
        )
        posted = request.POST.get("form") if request.method == "POST" else None
        step_form = StepForm(request.POST if posted == "step" else None, steps=self._steps(appeal), prefix="step")
        assign_form = AssignForm(
            request.POST if posted == "assign" else None, prefix="assign", initial={"officer": appeal.officer_id}
        )
        extend_form = ExtendForm(request.POST if posted == "extend" else None, prefix="extend")
        done = None
        try:
            if posted == "step" and step_form.is_valid():
                done = self._take_step(request, appeal, step_form.cleaned_data["step"], step_form.cleaned_data["text"])
            elif posted == "assign" and assign_form.is_valid():
                services.appeal_assign(appeal=appeal, officer=assign_form.cleaned_data["officer"], by=request.user)
                done = _("The officer is recorded.")
            elif posted == "extend" and extend_form.is_valid():
                data = extend_form.cleaned_data
                services.appeal_extend(appeal=appeal, until=data["until"], reason=data["reason"], by=request.user)
                done = _("The deadline is extended; the citizen is told by e-mail.")
        except services.Refused as refusal:
            {"step": step_form, "assign": assign_form, "extend": extend_form}[posted].add_error(None, refusal.message)
        if done:
            messages.success(request, done)
            return redirect("admin:appeals_appeal_change", appeal.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": appeal,
            "title": _("Work on appeal %(number)s") % {"number": appeal.number},
            "appeal": appeal,
            "step_form": step_form,
            "assign_form": assign_form,
            "extend_form": extend_form,
            "can_extend": appeal.is_working and appeal.extended_until is None,
            "latest_extension": deadlines.latest_extension(appeal.registered_on),
            "forward_by": deadlines.forward_due(appeal.registered_on),
        }
        return render(request, "admin/appeals/appeal/work.html", context, status=400 if posted else 200)

    def _take_step(self, request, appeal: Appeal, step: str, text: str) -> str:
        if step == "assign":
            services.appeal_assign(appeal=appeal, officer=request.user, by=request.user)
        else:
            services.appeal_transition(appeal=appeal, name=step, by=request.user, reason=text)
        return str(_("Done: %(step)s. The citizen is told by e-mail.") % {"step": STEP_LABELS[step]})

    # --- filing for a caller (phone, in person, letter) ---------------------------------------------------------

    def file_view(self, request):
        """The caller's appeal, typed in by an officer: the same service as the public form, with the channel."""
        if not self.may_file(request):
            raise PermissionDenied
        form = StaffAppealForm(request.POST or None, request.FILES or None)
        if request.method == "POST":
            if form.is_valid():
                filed = self._file(request, form)
                if filed is not None:
                    appeal = filed.appeal
                    audit.record(
                        actor=request.user,
                        action="appeals.appeal.file",
                        subject_iin=appeal.filer_iin,
                        obj=f"appeal {appeal.number} ({appeal.channel})",
                        request=request,
                    )
                    request.session[STAFF_FILED] = {"number": appeal.number, "code": filed.access_code}
                    return redirect("admin:appeals_appeal_filed")
            elif form.token_expired:
                form.fresh_token()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("File an appeal for a caller"),
            "form": form,
        }
        status = 400 if request.method == "POST" else 200
        return render(request, "admin/appeals/appeal/file.html", context, status=status)

    def _file(self, request, form: StaffAppealForm):
        try:
            return services.appeal_submit(**form.submission(), filed_by=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
            form.fresh_token()
        return None

    def filed_view(self, request):
        """The number and the access code, once, to read out to the caller; a reload shows them no more."""
        if not self.may_file(request):
            raise PermissionDenied
        note = request.session.pop(STAFF_FILED, None)
        if note is None:
            return redirect("admin:appeals_appeal_changelist")
        appeal = get_object_or_404(Appeal, number=note["number"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Appeal %(number)s is registered") % {"number": appeal.number},
            "appeal": appeal,
            "access_code": note["code"],
            "follow_url": request.build_absolute_uri(reverse("appeals:follow")),
        }
        response = render(request, "admin/appeals/appeal/filed.html", context)
        response["Cache-Control"] = "no-store"
        return response

    # --- bulk actions ---------------------------------------------------------------------------------------

    @admin.action(description=_("Assign the selected appeals to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        done, refused = 0, 0
        for appeal in queryset:
            try:
                services.appeal_assign(appeal=appeal, officer=request.user, by=request.user)
                done += 1
            except services.Refused:
                refused += 1
        self._report(request, done, refused)

    @admin.action(description=_("Take one step for the selected appeals…"), permissions=["change"])
    def take_step(self, request, queryset):
        form = StepForm(request.POST if "apply" in request.POST else None, steps=STAFF_STEPS, prefix="step")
        if "apply" in request.POST and form.is_valid():
            done, refused = 0, 0
            for appeal in queryset:
                try:
                    self._take_step(request, appeal, form.cleaned_data["step"], form.cleaned_data["text"])
                    done += 1
                except services.Refused:
                    refused += 1
            self._report(request, done, refused)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Take one step"),
            "form": form,
            "appeals": queryset,
            "action": "take_step",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/appeals/appeal/bulk_step.html", context)

    def _report(self, request, done: int, refused: int) -> None:
        if done:
            messages.success(request, _("Done for %(n)d appeal(s).") % {"n": done})
        if refused:
            messages.warning(
                request,
                _("%(n)d appeal(s) were left as they were: the step is not possible in their status.") % {"n": refused},
            )

    # --- dashboard --------------------------------------------------------------------------------------------

    def dashboard_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        data = selectors.dashboard()
        states = dict(STATE_LABELS)
        kinds = dict(Appeal.Kind.choices)
        channels = dict(Appeal.Channel.choices)
        regions = dict(Appeal._meta.get_field("region").choices)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Appeals dashboard"),
            **data,
            "state_bars": _bars([(states[workflow.State(code)], n) for code, n in data["by_state"]]),
            "kind_bars": _bars([(kinds.get(code, code), n) for code, n in data["by_kind"]]),
            "channel_bars": _bars([(channels.get(code, code), n) for code, n in data["by_channel"]]),
            "region_bars": _bars([(regions.get(code, code), n) for code, n in data["by_region"]]),
            "organisation_bars": _bars(data["by_organisation"]),
        }
        return render(request, "admin/appeals/dashboard.html", context)


def _bars(items) -> list[dict]:
    """Rows for a server-drawn bar chart: label, value and width in percent of the largest."""
    top = max((value for _label, value in items), default=0) or 1
    return [{"label": str(label), "value": value, "width": round(100 * value / top, 1)} for label, value in items]
