"""A citizen in a real browser: sign up, status and why, statements, calculator, the public check, languages."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from payments import rules
from payments.selectors import rulebook

from .helpers import html_lang, money, sign_in, staff_sign_in, switch_language, words

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Jana-Qupiya-sөz-2026"


def sign_up(page, person, *, email="olga@example.kz"):
    page.goto("/")
    page.get_by_role("link", name=words("kk", "Create an account")).first.click()
    page.fill("input[name=iin]", person.iin)
    page.fill("input[name=last_name]", person.last_name)
    page.fill("input[name=first_name]", person.first_name)
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name=words("kk", "Create my account")).click()


def test_citizen_signs_up_is_confirmed_at_the_office_then_sees_why_not_insured(new_page, portal_data):
    olga = portal_data["incomplete_employee"]  # in the registry, no account; her employer skipped one 122
    page = new_page()

    sign_up(page, olga)
    page.wait_for_url("**/accounts/cabinet/")
    main = page.inner_text("main")
    assert words("kk", "Welcome! Your account is open; confirm your identity to see your data.") in main
    assert words("kk", "Confirm your identity to see your data") in main
    assert page.get_by_role("link", name=words("kk", "My insurance status")).count() == 0  # nothing personal yet
    page.goto("/cabinet/status/")
    assert words("kk", "You are not insured") not in page.inner_text("main")

    staff = new_page()  # Olga shows her ID card at a fund office; the operator confirms her account
    staff_sign_in(staff, "operator")
    staff.goto("/admin/accounts/user/?identity=waiting")
    staff.get_by_role("row").filter(has_text=olga.iin).locator("input[type=checkbox]").check()
    staff.select_option("select[name=action]", "confirm_identity")
    staff.locator("button[name=index]").click()
    staff.locator(".messagelist .success").wait_for()

    page.goto("/accounts/cabinet/")
    assert olga.iin in page.inner_text("main")
    page.get_by_role("link", name=words("kk", "My insurance status")).click()
    page.wait_for_url("**/cabinet/status/")
    main = page.inner_text("main")
    assert words("kk", "You are not insured") in main
    assert words("kk", "Why, and what to do") in main
    assert words("kk", "Your employer paid transfers but not your contributions") in main
    assert page.locator(".reason-months li").count() == 1  # the one month without 122

    page.goto("/cabinet/payments/")
    with page.expect_download() as csv_download:
        page.get_by_role("button", name=words("kk", "CSV for a spreadsheet")).click()
    body = Path(csv_download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert csv_download.value.suggested_filename == "statement.csv"
    assert body[0].split(";")[1] == words("kk", "KNP")
    assert len(body) == 1 + 24 + 23  # 24 months of 121, 23 of 122

    with page.expect_download() as pdf_download:
        page.get_by_role("button", name=words("kk", "PDF"), exact=True).click()
    assert pdf_download.value.suggested_filename == "statement.pdf"
    assert Path(pdf_download.value.path()).read_bytes()[:5] == b"%PDF-"


def test_signed_in_citizen_sees_they_are_insured_and_why(page, portal_data):
    sign_in(page, portal_data["insured_employee"].iin)
    page.goto("/cabinet/status/")
    main = page.inner_text("main")
    assert words("kk", "You are insured") in main
    assert words("kk", "Why, and what to do") not in main
    assert page.locator(".month-strip .tile-covered").count() >= 11


def test_public_status_check_on_the_home_page(page, portal_data):
    for person, answer in [(portal_data["insured_employee"], "Insured"), (portal_data["no_payments"], "Not insured")]:
        page.goto("/")
        page.fill("input[name=iin]", person.iin)
        page.get_by_role("button", name=words("kk", "Check"), exact=True).click()
        result = page.get_by_role("status")
        assert result.locator("strong").inner_text() == words("kk", answer)
    page.fill("input[name=iin]", "123456789012")  # wrong check digit: said so, nothing looked up
    page.get_by_role("button", name=words("kk", "Check"), exact=True).click()
    assert page.locator(".invalid-feedback, .alert-danger").count() >= 1
    assert page.get_by_role("status").count() == 0


def test_calculator_gives_a_months_contributions(page, portal_data):
    period = timezone.localdate().replace(day=1)
    expected = rules.compute_amounts(rules=rulebook(), payer_type="employee", period=period, incomes=[Decimal(400_000)])
    page.goto("/")
    page.get_by_role("link", name=words("kk", "Calculator")).first.click()
    form = page.locator("#month form")
    form.locator("select[name=payer]").select_option("employee")
    form.locator("input[name=period]").fill(f"{period:%Y-%m}")
    form.locator("input[name=income_1]").fill("400000")
    form.get_by_role("button", name=words("kk", "Calculate")).click()
    total = page.locator("#month .result tr.fw-bold td")
    assert total.nth(0).inner_text() == money("kk", expected.transfers)
    assert total.nth(1).inner_text() == money("kk", expected.contributions)
    assert expected.transfers > 0 and expected.contributions > 0


def test_language_switches_to_russian_and_back_to_kazakh(page, portal_data):
    page.goto("/help/")
    assert html_lang(page) == "kk"
    switch_language(page, "ru")
    assert page.url.endswith("/ru/help/")  # the same page, under the language's prefix: a link to share
    assert words("ru", "Help and contacts") in page.inner_text("nav.site-menu")
    page.locator("a.brand").click()  # the portal's own links stay in the language
    assert page.url.endswith("/ru/") and html_lang(page) == "ru"
    assert words("ru", "Check insurance status") in page.inner_text("main")
    switch_language(page, "kk")
    assert words("kk", "Check insurance status") in page.inner_text("main")


def test_core_flows_work_without_javascript(new_page, portal_data):
    page = new_page(javascript=False)
    page.goto("/")
    page.fill("input[name=iin]", portal_data["insured_employee"].iin)
    page.get_by_role("button", name=words("kk", "Check"), exact=True).click()
    assert page.get_by_role("status").locator("strong").inner_text() == words("kk", "Insured")

    switch_language(page, "ru")
    sign_in(page, portal_data["gap_self_payer"].iin)
    page.goto("/ru/cabinet/status/")
    main = page.inner_text("main")
    assert words("ru", "You are not insured") in main and words("ru", "Months without contributions") in main

    page.goto("/ru/calculator/")
    form = page.locator("#month form")
    form.locator("select[name=payer]").select_option("self")
    form.locator("input[name=period]").fill(f"{date.today():%Y-%m}")
    form.get_by_role("button", name=words("ru", "Calculate")).click()
    assert page.locator("#month .result").count() == 1


def test_a_citizen_whose_employer_skipped_a_month_reads_it_and_files_the_prefilled_appeal(page, portal_data):
    from accounts.models import User
    from payments.services.arrears import employer_arrears_rebuild

    olga = portal_data["incomplete_employee"]  # her employer paid 121 for one month but withheld her 122
    account = User(username=olga.iin, person=olga, first_name=olga.first_name, last_name=olga.last_name)
    account.set_password(PASSWORD)
    account.save()
    employer_arrears_rebuild()  # as the nightly task does (and the task after each register)

    sign_in(page, olga.iin, PASSWORD)
    page.goto("/cabinet/status/")
    section = page.locator("section[aria-labelledby=employer-arrears]")
    assert words("kk", "Your employer did not pay for every month") in section.inner_text()
    sentence = section.locator("article p").first.inner_text()
    section.get_by_role("link", name=words("kk", "File an appeal about this")).first.click()
    page.wait_for_url("**/appeals/new/**")
    description = page.locator("textarea[name=description]").input_value()
    assert description.strip(), "the appeal form comes filled in"
    employer = portal_data["incomplete_employee"].iin  # not the employer: the employer's BIN is in the sentence
    bins = re.findall(r"\b\d{12}\b", sentence)
    assert bins and bins[0] != employer and bins[0] in description, (sentence, description)
