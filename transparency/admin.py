"""Fund staff see the published figures exact, with the same tables and charts as the public page."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
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
        return csv_response(request, slug, exact=True)
