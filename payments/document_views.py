"""Citizens' documents: statement downloads, status certificates, and the public certificate check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import throttle

from . import documents

# Public verification: per client address, so that nobody can sweep certificate numbers.
VERIFY_LIMIT = ("certificate-verify", 30, 60)
# Issuing writes a row: a generous cap per person keeps a stuck button or a script from filling the table.
ISSUE_LIMIT = ("certificate-issue", 20, 3_600)


def _person_or_404(request):
    """The signed-in citizen's person; staff accounts without one get 404 (as in payments.views)."""
    person = request.user.person
    if person is None:
        raise Http404
    return person


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if len(value) == 4 and value.isdigit() else None


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _statement_filename(year: int | None, extension: str) -> str:
    return f"statement-{year}.{extension}" if year else f"statement.{extension}"


@never_cache
@login_required
@require_GET
def statement_csv(request):
    statement = documents.statement_of(_person_or_404(request), year=_year(request))
    body = documents.statement_csv(statement)
    return _download(body, "text/csv; charset=utf-8", _statement_filename(statement.year, "csv"))


@never_cache
@login_required
@require_GET
def statement_pdf(request):
    statement = documents.statement_of(_person_or_404(request), year=_year(request))
    body = documents.render_pdf(documents.statement_html(statement))
    return _download(body, "application/pdf", _statement_filename(statement.year, "pdf"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def certificate_issue(request):
    """GET: what a certificate is, with the button (and earlier ones); POST: issue one and download it."""
    person = _person_or_404(request)
    if request.method == "POST":
        scope, limit, seconds = ISSUE_LIMIT
        if throttle.allow(scope, person.iin, limit=limit, seconds=seconds):
            certificate = documents.certificate_issue(person=person)
            return redirect("documents:certificate_pdf", number=certificate.pk)
        error = _("You have asked for many certificates in a short time. Please try again in an hour.")
        context = {"certificates": documents.certificates_of(person), "error": error}
        return render(request, "payments/documents/certificate_issue.html", context, status=429)
    context = {"certificates": documents.certificates_of(person)}
    return render(request, "payments/documents/certificate_issue.html", context)


@never_cache
@login_required
@require_GET
def certificate_pdf(request, number):
    certificate = documents.certificate_of(_person_or_404(request), number)
    if certificate is None:
        raise Http404
    verify_url = request.build_absolute_uri(reverse("documents:certificate_verify", args=[certificate.pk]))
    body = documents.render_pdf(documents.certificate_html(certificate, verify_url=verify_url))
    return _download(body, "application/pdf", f"certificate-{certificate.pk}.pdf")


@never_cache
@require_GET
def certificate_verify(request, number):
    """Public: is this certificate genuine, what did it say, and is it still true today. Nothing more."""
    scope, limit, seconds = VERIFY_LIMIT
    if not throttle.allow(scope, throttle.client_address(request), limit=limit, seconds=seconds):
        message = _("Too many checks from your address. Please wait a minute and try again.")
        return _verify_page(request, {"throttled": True, "message": message}, status=429)
    certificate = documents.certificate_by_number(number)
    if certificate is None:
        return _verify_page(request, {"certificate": None}, status=404)
    person = certificate.person
    context = {
        "certificate": certificate,
        "holder": person.short_name,
        "masked_iin": documents.mask_iin(person.iin),
        "still_true": documents.insured_today(person.iin) == certificate.insured,
    }
    return _verify_page(request, context)


def _verify_page(request, context: dict, *, status: int = 200) -> HttpResponse:
    response = render(request, "payments/documents/certificate_verify.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
