"""Who may receive what (rules section 5), as a pure function: no Django, no database.

`decide` answers for one item of a package: is it available to a person with this residency category and
insurance status, and why (a reason code the page turns into words). `summarise` folds the items of a
section into one verdict: available, limited or not available.

- GOBMP (and from 2026 the base part of the unified package) goes to citizens, kandas, refugees, and
  foreigners and stateless people with permanent residence, whatever their insurance status. Foreigners and
  stateless people staying temporarily, and asylum seekers, get it only for diseases dangerous to others.
- OSMS (and from 2026 the insurance part) goes to insured people only; without status, GOBMP only.
- An item's condition adds to its package's rule; it never widens it, except `any_status` in an insurance
  package ("regardless of insurance status"), which makes the item follow the GOBMP rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Residency categories (accounts.choices.Residency)
FULL_RESIDENCY = frozenset({"citizen", "kandas", "refugee", "permanent_foreigner", "permanent_stateless"})
LIMITED_RESIDENCY = frozenset({"temporary_foreigner", "asylum_seeker"})

# Parts: what a package is, as far as eligibility goes
TMKKK = "tmkkk"  # free guaranteed volume; from 2026 the base part
OSMS = "osms"  # insurance package; from 2026 the insurance part
UNIFIED_PARTS = {"unified_base": TMKKK, "unified_insurance": OSMS}

# Item conditions (coverage.models.Condition codes)
ANY_STATUS = "any_status"
INSURED_ONLY = "insured_only"
REFERRAL = "referral"
POPULATION_GROUPS = "population_groups"
DANGEROUS_DISEASES_ONLY = "dangerous_diseases_only"
CONDITIONS = frozenset({ANY_STATUS, INSURED_ONLY, REFERRAL, POPULATION_GROUPS, DANGEROUS_DISEASES_ONLY})

# Reason codes
RESIDENT = "resident"  # GOBMP for your residency category, whatever your insurance status
EVERYONE = "everyone"  # the item says: regardless of insurance status
INSURED = "insured"  # OSMS: you are insured
NEEDS_REFERRAL = "referral"  # available, on referral
GROUPS_ONLY = "population_groups"  # only for the population groups the item names
DANGEROUS_ONLY = "dangerous_diseases_only"  # your residency category: only diseases dangerous to others
NOT_INSURED = "not_insured"  # OSMS needs insured status

LIMITING_REASONS = frozenset({GROUPS_ONLY, DANGEROUS_ONLY})

# Section verdicts
AVAILABLE = "available"
LIMITED = "limited"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class Decision:
    available: bool
    reason: str

    @property
    def limited(self) -> bool:
        """Available, but only in some cases (certain groups, diseases dangerous to others)."""
        return self.available and self.reason in LIMITING_REASONS


@dataclass(frozen=True, slots=True)
class Verdict:
    state: str  # AVAILABLE, LIMITED or UNAVAILABLE
    reasons: tuple[str, ...]  # distinct reason codes, in the order the items gave them


def part_of(kind: str, code: str) -> str:
    """The part of a package (TMKKK or OSMS) from its kind and code (`unified` packages by their code)."""
    if kind in (TMKKK, OSMS):
        return kind
    if kind == "unified" and code in UNIFIED_PARTS:
        return UNIFIED_PARTS[code]
    raise ValueError(f"unknown package {kind}/{code}")


def decide(residency: str, insured: bool, part: str, condition: str | None) -> Decision:
    """Whether one item of a package of `part` (TMKKK or OSMS) with `condition` is available, and why."""
    if residency not in FULL_RESIDENCY | LIMITED_RESIDENCY:
        raise ValueError(f"unknown residency category {residency!r}")
    if part not in (TMKKK, OSMS):
        raise ValueError(f"unknown part {part!r}")
    if condition is not None and condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}")

    needs_insurance = condition == INSURED_ONLY or (part == OSMS and condition != ANY_STATUS)
    if needs_insurance:
        if not insured:
            return Decision(False, NOT_INSURED)
        base = INSURED
    else:
        if residency in LIMITED_RESIDENCY:
            return Decision(True, DANGEROUS_ONLY)
        base = RESIDENT
    if condition == POPULATION_GROUPS:
        return Decision(True, GROUPS_ONLY)
    if condition == REFERRAL:
        return Decision(True, NEEDS_REFERRAL)
    if condition == ANY_STATUS:
        return Decision(True, EVERYONE)
    return Decision(True, base)


def summarise(decisions: Iterable[Decision]) -> Verdict:
    """One verdict for a section: available when some item is available without limits, limited when every
    available item is limited, unavailable when no item is available. The reasons of every item are kept, so
    that a section where part of the care needs insurance says so."""
    decisions = list(decisions)
    reasons = tuple(dict.fromkeys(d.reason for d in decisions))
    if any(d.available and not d.limited for d in decisions):
        return Verdict(AVAILABLE, reasons)
    if any(d.available for d in decisions):
        return Verdict(LIMITED, reasons)
    return Verdict(UNAVAILABLE, reasons)
