"""Appeals in a real browser: a citizen files one with a document, follows it by number and access code,
an appeals officer answers it in the admin, and the citizen reads the answer."""

import re

import pytest
from django.utils import timezone

from .helpers import staff_sign_in, words

pytestmark = pytest.mark.django_db(transaction=True)

# The smallest file the portal accepts as a PDF (it checks the content, not the name).
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n%%EOF\n"
ANSWER = "Емхана сізді 3 күн ішінде қабылдайды. The clinic will see you within 3 days."


def file_appeal(page, iin: str) -> tuple[str, str]:
    """File an appeal without signing in; the tracking number and access code the page shows."""
    page.goto("/")
    page.get_by_role("link", name=words("kk", "File an appeal")).first.click()
    page.wait_for_url("**/appeals/new/")
    page.select_option("select[name=kind]", "care_refused")
    page.select_option("select[name=region]", index=1)
    page.fill("input[name=organisation_name]", "Емхана №1")
    page.fill("input[name=event_date]", f"{timezone.localdate():%Y-%m-%d}")
    page.fill("textarea[name=description]", "Дәрігерге жазылудан бас тартты. I was refused an appointment.")
    page.set_input_files(
        "input[name=attachments]", files=[{"name": "referral.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.fill("input[name=name]", "Ахметова Айгерим")
    page.fill("input[name=iin]", iin)  # care refused: the fund checks the insurance of whoever asks
    page.fill("input[name=email]", "aigerim@example.kz")
    page.locator("main form [type=submit]").last.click()
    page.get_by_role("heading", name=words("kk", "Your appeal is registered")).wait_for()
    keep = page.locator("main dl").first
    number, code = (text.strip() for text in keep.locator("dd strong").all_inner_texts()[:2])
    assert re.fullmatch(r"\d{2}-\d{6}-\d", number), number
    return number, code


def follow(page, number: str, code: str) -> None:
    page.goto("/appeals/follow/")
    page.fill("input[name=number]", number)
    page.fill("input[name=code]", code)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"**/appeals/{number}/")


def test_citizen_files_follows_and_reads_the_answer_staff_gave_in_the_admin(new_page, portal_data):
    citizen = new_page()
    number, code = file_appeal(citizen, portal_data["insured_employee"].iin)

    later = new_page()  # another day, another browser: number and access code are enough
    follow(later, number, code)
    main = later.inner_text("main")
    assert number in main and "referral.pdf" in main
    assert words("kk", "No reply yet.") in main

    staff = new_page()
    staff_sign_in(staff, "officer")
    staff.goto(f"/admin/appeals/appeal/?q={number}")
    staff.get_by_role("link", name=number).click()
    staff.fill("textarea[name='replies-0-text']", ANSWER)
    staff.locator("input[name=_save]").click()
    staff.locator(".messagelist .success").wait_for()

    later.reload()
    assert ANSWER in later.inner_text("main")
    assert words("kk", "No reply yet.") not in later.inner_text("main")


def test_an_officer_files_a_phone_appeal_and_the_caller_follows_it_online(new_page, portal_data):
    from plumbing import sms

    staff = new_page()
    staff_sign_in(staff, "officer")
    staff.goto("/admin/appeals/appeal/")
    staff.get_by_role("link", name=words("kk", "File an appeal for a caller")).click()
    staff.select_option("select[name=channel]", "phone")
    staff.fill("input[name=name]", "Сейітов Нұрлан")
    staff.fill("input[name=iin]", portal_data["insured_employee"].iin)
    staff.fill("input[name=phone]", "8 701 234 56 78")
    staff.select_option("select[name=kind]", "care_refused")
    staff.select_option("select[name=region]", index=1)
    staff.fill("input[name=organisation_name]", "Емхана №1")
    staff.fill("input[name=event_date]", f"{timezone.localdate():%Y-%m-%d}")
    staff.fill("textarea[name=description]", "Қоңырау шалушы дәрігерге жазыла алмады.")
    staff.locator("#content-main form [type=submit]").last.click()
    read_out = staff.locator("#read-out + table")
    number = read_out.locator("tr").nth(0).locator("strong").inner_text().strip()
    code = read_out.locator("code").inner_text().strip()
    assert re.fullmatch(r"\d{2}-\d{6}-\d", number), number
    assert any(number in m.text and code in m.text for m in sms.outbox), sms.outbox  # sent as a text too

    caller = new_page()  # the caller, later, online: the same number and code as on the web
    follow(caller, number, code)
    main = caller.inner_text("main")
    assert number in main and "Қоңырау шалушы дәрігерге жазыла алмады." in main
