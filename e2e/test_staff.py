"""Fund staff in a real browser: upload a payment register in the admin and watch a citizen's status change."""

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from payments.demo import EMPLOYERS
from payments.importing import HEADER
from payments.rules import add_months

from .helpers import sign_in, staff_sign_in, words

pytestmark = pytest.mark.django_db(transaction=True)


def register_for_missing_122(person) -> bytes:
    """The employer's late KNP 122 for the one month it skipped (payments.demo: four months ago)."""
    today = timezone.localdate()
    month = add_months(today.replace(day=1), -4)
    row = [
        f"{today:%d.%m.%Y}", "E2E-1", "122", EMPLOYERS[0][0], EMPLOYERS[0][1], person.iin, person.last_name,
        person.first_name, "", "5000,00", f"{month:%m%Y}", "accepted",
    ]  # fmt: skip
    return (";".join(HEADER) + "\n" + ";".join(row) + "\n").encode()


def test_staff_uploads_a_register_and_the_citizens_status_changes(new_page, portal_data):
    olga = portal_data["incomplete_employee"]
    accounts_demo.load_citizen(olga, "olga@example.kz")

    citizen = new_page()
    sign_in(citizen, olga.iin)
    citizen.goto("/cabinet/status/")
    assert words("kk", "You are not insured") in citizen.inner_text("main")

    staff = new_page()
    staff_sign_in(staff)
    staff.goto("/admin/payments/register/add/")
    staff.select_option("select[name=kind]", "payments")
    staff.set_input_files(
        "input[name=file]",
        files=[{"name": "late-122.csv", "mimeType": "text/csv", "buffer": register_for_missing_122(olga)}],
    )
    staff.locator("input[name=_save]").click()
    staff.wait_for_url("**/admin/payments/register/*/change/")
    progress = staff.locator(".register-progress")
    done = "%(rows)s rows: %(imported)s imported, %(duplicates)s duplicates, %(quarantined)s in quarantine."
    counts = {"rows": 1, "imported": 1, "duplicates": 0, "quarantined": 0}
    progress.get_by_text(words("kk", done) % counts).wait_for()  # htmx polls until the import is done

    citizen.reload()
    main = citizen.inner_text("main")
    assert words("kk", "You are insured") in main
    assert words("kk", "Your employer paid transfers but not your contributions") not in main
