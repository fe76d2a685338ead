"""Fund staff see the published figures exact, with the same tables and charts as the public page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from payments.admin import ReadOnlyAdmin

from . import selectors
from .forms import RegionForm
from .models import Figures
from .views import csv_response


@admin.register(Figures)
class FiguresAdmin(ReadOnlyAdmin):
    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        csv_view = self.admin_site.admin_view(self.csv_view)
        return [path("<slug:slug>.csv", csv_view, name="transparency_figures_csv"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = RegionForm(request.GET or None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("The fund in figures: exact"),
            "opts": self.model._meta,
            "form": form,
            "region": form.region_or_all(),
            "refreshed_at": selectors.refreshed_at(),
            "slugs": list(selectors.TABLES),
        }
        return render(request, "admin/transparency/figures.html", context)

    def csv_view(self, request, slug):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if slug not in selectors.TABLES:
            raise Http404
        form = RegionForm(request.GET or None)
        if form.is_bound and not form.is_valid():
            return HttpResponseBadRequest(" ".join(form.errors["region"]), content_type="text/plain; charset=utf-8")
        table = selectors.published_table(slug, form.region_or_all(), exact=True)
        if table is None:
            raise Http404
        return csv_response(table, f"saqtandyru-{slug}-exact-{timezone.localdate():%Y-%m-%d}.csv")
