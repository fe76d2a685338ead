"""axe-core on the main pages, in Kazakh, as a citizen sees them: no serious or critical violation.

axe-core's JavaScript comes from PyPI at install time (axe-playwright-python, pinned in requirements-dev.txt,
ships axe.min.js), so nothing minified is committed here and no other registry is needed.
"""

import pytest

from .helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = ["/", "/help/", "/accounts/login/", "/accounts/signup/", "/calculator/", "/catalogue/", "/organisations/"]
APPEALS = ["/appeals/new/", "/appeals/follow/", "/appeals/ratings/"]
SIGNED_IN = ["/cabinet/status/", "/cabinet/payments/", "/accounts/cabinet/", "/catalogue/for-me/"]
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING]


def describe(path: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        nodes = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']} -> {nodes}")
    return "\n".join(lines)


def check(page, paths: list[str]) -> str:
    found = []
    for path in paths:
        page.goto(path)
        found.append(describe(path, axe_violations(page)))
    return "\n".join(line for line in found if line)


def test_public_pages_have_no_serious_accessibility_violations(page, portal_data):
    report = check(page, PUBLIC)
    assert not report, "\n" + report


def test_public_pages_with_answers_and_errors_have_no_serious_violations(page, portal_data):
    paths = [
        "/calculator/?part=month&payer=employee&period=2026-01&income_1=400000#month",
        "/calculator/?part=penalty&amount=oops#penalty",  # a form with errors
        "/catalogue/search/?q=диабет",
    ]
    report = check(page, paths)
    page.goto("/")
    page.fill("input[name=iin]", portal_data["no_payments"].iin)
    page.locator("main form button[type=submit]").first.click()
    report += describe("status check answer", axe_violations(page))
    assert not report, "\n" + report


def test_appeal_pages_have_no_serious_accessibility_violations(page, portal_data):
    from .test_appeals import file_appeal

    report = check(page, APPEALS)
    number, _code = file_appeal(page, portal_data["insured_employee"].iin)
    report += describe("appeal filed", axe_violations(page))
    report += check(page, [f"/appeals/{number}/"])
    assert not report, "\n" + report


def test_signed_in_pages_have_no_serious_accessibility_violations(page, portal_data):
    sign_in(page, portal_data["gap_self_payer"].iin)  # not insured: reasons, a gap in the strip
    report = check(page, SIGNED_IN)
    assert not report, "\n" + report


def test_the_home_pages_introduction_is_regular_weight_in_full_colour_at_phone_width(page, portal_data):
    """Bootstrap's lead paragraph is light (300): on a phone its thin strokes read as light grey."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    weight, colour, body = page.evaluate(
        "() => { const lead = getComputedStyle(document.querySelector('.hero .lead'));"
        " return [lead.fontWeight, lead.color, getComputedStyle(document.body).color]; }"
    )
    assert int(weight) >= 400 and colour == body
