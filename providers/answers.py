"""What the front desk is told about a patient, and nothing more: initials, insured or not, basis, lapse date,
the packages that apply today, and the reason in one line. No amounts, no employers, no full name.

`Answer.as_dict()` is the one shape shared by the page and the API.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BASES = {
    "exempt": gettext_lazy("preferential category (the state pays)"),
    "past_twelve": gettext_lazy("twelve covered months"),
    "prepaid": gettext_lazy("twelve months paid ahead"),
    "retention": gettext_lazy("five years of contributions (retention)"),
}

# One line per reason code (payments.status); %(months)s is a list such as "2025-02 and 2025-03".
REASON_LINES = {
    "no_payments": gettext_lazy("no contributions received"),
    "gap": gettext_lazy("no contributions for %(months)s"),
    "incomplete": gettext_lazy("the employer paid no contributions for %(months)s"),
    "underpaid": gettext_lazy("contributions paid in part for %(months)s"),
    "lump_sum": gettext_lazy("several months paid as one payment (%(months)s)"),
    "vacation_lump": gettext_lazy("vacation pay not split by month (%(months)s)"),
    "category_lapsed": gettext_lazy("the preferential category ended in %(months)s"),
}

# Cover: what the patient receives today.
FULL = "full"  # GOBMP + OSMS (from 2026: both parts of the unified package)
BASE_ONLY = "base_only"  # GOBMP only (from 2026: the base part only)
BASE_LIMITED = "base_limited"  # GOBMP for diseases dangerous to others only
INSURANCE_ONLY = "insurance_only"  # insured, GOBMP limited by residency: OSMS + GOBMP for dangerous diseases
NONE = "none"


@dataclass(frozen=True)
class PackageLine:
    code: str
    version: str
    name: str
    part: str  # coverage.eligibility.TMKKK or OSMS
    applies: bool
    limited: bool  # only diseases dangerous to others (residency)

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "version": self.version,
            "name": self.name,
            "part": self.part,
            "applies": self.applies,
            "limited": self.limited,
        }


@dataclass(frozen=True)
class Answer:
    iin: str
    on: date
    in_registry: bool
    initials: str
    insured: bool
    basis: str | None
    lapse_date: date | None
    reasons: list[dict] = field(default_factory=list)  # [{"code", "months"}]
    packages: list[PackageLine] = field(default_factory=list)
    unified: bool = False  # the 2026 unified package is in force

    @property
    def cover(self) -> str:
        applying = {p.part: p for p in self.packages if p.applies}
        base, insurance = applying.get("tmkkk"), applying.get("osms")
        if base and insurance:
            return INSURANCE_ONLY if base.limited else FULL
        if base:
            return BASE_LIMITED if base.limited else BASE_ONLY
        return INSURANCE_ONLY if insurance else NONE

    @property
    def cover_label(self) -> str:
        cover = self.cover
        if self.unified:
            labels = {
                FULL: _("Unified package: base part and insurance part"),
                BASE_ONLY: _("Unified package: base part only"),
                BASE_LIMITED: _("Unified package: base part, diseases dangerous to others only"),
                INSURANCE_ONLY: _("Unified package: insurance part; base part for diseases dangerous to others only"),
            }
        else:
            labels = {
                FULL: _("GOBMP + OSMS"),
                BASE_ONLY: _("GOBMP only"),
                BASE_LIMITED: _("GOBMP, diseases dangerous to others only"),
                INSURANCE_ONLY: _("OSMS; GOBMP for diseases dangerous to others only"),
            }
        return labels.get(cover, _("No package is in force today."))

    @property
    def basis_label(self) -> str:
        return str(BASES.get(self.basis, "")) if self.basis else ""

    @property
    def reason_line(self) -> str:
        """Why not insured, in one line; empty when insured."""
        if self.insured:
            return ""
        if not self.in_registry:
            return _("no record in the registry")
        return reason_line(self.reasons)

    def as_dict(self) -> dict:
        return {
            "iin": self.iin,
            "on": self.on.isoformat(),
            "in_registry": self.in_registry,
            "initials": self.initials,
            "insured": self.insured,
            "basis": self.basis,
            "basis_label": self.basis_label or None,
            "lapse_date": self.lapse_date.isoformat() if self.lapse_date else None,
            "cover": self.cover,
            "cover_label": self.cover_label,
            "packages": [p.as_dict() for p in self.packages],
            "reasons": self.reasons,
            "reason_line": self.reason_line or None,
        }


def initials(first_name: str, last_name: str) -> str:
    """ "А. Қ." from Айгерим Қасымова: the first letters only, never the name."""
    return " ".join(f"{part.strip()[0].upper()}." for part in (first_name, last_name) if part and part.strip())


def month_runs(months: list[str]) -> list[str]:
    """["2025-01", "2025-02", "2025-03", "2025-05"] → ["2025-01 – 2025-03", "2025-05"]: runs of three or more
    consecutive months are shortened, so that a year's gap still fits in one line."""

    def index(label: str) -> int:
        year, month = label.split("-")
        return int(year) * 12 + int(month) - 1

    ordered = sorted(set(months), key=index)
    runs: list[list[str]] = []
    for label in ordered:
        if runs and index(label) == index(runs[-1][-1]) + 1:
            runs[-1].append(label)
        else:
            runs.append([label])
    out = []
    for run in runs:
        out += [f"{run[0]} – {run[-1]}"] if len(run) >= 3 else run
    return out


def reason_line(reasons: list[dict]) -> str:
    parts = []
    for reason in reasons:
        template = REASON_LINES.get(reason["code"])
        if template is None:
            parts.append(reason["code"])
            continue
        months = get_text_list(month_runs(reason.get("months", [])), _("and"))
        parts.append(str(template) % {"months": months})
    return "; ".join(parts)
