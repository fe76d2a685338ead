from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import audit, throttle
from plumbing.middleware import FILE_POLICY
from plumbing.uploads import download_name

from . import rules, status
from .documents import insured_today
from .forms import MonthAmountsForm, PenaltyForm, StatusCheckForm, VacationForm
from .reasons import reasons_as_json
from .selectors import (
    arrears_of,
    category_spans,
    current_status,
    latest_register_at,
    payment_facts,
    payments_of,
    person_with_status,
    rulebook,
    status_on,
)
from .status import month_from_label

# Public status check: per client, per network, per IIN and for everyone together, so that nobody can sweep the
# registry (accounts.throttle.public_lookup_checks). The web form and the API count in the same windows.
CHECK_LIMITS = [("check-client-min", 10, 60), ("check-client-day", 100, 86_400)]
CHECK_IIN_LIMIT = ("check-iin-hour", 5, 3_600)


def check_allowed(request, iin: str) -> bool:
    """Count one public check of `iin` from this request's client; False when any limit is reached."""
    scope, limit, seconds = CHECK_IIN_LIMIT
    checks = throttle.public_lookup_checks(
        "check", throttle.client_address(request), CHECK_LIMITS, (scope, iin, limit, seconds)
    )
    return throttle.allow_all(checks)


# What each tile of the month strip says: a mark for the eye and words for everyone (screen readers included).
TILE_WORDS = {
    status.COVERED: ("✔", gettext_lazy("covered")),
    status.INCOMPLETE: ("◐", gettext_lazy("employee part missing")),
    status.UNDERPAID: ("◔", gettext_lazy("paid in part")),
    status.MISSING: ("✖", gettext_lazy("not paid")),
    status.NOT_YET_DUE: ("…", gettext_lazy("not yet due")),
    status.EXEMPT: ("★", gettext_lazy("paid by the state")),
}


def _reasons_for_page(reasons: list[dict]) -> list[dict]:
    out = []
    for reason in reasons:
        amounts = [Decimal(a) for a in reason.get("amounts", [])]
        out.append(
            {
                "code": reason["code"],
                "category": reason.get("category"),
                "months": [
                    {"month": month_from_label(m), "amount": amounts[i] if i < len(amounts) else None}
                    for i, m in enumerate(reason["months"])
                ],
                "total": sum(amounts, Decimal(0)),
            }
        )
    return out


def _person_or_404(request):
    person = request.user.person
    if person is None:
        raise Http404
    return person


@login_required
def my_status(request):
    """The signed-in citizen's status, why, what to do, the 12-month strip and how fresh it is."""
    if request.user.person_id is None:
        raise Http404
    person, stored = person_with_status(request.user.person_id)
    if person is None:
        raise Http404
    today = timezone.localdate()
    book = rulebook()
    if stored is not None:
        insured, basis, lapse, reasons = stored.insured, stored.basis, stored.lapse_date, stored.reasons
        computed_at = stored.computed_at
    else:  # a new account before its first recompute: answer live
        live = status_on(person.iin, today, book=book)
        insured, basis, lapse, reasons = live.insured, live.basis or "", live.lapse_date, reasons_as_json(live.reasons)
        computed_at = timezone.now()
    tiles = status.month_tiles(
        on=today,
        payments=payment_facts(person.iin, on=today, since=status.tiles_since(today)),
        categories=category_spans(person.iin, on=today),
        birth_date=person.birth_date,
        self_amounts=book.self_payer_amounts(),
    )
    return render(
        request,
        "payments/my_status.html",
        {
            "person": person,
            "insured": insured,
            "basis": basis,
            "lapse_date": lapse,
            "reasons": _reasons_for_page(reasons),
            "tiles": [
                {
                    "month": month_from_label(t.month),
                    "state": t.state,
                    "mark": TILE_WORDS[t.state][0],
                    "word": TILE_WORDS[t.state][1],
                }
                for t in tiles
            ],
            "computed_at": computed_at,
            "latest_register": latest_register_at(),
            "arrears": arrears_sentences(arrears_of(person.iin)),
        },
    )


def _months_text(months) -> str:
    from django.utils.text import get_text_list

    from .templatetags.figures import month

    return str(get_text_list([month(m, "F Y") for m in months], _("and")))


def arrears_sentences(found: list[dict]) -> list[dict]:
    """Each employer's arrears as a plain sentence, and a pre-filled appeal about it (decision 0021)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    out = []
    for item in found:
        values = {
            "name": item["name"] or _("name not given"),
            "bin": item["bin"],
            "paid": _months_text(item["paid"]),
            "unpaid": _months_text(item["unpaid"]),
        }
        if item["paid"]:
            text = _("Your employer %(name)s, BIN %(bin)s, paid for %(paid)s but not for %(unpaid)s.") % values
        else:
            text = (
                _(
                    "Your employer %(name)s, BIN %(bin)s, paid for other employees for %(unpaid)s, "
                    "but not in full for you."
                )
                % values
            )
        appeal = (
            _(
                "My employer %(name)s, BIN %(bin)s, did not pay my contributions in full for %(unpaid)s. "
                "Please check the payments and have them made."
            )
            % values
        )
        query = urlencode({"kind": "payments", "description": appeal})
        out.append({"text": text, "appeal_url": f"{reverse('appeals:new')}?{query}"})
    return out


@login_required
def my_payments(request):
    person = _person_or_404(request)
    years = sorted({d.year for d in payments_of(person.iin).dates("period", "year")}, reverse=True)
    try:
        year = int(request.GET.get("year", "")) if request.GET.get("year") else None
    except ValueError:
        year = None
    if year is not None and year not in years:
        year = None
    rows = payments_of(person.iin, year=year)
    return render(request, "payments/my_payments.html", {"payments": rows, "years": years, "year": year})


@require_http_methods(["GET", "POST"])
def status_check(request):
    """Public check: IIN in, "insured" or "not insured" out, nothing more."""
    form = StatusCheckForm(request.POST or None)
    answer = None
    if request.method == "POST" and form.is_valid():
        if not check_allowed(request, form.cleaned_data["iin"]):
            form.add_error(
                None, _("Too many checks. Please wait a few minutes and try again, or sign in to see your status.")
            )
            return render(request, "payments/status_check.html", {"form": form}, status=429)
        answer = insured_today(form.cleaned_data["iin"])
    return render(request, "payments/status_check.html", {"form": form, "answer": answer})


def calculator(request):
    """The contribution calculator: a month's 121/122, vacation pay by month, the self-payer plan, penalties.

    Each part is its own GET form, so results can be bookmarked and the page works without JavaScript.
    """
    book = rulebook()
    today = timezone.localdate()
    part = request.GET.get("part")
    context = {
        "month_form": MonthAmountsForm(request.GET if part == "month" else None),
        "vacation_form": VacationForm(request.GET if part == "vacation" else None),
        "penalty_form": PenaltyForm(request.GET if part == "penalty" else None),
        "part": part,
    }
    error = None
    try:
        if part == "month" and context["month_form"].is_valid():
            data = context["month_form"].cleaned_data
            context["month"] = rules.compute_amounts(
                rules=book, payer_type=data["payer"], period=data["period"],
                incomes=context["month_form"].incomes(), preferential=data["preferential"],
            )  # fmt: skip
        elif part == "vacation" and context["vacation_form"].is_valid():
            data = context["vacation_form"].cleaned_data
            context["vacation"] = rules.vacation_amounts(
                rules=book, amount=data["amount"], first_day=data["first_day"], last_day=data["last_day"]
            )
        elif part == "penalty" and context["penalty_form"].is_valid():
            data = context["penalty_form"].cleaned_data
            context["penalty"] = rules.late_penalty(
                rules=book, amount=data["amount"], period=data["period"], paid_on=data["paid_on"]
            )
    except rules.NoRules as missing:
        error = _("There are no rules for that date (%(detail)s). Choose a month from July 2017 to 2026.") % {
            "detail": missing
        }
    context["error"] = error
    context["plan"] = _self_payer_plan(request, book, today)
    return render(request, "payments/calculator.html", context)


def _self_payer_plan(request, book, today):
    """Prepaying twelve months compared with paying only the missing ones (for a signed-in citizen)."""
    missing, shortfalls = [], {}
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    stored = current_status(person) if person is not None else None
    if stored is not None and not stored.insured:
        for reason in stored.reasons:
            if reason["code"] == "gap":
                missing += [month_from_label(m) for m in reason["months"]]
            elif reason["code"] == "underpaid":
                shortfalls.update(
                    {month_from_label(m): Decimal(a) for m, a in zip(reason["months"], reason["amounts"], strict=False)}
                )
    try:
        return rules.self_payer_plan(rules=book, on=today, missing=missing, shortfalls=shortfalls)
    except rules.NoRules:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def category_requests(request):
    """Ask for a preferential category to be recorded, and follow earlier requests."""
    from .forms import CategoryRequestForm
    from .services.category_requests import category_request_submit

    person = _person_or_404(request)
    form = CategoryRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        category_request_submit(
            person=person, category=data["category"].code, start=data["start"], note=data["note"],
            documents=data["documents"],
        )  # fmt: skip
        messages.success(request, _("Your request is filed. Fund staff will check the documents and write to you."))
        return redirect("payments:category_requests")
    requests = person.category_requests.select_related("category").prefetch_related("documents")
    return render(request, "payments/category_requests.html", {"form": form, "requests": requests})


@login_required
def category_document(request, pk: int):
    """A request's document, for its owner and for staff allowed to read requests; 404 for anyone else."""
    from .models import CategoryDocument

    document = get_object_or_404(CategoryDocument.objects.select_related("request"), pk=pk)
    is_owner = request.user.person_id is not None and document.request.person_id == request.user.person_id
    if not (is_owner or request.user.has_perm("payments.view_categoryrequest")):
        raise Http404
    if not is_owner:
        audit.record(
            actor=request.user,
            action="payments.categorydocument.download",
            subject_iin=document.request.person_id,
            obj=f"document {document.pk} of category request {document.request_id}",
            request=request,
        )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type, as_attachment=True,
                            filename=download_name(document.name, document.file.name))  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response
