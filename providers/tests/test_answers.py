"""The answer's pure parts: initials, the reason in one line, months shortened, what applies today."""

from datetime import date

import pytest
from django.utils import translation

from providers.answers import BASE_LIMITED, BASE_ONLY, FULL, INSURANCE_ONLY, Answer, PackageLine, initials, month_runs


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def answer(**fields) -> Answer:
    defaults = {"iin": "850615400115", "on": date(2025, 5, 10), "in_registry": True, "initials": "А. Қ."}
    defaults.update(insured=False, basis=None, lapse_date=None)
    return Answer(**{**defaults, **fields})


def line(part: str, applies: bool, limited: bool = False, code: str = "") -> PackageLine:
    return PackageLine(code or part, "2024", part, part, applies, limited)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [("Айгерим", "Қасымова", "А. Қ."), ("ерлан", "байжанов", "Е. Б."), ("", "Қасымова", "Қ."), ("", "", "")],
)
def test_initials_never_the_name(first, last, expected):
    assert initials(first, last) == expected


def test_runs_of_three_months_or_more_are_shortened():
    assert month_runs(["2025-03", "2025-02"]) == ["2025-02", "2025-03"]
    assert month_runs(["2024-11", "2024-12", "2025-01", "2025-03"]) == ["2024-11 – 2025-01", "2025-03"]


@pytest.mark.parametrize(
    ("reasons", "expected"),
    [
        ([{"code": "gap", "months": ["2025-02", "2025-03"]}], "no contributions for 2025-02 and 2025-03"),
        ([{"code": "no_payments", "months": ["2025-05"]}], "no contributions received"),
        (
            [{"code": "incomplete", "months": ["2025-01"]}, {"code": "gap", "months": ["2025-03"]}],
            "the employer paid no contributions for 2025-01; no contributions for 2025-03",
        ),
        ([{"code": "category_lapsed", "months": ["2024-12"]}], "the preferential category ended in 2024-12"),
        ([{"code": "something_new", "months": []}], "something_new"),
    ],
)
def test_reason_in_one_line(reasons, expected):
    assert answer(reasons=reasons).reason_line == expected


def test_insured_has_no_reason_and_unknown_iin_has_no_record():
    assert answer(insured=True, basis="past_twelve").reason_line == ""
    assert answer(in_registry=False, reasons=[{"code": "no_payments", "months": []}]).reason_line == (
        "no record in the registry"
    )


def test_what_applies_today_before_2026():
    assert answer(packages=[line("tmkkk", True), line("osms", True)]).cover == FULL
    assert answer(packages=[line("tmkkk", True), line("osms", False)]).cover_label == "GOBMP only"
    assert answer(packages=[line("tmkkk", True), line("osms", True)]).cover_label == "GOBMP + OSMS"
    assert answer(packages=[line("tmkkk", True, limited=True), line("osms", False)]).cover == BASE_LIMITED
    assert answer(packages=[line("tmkkk", True, limited=True), line("osms", True)]).cover == INSURANCE_ONLY


def test_what_applies_from_2026_names_the_unified_package_parts():
    packages = [line("tmkkk", True, code="unified_base"), line("osms", False, code="unified_insurance")]
    result = answer(packages=packages, unified=True)
    assert result.cover == BASE_ONLY
    assert result.cover_label == "Unified package: base part only"


def test_the_dict_has_no_amounts_and_no_names():
    body = answer(reasons=[{"code": "gap", "months": ["2025-02"]}], packages=[line("tmkkk", True)]).as_dict()
    assert set(body) == {
        "iin", "on", "in_registry", "initials", "insured", "basis", "basis_label", "lapse_date", "cover",
        "cover_label", "packages", "reasons", "reason_line",
    }  # fmt: skip
    assert "amounts" not in body["reasons"][0]
