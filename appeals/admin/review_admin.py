"""Moderation of reviews: staff hide an abusive text with a reason (the score still counts) or show it again."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.audit import AuditedAdminMixin

from .. import services
from ..models import Review


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the text is hidden (the author reads it)"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )


@admin.register(Review)
class ReviewAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["organisation", "score", "comment_start", "created_at", "edited_at", "hidden"]
    list_filter = ["hidden", "score", "organisation__region"]
    search_fields = ["=person__iin", "organisation__name", "=organisation__bin", "comment"]
    list_select_related = ["organisation"]
    readonly_fields = [
        "person",
        "organisation",
        "score",
        "comment",
        "created_at",
        "edited_at",
        "hidden",
        "moderation_reason",
        "moderated_by",
        "moderated_at",
    ]
    fields = readonly_fields
    actions = ["hide", "show"]
    show_full_result_count = False

    def audit_subject(self, obj):
        return obj.person_id

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a review is hidden, never deleted: the score stays in the rating

    @admin.display(description=_("comment"))
    def comment_start(self, obj):
        return Truncator(obj.comment).chars(80)

    @admin.action(description=_("Hide the text of the selected reviews…"), permissions=["change"])
    def hide(self, request, queryset):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            for review in queryset:
                services.review_moderate(
                    review=review, hidden=True, reason=form.cleaned_data["reason"], by=request.user
                )
            messages.success(request, _("Hidden: %(n)d review(s).") % {"n": queryset.count()})
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Hide reviews"),
            "form": form,
            "reviews": queryset,
            "action": "hide",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/appeals/review/hide.html", context)

    @admin.action(description=_("Show the text of the selected reviews again"), permissions=["change"])
    def show(self, request, queryset):
        for review in queryset:
            services.review_moderate(review=review, hidden=False, reason="", by=request.user)
        messages.success(request, _("Shown again: %(n)d review(s).") % {"n": queryset.count()})
