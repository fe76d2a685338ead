"""Citizens' pages: file an appeal, follow it (signed in, or with number and access code), act on it;
reviews of medical organisations and their ranking. Every page works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import audit, throttle
from coverage.models import MedicalOrganisation
from plumbing.middleware import FILE_POLICY
from plumbing.uploads import download_name

from . import numbers, selectors, services
from .forms import AppealForm, CommentForm, FollowForm, RankingForm, RateForm, ReopenForm, ReviewForm
from .models import Attachment

# Filing writes rows and sends letters: a cap per client address keeps scripts out, not people.
FILE_LIMIT = ("appeal-file", 10, 3_600)
# Following: per client, per network, per number (nobody tries codes for one appeal from many addresses), and for
# everyone together (nobody sweeps numbers from many addresses): accounts.throttle.public_lookup_checks.
FOLLOW_CLIENT_LIMITS = [("appeal-follow-min", 10, 60), ("appeal-follow-day", 200, 86_400)]
FOLLOW_NUMBER_LIMIT = ("appeal-follow-number", 20, 3_600)


def _user_or_none(request):
    return request.user if request.user.is_authenticated else None


def _signed_in_citizen(request) -> bool:
    return bool(request.user.is_authenticated and request.user.person_id)


def _form_errors(form, error: ValidationError) -> None:
    """A service's field errors onto the form (a field the form does not show goes to the top)."""
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


# --- filing ---------------------------------------------------------------------------------------------

FILED = "appeals.filed"  # the session's note of the appeal just filed: its number, and its code for a while
CODE_SHOWN_SECONDS = 10 * 60  # how long the confirmation (and its text file) still shows the access code


def _just_filed(request) -> dict | None:
    """The appeal this browser has just filed, with its access code while CODE_SHOWN_SECONDS last (the code is
    stored only as a keyed hash: after that it is in the e-mail and the filer's notes alone)."""
    note = request.session.get(FILED)
    if note is None:
        return None
    if timezone.now().timestamp() - note["at"] > CODE_SHOWN_SECONDS and note["code"]:
        note = request.session[FILED] = {**note, "code": None}
    return note


@never_cache
@require_safe
def filed(request):
    """The confirmation after filing: number and access code, with a way to save them (a text file)."""
    note = _just_filed(request)
    if note is None:
        return redirect("appeals:new")
    appeal = selectors.get_appeal_for_citizen(request, note["number"])  # the filing granted this session
    context = {"appeal": appeal, "access_code": note["code"], "created": note["created"]}
    return render(request, "appeals/filed.html", context)


@never_cache
@require_safe
def filed_note(request):
    """The number and the code as a text file to keep (while the confirmation still shows the code)."""
    note = _just_filed(request)
    if note is None or not note["code"]:
        raise Http404
    follow_url = request.build_absolute_uri(reverse("appeals:follow"))
    lines = [
        (_("Appeal to the Social Health Insurance Fund"), ""),
        (_("Tracking number"), note["number"]),
        (_("Access code"), note["code"]),
        (_("Follow it at"), follow_url),
    ]
    text = "".join(f"{label}: {value}\n" if value else f"{label}\n" for label, value in lines)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appeal-{note["number"]}.txt"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def file_appeal(request):
    signed_in = _signed_in_citizen(request)
    form = AppealForm(
        request.POST or None, request.FILES or None, signed_in=signed_in, initial=AppealForm.initial_from(request.GET)
    )
    status = 200
    if request.method == "POST":
        if getattr(request, "upload_too_large", False):
            form.add_error("attachments", _("The files are too large together. Attach at most 5 files of 10 MB."))
        elif form.is_valid():
            scope, limit, seconds = FILE_LIMIT
            if throttle.allow(scope, throttle.client_address(request), limit=limit, seconds=seconds):
                filed = _submit(request, form, signed_in)
                if filed is not None:
                    selectors.grant(request, filed.appeal)
                    request.session[FILED] = {
                        "number": filed.appeal.number, "code": filed.access_code, "created": filed.created,
                        "at": timezone.now().timestamp(),
                    }  # fmt: skip
                    return redirect("appeals:filed")  # post/redirect/get: a refresh sends nothing again
            else:
                form.add_error(None, _("Too many appeals from your address in an hour. Please call 1414."))
                status = 429
        elif form.token_expired:
            form.fresh_token()
        if status == 200 and form.errors:
            status = 400
    return render(request, "appeals/file.html", {"form": form, "signed_in": signed_in}, status=status)


def _submit(request, form: AppealForm, signed_in: bool):
    try:
        return services.appeal_submit(
            **form.submission(), user=request.user if signed_in else None, language=get_language() or "kk"
        )
    except ValidationError as error:
        _form_errors(form, error)
    except services.Refused as refusal:
        form.add_error(None, refusal.message)
        form.fresh_token()
    return None


# --- following ------------------------------------------------------------------------------------------


@login_required
@require_safe
def mine(request):
    if request.user.person_id is None:
        raise Http404
    return render(request, "appeals/mine.html", {"appeals": selectors.appeals_of(request.user.person)})


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request):
    """Number and access code in, the appeal's page out; a wrong code and an unknown number look the same."""
    form = FollowForm(request.POST or None, initial={"number": request.GET.get("number", "")[:30]})
    status, blocked = 200, None
    if request.method == "POST":
        scope, limit, seconds = FOLLOW_NUMBER_LIMIT
        number = (scope, _number_key(request.POST.get("number", "")), limit, seconds)
        checks = throttle.public_lookup_checks(
            "appeal-follow", throttle.client_address(request), FOLLOW_CLIENT_LIMITS, number
        )
        if not throttle.allow_all(checks):
            form = FollowForm(initial={"number": request.POST.get("number", "")[:30]})
            blocked = _("Too many attempts. Please wait an hour and try again, or call 1414.")
            status = 429
        elif form.is_valid():
            appeal = selectors.find_by_code(form.cleaned_data["number"], form.cleaned_data["code"])
            if appeal is not None:
                selectors.grant(request, appeal)
                return redirect("appeals:detail", number=appeal.number)
            form.add_error(None, _("No appeal matches this number and access code. Check both and try again."))
    response = render(request, "appeals/follow.html", {"form": form, "blocked": blocked}, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _number_key(text: str) -> str:
    try:
        return selectors.canonical_number(text)
    except numbers.InvalidNumber:
        return "".join(text.split())[:30]


@never_cache
@require_safe
def detail(request, number):
    try:
        appeal = selectors.get_appeal_for_user(request, number)
    except Http404:
        if request.user.is_authenticated:
            raise
        # Without sign-in the answer is the same for every number: give the code first.
        return redirect(f"{reverse('appeals:follow')}?{urlencode({'number': number[:30]})}")
    return _detail_page(request, appeal)


def _detail_page(request, appeal, status: int = 200, **forms):
    as_citizen = selectors.is_owner(request.user, appeal) or selectors.has_grant(request, appeal)
    if not as_citizen:
        _audit_staff(request, appeal, "appeals.appeal.view", "appeal")
    context = {
        "appeal": appeal,
        "as_citizen": as_citizen,
        "timeline": selectors.public_timeline(appeal).select_related("actor"),
        "replies": appeal.replies.all(),
        "attachments": appeal.attachments.all(),
        "may_download": selectors.may_download(request.user, appeal),
        "reopen_until": selectors.reopen_until(appeal),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "rate_form": forms.get("rate_form") or RateForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
    }
    response = render(request, "appeals/detail.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _act(request, appeal, action, success: str):
    try:
        action()
    except services.Refused as refusal:
        messages.error(request, refusal.message)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect("appeals:detail", number=appeal.number)


@require_POST
def comment(request, number):
    appeal = selectors.get_appeal_for_citizen(request, number)
    form = CommentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, appeal, status=400, comment_form=form)
    data = form.cleaned_data
    return _act(
        request,
        appeal,
        lambda: services.appeal_comment(
            appeal=appeal,
            text=data["text"],
            by=_user_or_none(request),
            attachments=[upload for upload, _kind in data["attachments"]],
        ),
        _("Added to your appeal."),
    )


@require_POST
def rate(request, number):
    appeal = selectors.get_appeal_for_citizen(request, number)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, appeal, status=400, rate_form=form)
    data = form.cleaned_data
    return _act(
        request,
        appeal,
        lambda: services.appeal_rate(
            appeal=appeal, satisfied=data["satisfied"], comment=data["comment"], by=_user_or_none(request)
        ),
        _("Thank you: your opinion of the answer is recorded."),
    )


@require_POST
def reopen(request, number):
    appeal = selectors.get_appeal_for_citizen(request, number)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, appeal, status=400, reopen_form=form)
    return _act(
        request,
        appeal,
        lambda: services.appeal_reopen(appeal=appeal, reason=form.cleaned_data["reason"], by=_user_or_none(request)),
        _("The appeal is reopened. The fund will answer again."),
    )


@require_POST
def accept(request, number):
    appeal = selectors.get_appeal_for_citizen(request, number)
    return _act(
        request,
        appeal,
        lambda: services.appeal_accept(appeal=appeal, by=_user_or_none(request)),
        _("The appeal is closed. Thank you."),
    )


@never_cache
@require_safe
def attachment(request, pk: int):
    """A document of an appeal, for its signed-in owner and for staff; 404 for anyone else."""
    document = get_object_or_404(Attachment.objects.select_related("appeal"), pk=pk)
    if not selectors.may_download(request.user, document.appeal):
        raise Http404
    if not selectors.is_owner(request.user, document.appeal):
        _audit_staff(request, document.appeal, "appeals.attachment.download", f"document {document.pk} of appeal")
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=download_name(document.name, document.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    return response


def _audit_staff(request, appeal, action: str, what: str) -> None:
    """Fund staff opening a citizen's appeal or its documents: written to the access log (accounts.audit)."""
    audit.record(
        actor=request.user,
        action=action,
        subject_iin=appeal.person_id or appeal.filer_iin,
        obj=f"{what} {appeal.number}",
        request=request,
    )


# --- reviews and ratings --------------------------------------------------------------------------------


@require_safe
def ranking(request):
    form = RankingForm(request.GET or None)
    region = form.cleaned_data["region"] if form.is_valid() else ""
    page = Paginator(selectors.ranking(region), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "appeals/ranking.html",
        {"form": form, "page": page, "region": region, "query": urlencode({"region": region}) if region else ""},
    )


@require_http_methods(["GET", "POST"])
def reviews(request, bin):
    organisation = get_object_or_404(MedicalOrganisation, bin=bin, active=True)
    person = request.user.person if _signed_in_citizen(request) else None
    mine_ = selectors.recent_review(person, organisation) if person else None
    form = ReviewForm(request.POST or None, initial={"score": mine_.score, "comment": mine_.comment} if mine_ else None)
    if request.method == "POST":
        if person is None:
            return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.path})}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if mine_ is not None:
                    services.review_edit(review=mine_, person=person, score=data["score"], comment=data["comment"])
                else:
                    services.review_submit(
                        person=person, organisation=organisation, score=data["score"], comment=data["comment"]
                    )
            except services.Refused as refusal:
                form.add_error(None, refusal.message)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Thank you: your review is published."))
                return redirect("appeals:reviews", bin=organisation.bin)
    context = {
        "organisation": organisation,
        "reviews": selectors.reviews_of(organisation)[:100],
        "form": form,
        "mine": mine_,
        "can_review": person is not None and selectors.is_insured(person),
        "signed_in": person is not None,
    }
    return render(request, "appeals/reviews.html", context, status=400 if form.errors else 200)
