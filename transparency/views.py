"""The public transparency page and its CSV files: no sign-in, the same for everyone in a language."""

import csv

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone

from . import selectors
from .forms import RegionForm


def page(request):
    form = RegionForm(request.GET or None)
    error = " ".join(form.errors.get("region", ())) if form.is_bound else ""
    context = {"region": form.region_or_all(), "error": error, "refreshed_at": selectors.refreshed_at()}
    return render(request, "transparency/page.html", context)


def table_csv(request, slug: str):
    return csv_response(request, slug, exact=False)


def csv_response(request, slug: str, *, exact: bool) -> HttpResponse:
    """A published table as a CSV file, for the region the query names (UTF-8 with a byte-order mark, so that
    spreadsheet programs read Kazakh letters); small cells hidden unless `exact` (the admin's files)."""
    if slug not in selectors.TABLES:
        raise Http404
    form = RegionForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.errors["region"]), content_type="text/plain; charset=utf-8")
    table = selectors.published_table(slug, form.region_or_all(), exact=exact)
    if table is None:
        raise Http404
    filename = f"saqtandyru-{slug}{'-exact' if exact else ''}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(table.columns)
    for label, row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow([label, *(cell.csv for cell in row)])
    return response
