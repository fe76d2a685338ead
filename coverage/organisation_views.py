"""The public directory of medical organisations: filters, a name search, pages, and one page per organisation.

Region and kind names come from coverage/data/reference.json in the visitor's language (the choices' English
labels when a name is missing); what an organisation provides is shown with the names of the catalogue's sections.
Inactive organisations are not shown.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.choices import Region

from .models import MedicalOrganisation, Section

REFERENCE = Path(__file__).resolve().parent / "data" / "reference.json"
LANGUAGES = ("kk", "ru", "en")
PER_PAGE = 25
MAX_QUERY = 100
SUPPLIER_CHOICES = [
    ("", _("All organisations")),
    ("yes", _("Suppliers of the fund only")),
    ("no", _("Not suppliers of the fund")),
]


@lru_cache(maxsize=1)
def _reference() -> dict[str, dict[str, dict[str, str]]]:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return {
        "regions": {row["code"]: row["name"] for row in data["regions"]},
        "kinds": {row["code"]: row["name"] for row in data["organisation_kinds"]},
    }


def _language() -> str:
    language = (get_language() or "kk")[:2]
    return language if language in LANGUAGES else "kk"


def _label(group: str, code: str, choices) -> str:
    names = _reference()[group].get(code) or {}
    return names.get(_language()) or str(dict(choices).get(code, code))


def region_label(code: str) -> str:
    return _label("regions", code, Region.choices)


def kind_label(code: str) -> str:
    return _label("kinds", code, MedicalOrganisation.Kind.choices)


def section_names(on: date | None = None) -> dict[str, str]:
    """Each section code's name in the active language, from a version in force `on` (today), else the latest."""
    today = on or timezone.localdate()
    best: dict[str, tuple[tuple, str]] = {}
    sections = Section.objects.filter(package__published=True).select_related("package")
    for section in sections.order_by("package__valid_from", "package__pk", "order"):
        package = section.package
        in_force = package.valid_from <= today and (package.valid_to is None or package.valid_to >= today)
        key = (in_force, package.valid_from)
        if section.code not in best or key >= best[section.code][0]:
            best[section.code] = (key, section.name)
    return {code: name for code, (_key, name) in best.items()}


def clean_query(text: str) -> str:
    """The search text without control characters or repeated spaces, at most MAX_QUERY characters."""
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text[: MAX_QUERY * 4])
    return " ".join(text.split())[:MAX_QUERY].strip()


def _name_matches(text: str) -> Q:
    """Organisations whose name in any language contains `text`, ignoring case."""
    condition = Q()
    for language in LANGUAGES:
        condition |= Q(**{f"name_{language}__icontains": text})
    return condition


class SearchInput(forms.TextInput):
    input_type = "search"


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Name contains"), required=False, widget=SearchInput)
    region = forms.ChoiceField(label=_("Region"), required=False)
    kind = forms.ChoiceField(label=_("Kind of organisation"), required=False)
    supplier = forms.ChoiceField(label=_("Supplier of the fund"), required=False, choices=SUPPLIER_CHOICES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *((c, region_label(c)) for c in Region.values)]
        self.fields["kind"].choices = [
            ("", _("All kinds")),
            *((c, kind_label(c)) for c in MedicalOrganisation.Kind.values),
        ]
        self.fields["q"].widget.attrs.update({"class": "form-control", "maxlength": MAX_QUERY})
        for name in ("region", "kind", "supplier"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> dict[str, str]:
        """The valid, non-empty choices; a value that is not a choice is ignored, never an error page."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}


def _describe(organisation: MedicalOrganisation, names: dict[str, str]) -> MedicalOrganisation:
    organisation.kind_label = kind_label(organisation.kind)
    organisation.region_label = region_label(organisation.region)
    organisation.provides_names = [names.get(code, code) for code in organisation.provides or []]
    return organisation


@require_safe
def directory(request):
    data = request.GET.copy()
    data["q"] = clean_query(data.get("q", ""))
    form = DirectoryForm(data)
    filters = form.filters()
    organisations = MedicalOrganisation.objects.filter(active=True)
    if "region" in filters:
        organisations = organisations.filter(region=filters["region"])
    if "kind" in filters:
        organisations = organisations.filter(kind=filters["kind"])
    if "supplier" in filters:
        organisations = organisations.filter(is_fund_supplier=filters["supplier"] == "yes")
    if "q" in filters:
        organisations = organisations.filter(_name_matches(filters["q"]))
    paginator = Paginator(organisations.order_by("name", "bin"), PER_PAGE)  # `name` is the visitor's language
    page = paginator.get_page(request.GET.get("page"))
    names = section_names()
    return render(
        request,
        "coverage/organisations.html",
        {
            "form": form,
            "page": page,
            "organisations": [_describe(organisation, names) for organisation in page],
            "query": urlencode(filters),
            "filtered": bool(filters),
        },
    )


@require_safe
def detail(request, bin):
    organisation = get_object_or_404(MedicalOrganisation, bin=bin, active=True)
    return render(
        request,
        "coverage/organisations_detail.html",
        {"organisation": _describe(organisation, section_names())},
    )
