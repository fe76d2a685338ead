"""The benefit catalogue for citizens: packages in force, one version, GOBMP against OSMS, what changes in 2026,
search, and "What can I get". All server-rendered GET pages that work without JavaScript."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import eligibility, selectors
from .forms import CompareForm, OnDayForm, SearchForm

DEFAULT_COMPARISON = "2024"

# Why a section is (not) available to the person, by eligibility's reason codes.
REASONS = {
    eligibility.RESIDENT: _("GOBMP is free for your residency category, whatever your insurance status."),
    eligibility.EVERYONE: _("Some of this care is given to everyone, regardless of insurance status."),
    eligibility.INSURED: _("You are insured, so the OSMS package is yours."),
    eligibility.NEEDS_REFERRAL: _("Some of this care needs a referral from your doctor."),
    eligibility.GROUPS_ONLY: _("Some of this care is only for certain population groups (see the items)."),
    eligibility.DANGEROUS_ONLY: _("For your residency category, GOBMP covers only diseases dangerous to others."),
    eligibility.NOT_INSURED: _("OSMS care is for insured people only, and you are not insured today."),
}
STATES = {
    eligibility.AVAILABLE: _("Available"),
    eligibility.LIMITED: _("Limited"),
    eligibility.UNAVAILABLE: _("Not available"),
}


def catalogue(request):
    """The packages in force today, or on the day chosen with ?on=YYYY-MM-DD, and every version."""
    today = timezone.localdate()
    form = OnDayForm(request.GET or None)
    day = today
    if form.is_valid() and form.cleaned_data["on"]:
        day = form.cleaned_data["on"]
    packages = selectors.in_force(day)
    all_versions = selectors.versions()
    return render(
        request,
        "coverage/catalogue.html",
        {
            "form": form,
            "day": day,
            "today": today,
            "is_today": day == today,
            "packages": packages,
            "versions": [(p, selectors.is_in_force(p, day)) for p in all_versions],
            "starts": selectors.version_starts(),
        },
    )


def package(request, code: str, version: str):
    """One package version: its sections in order, items with their conditions, who may receive it."""
    found = selectors.package_version(code, version)
    if found is None:
        raise Http404
    today = timezone.localdate()
    others = [p for p in selectors.versions() if p.code == found.code and p.pk != found.pk]
    return render(
        request,
        "coverage/package.html",
        {
            "package": found,
            "in_force": selectors.is_in_force(found, today),
            "others": others,
            "disease_lists": selectors.disease_lists_for(found),
        },
    )


def compare(request):
    """GOBMP and OSMS of one year side by side, one row per kind of care."""
    form = CompareForm(request.GET or None)
    choices = selectors.comparable_versions()
    version = DEFAULT_COMPARISON if DEFAULT_COMPARISON in choices else (choices[-1] if choices else "")
    if form.is_valid() and form.cleaned_data["year"]:
        version = form.cleaned_data["year"]
    if not form.is_bound:
        form = CompareForm(initial={"year": version})
    left, right, rows = selectors.comparison(version) if version else (None, None, [])
    return render(
        request,
        "coverage/compare.html",
        {"form": form, "version": version, "left": left, "right": right, "rows": rows},
    )


def changes_2026(request):
    """The 2024 versions against the 2026 unified parts, the chronic-disease lists, and the dated changes."""
    lists, disease_rows = selectors.disease_lists_2026()
    shown = [lists.get(code) for code in (selectors.BEFORE_2026, selectors.FROM_2026, selectors.MOVED_2026)]
    return render(
        request,
        "coverage/changes_2026.html",
        {
            "reform_day": selectors.REFORM_DAY,
            "pairs": selectors.reform_pairs(),
            "before_list": lists.get(selectors.BEFORE_2026),
            "from_list": lists.get(selectors.FROM_2026),
            "moved_list": lists.get(selectors.MOVED_2026),
            "list_notes": [dl for dl in shown if dl is not None and dl.note],
            "disease_rows": disease_rows,
            "moved": [r.disease for r in disease_rows if r.change == "moved"],
            "added": [r.disease for r in disease_rows if r.change == "added"],
            "dropped": [r.disease for r in disease_rows if r.change == "dropped"],
            "changes": selectors.changes(since=selectors.REFORM_DAY),
            "earlier_changes": selectors.changes(before=selectors.REFORM_DAY),
        },
    )


def search(request):
    """Items, sections and diseases by words in any language, or diseases by ICD-10 code."""
    form = SearchForm(request.GET or None)
    raw = form.data.get("q", "") if form.is_bound else ""
    query = selectors.parse_query(raw)
    searched = bool(query.words or query.code)
    results = selectors.search(query) if searched else None
    return render(
        request,
        "coverage/search.html",
        {
            "form": SearchForm(initial={"q": query.text}),
            "query": query,
            "asked": "q" in request.GET,
            "searched": searched,
            "results": results,
            "known_codes": selectors.known_codes() if results is not None and results.empty else [],
            "max_query": selectors.MAX_QUERY,
        },
    )


@login_required
def for_me(request):
    """Every section of the packages in force today, marked for the signed-in person: available or not, why,
    and the step that would change it."""
    person = request.user.person
    if person is None:
        raise Http404
    today = timezone.localdate()
    insured = selectors.insured_today(person, today)
    packages = selectors.in_force(today)
    verdicts = selectors.what_can_i_get(person.residency, insured, packages)
    for package_verdict in verdicts:
        for section in package_verdict.sections:
            section.state_label = STATES[section.verdict.state]
            section.reason_texts = [REASONS[code] for code in section.verdict.reasons]
            section.step = _step(section.verdict)
    return render(
        request,
        "coverage/for_me.html",
        {
            "person": person,
            "residency": person.get_residency_display(),
            "limited_residency": person.residency in eligibility.LIMITED_RESIDENCY,
            "insured": insured,
            "today": today,
            "verdicts": verdicts,
        },
    )


def _step(verdict: eligibility.Verdict) -> str:
    """What would change a verdict: "pay" (the months on the status page) or "residency" (a new category)."""
    if verdict.state == eligibility.AVAILABLE:
        return ""
    if eligibility.NOT_INSURED in verdict.reasons:
        return "pay"
    if eligibility.DANGEROUS_ONLY in verdict.reasons:
        return "residency"
    return ""
