"""The front-desk page for staff of medical organisations, and the citizen's list of who looked them up.

Server-rendered, works without JavaScript. The IIN travels in a POST body, never in the address, so that it
does not end up in server or proxy logs.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services, texts
from .forms import LookupForm
from .models import Channel

LOOKUPS_PER_PAGE = 25


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def front_desk(request):
    """IIN and reason in; initials, insured or not, basis, lapse date, packages today and why not, out."""
    access = selectors.provider_access(request.user)
    if access.state == selectors.NOT_PROVIDER:
        return render(request, "providers/not_provider.html", {"message": texts.refusal(access.state)}, status=403)
    context = {"organisation": access.organisation, "answer": None, "refusal": None, "lookup": None}
    if not access.allowed:
        context["refusal"] = texts.refusal(access.state)
        return render(request, "providers/front_desk.html", context, status=403)

    status = 200
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer, lookup = services.status_lookup(
                access=access,
                user=request.user,
                iin=form.cleaned_data["iin"],
                reason=form.cleaned_data["reason"],
                channel=Channel.PAGE,
                request=request,
            )
        except services.LookupRefused as refused:
            form.add_error(None, texts.limit_exceeded(refused.exceeded))
            status = 429
        else:
            context.update(answer=answer, lookup=lookup)
            form = LookupForm(initial={"reason": form.cleaned_data["reason"]})
    elif request.method == "POST":
        status = 400
    today = timezone.localdate()
    context.update(
        form=form,
        recent=selectors.recent_lookups(access.account, today=today),
        used_today=selectors.lookups_today(access.account.organisation_id, today=today),
        per_day=access.switch.per_day,
    )
    return render(request, "providers/front_desk.html", context, status=status)


@login_required
def my_lookups(request):
    """The signed-in citizen sees which medical organisations looked them up, when and why."""
    person = request.user.person
    if person is None:
        raise Http404
    page = Paginator(selectors.lookups_of_patient(person.iin), LOOKUPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "providers/my_lookups.html", {"page": page})
