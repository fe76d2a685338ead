"""Statements of payments (CSV, PDF), status certificates and their public check."""

import base64
import csv
import io
import random
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from PIL import Image

from payments import documents
from payments.models import Certificate, Payment, PersonStatus, Register
from payments.services.recompute import status_recompute

from .factories import months, pay_self

try:
    import pypdf
except ImportError:  # not a runtime dependency: without it the PDF tests check the file's shape only
    pypdf = None

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def english(client):
    translation.activate("en")  # the pages under this language's URL prefix
    return client


def _pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _pdf_fonts(content: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads Cyrillic"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def _pay_employer(person, label: str, *, amount: str, sender_name: str, state=Payment.State.ACCEPTED):
    register, _ = Register.objects.get_or_create(name="employer.csv")
    year, month = (int(x) for x in label.split("-"))
    Payment.objects.create(
        register=register, received_on=date(year, month, 20), number=f"E{label}", knp=121,
        sender_id="990340001234", sender_name=sender_name, iin=person.iin,
        amount=Decimal(amount), period=date(year, month, 1), state=state,
    )  # fmt: skip


# --- Statement: CSV -------------------------------------------------------------------------------------


def test_csv_lists_only_the_owners_payments_with_the_agreed_columns(english, citizen, outsider):
    pay_self(citizen.person, months("2023-11", "2024-02"))
    _pay_employer(citizen.person, "2024-01", amount="1500.50", sender_name="ТОО «Қазақ Тілі»")
    pay_self(outsider.person, months("2024-01", "2024-01"), amount="9999")
    english.force_login(citizen)

    response = english.get(reverse("documents:statement_csv"))

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and "statement.csv" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    header, *rows = _csv_rows(response.content)
    assert header == ["Period", "KNP", "Amount, KZT", "Payer", "Payer IIN/BIN", "Received on", "State"]
    assert [r[0] for r in rows] == ["2023-11", "2023-12", "2024-01", "2024-01", "2024-02"]
    assert ["2023-11", "122", "4250,00", "Ахметова Айгерим", citizen.username, "2023-12-10", "accepted"] in rows
    assert ["2024-01", "121", "1500,50", "ТОО «Қазақ Тілі»", "990340001234", "2024-01-20", "accepted"] in rows
    assert outsider.username not in response.content.decode("utf-8-sig") and "9999" not in str(rows)


def test_csv_year_filter(english, citizen):
    pay_self(citizen.person, months("2023-11", "2024-02"))
    english.force_login(citizen)
    response = english.get(reverse("documents:statement_csv"), {"year": "2024"})
    _, *rows = _csv_rows(response.content)
    assert [r[0] for r in rows] == ["2024-01", "2024-02"]
    assert "statement-2024.csv" in response["Content-Disposition"]
    junk = english.get(reverse("documents:statement_csv"), {"year": "20x4"})
    assert len(_csv_rows(junk.content)) == 1 + 4  # a bad year is ignored: every payment


def test_csv_defuses_cells_a_spreadsheet_would_run_as_formulas(english, citizen):
    _pay_employer(citizen.person, "2024-03", amount="10", sender_name='=HYPERLINK("http://x","y")')
    english.force_login(citizen)
    _, row = _csv_rows(english.get(reverse("documents:statement_csv")).content)
    assert row[3] == '\'=HYPERLINK("http://x","y")'


# --- Statement: PDF -------------------------------------------------------------------------------------


def test_pdf_is_a_real_pdf_with_the_owners_iin_and_totals(english, citizen, outsider):
    pay_self(citizen.person, months("2024-01", "2024-03"))
    _pay_employer(citizen.person, "2024-02", amount="700", sender_name="ЖШС Әлем")
    _pay_employer(citizen.person, "2024-03", amount="500", sender_name="ЖШС Әлем", state=Payment.State.REJECTED)
    pay_self(outsider.person, months("2024-01", "2024-01"))
    english.force_login(citizen)

    response = english.get(reverse("documents:statement_pdf"), {"year": "2024"})

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"%%EOF" in response.content[-64:]
    assert "statement-2024.pdf" in response["Content-Disposition"]
    if pypdf is None:
        assert len(response.content) > 5_000
        return
    text = _pdf_text(response.content)
    assert citizen.username in text and outsider.username not in text
    assert "Ахметова Айгерим" in text and "ЖШС Әлем" in text  # Kazakh letters survive the font
    assert "January 2024 – December 2024" in text
    assert "122: contributions 12,750.00" in text and "121: employer transfers 700.00" in text  # not the rejected 500
    assert "Saqtandyru" in text and "Generated on" in text
    fonts = _pdf_fonts(response.content)
    assert fonts and all("DejaVu-Sans" in name for name in fonts), fonts  # no fallback font anywhere


def test_totals_count_accepted_payments_only_by_knp(citizen):
    pay_self(citizen.person, months("2024-01", "2024-02"))
    _pay_employer(citizen.person, "2024-01", amount="700", sender_name="A")
    _pay_employer(citizen.person, "2024-02", amount="500", sender_name="A", state=Payment.State.REJECTED)
    totals = documents.statement_of(citizen.person).totals
    assert [(label.split(":")[0], amount) for label, amount in totals] == [
        ("121", Decimal(700)),
        ("122", Decimal(8500)),
    ]


def test_statement_html_has_the_period_and_a_row_per_payment(citizen):
    pay_self(citizen.person, months("2024-01", "2024-03"))
    html = documents.statement_html(documents.statement_of(citizen.person))
    assert citizen.username in html and html.count("<tr>") == 1 + 3 + 1 + 1  # head, rows, totals head, one KNP


def test_pdf_renderer_loads_data_uris_only(tmp_path):
    """A file: (or http:) address in a document must never be read; a data: URI is embedded."""
    noise = random.Random(7).randbytes(3 * 160 * 160)
    png = io.BytesIO()
    Image.frombytes("RGB", (160, 160), noise).save(png, format="PNG")
    (tmp_path / "noise.png").write_bytes(png.getvalue())
    data_uri = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()

    def size(src: str) -> int:
        return len(documents.render_pdf(f'<!doctype html><p>x</p><img src="{src}" style="width:5cm">'))

    blank = size("data:,")
    assert size(data_uri) > blank + 50_000
    assert size((tmp_path / "noise.png").as_uri()) < blank + 5_000


# --- Access ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["statement_csv", "statement_pdf", "certificate_issue"])
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(f"documents:{name}"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("name", ["statement_csv", "statement_pdf", "certificate_issue"])
def test_staff_without_a_person_gets_404(client, staff_member, name):
    client.force_login(staff_member)
    assert client.get(reverse(f"documents:{name}")).status_code == 404
    assert client.post(reverse("documents:certificate_issue")).status_code == 404
    assert not Certificate.objects.exists()


def test_certificate_pdf_is_for_its_owner_only(client, citizen, outsider, staff_member):
    certificate = documents.certificate_issue(person=citizen.person)
    url = reverse("documents:certificate_pdf", args=[certificate.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(staff_member)
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    assert client.get(url).status_code == 200


# --- Certificate ----------------------------------------------------------------------------------------


def _insure(user, time_machine):
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(user.person, months("2023-10", "2024-09"))
    status_recompute(iins=[user.username], trigger="test")


def test_post_issues_a_snapshot_and_redirects_to_the_pdf(english, citizen, time_machine):
    _insure(citizen, time_machine)
    english.force_login(citizen)
    assert english.get(reverse("documents:certificate_issue")).status_code == 200

    response = english.post(reverse("documents:certificate_issue"))

    certificate = Certificate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("documents:certificate_pdf", args=[certificate.pk])
    assert certificate.person_id == citizen.username and certificate.insured
    assert certificate.basis == "past_twelve" and certificate.lapse_date == date(2024, 11, 25)
    pdf = english.get(response["Location"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    if pypdf is not None:
        text = _pdf_text(pdf.content)
        assert citizen.username in text and "Insured" in text and "25 November 2024" in text
        assert f"http://testserver/en/certificate/{certificate.pk}/" in text  # the check page in the PDF's language


def test_certificate_html_carries_the_absolute_verify_url_and_a_qr_image(citizen):
    certificate = documents.certificate_issue(person=citizen.person)
    url = f"https://saqtandyru.kz/certificate/{certificate.pk}/"
    html = documents.certificate_html(certificate, verify_url=url)
    assert url in html and 'src="data:image/svg+xml;base64,' in html


def test_issuing_before_the_first_recompute_answers_live(citizen):
    assert not PersonStatus.objects.exists()
    certificate = documents.certificate_issue(person=citizen.person)
    assert certificate.insured is False and certificate.reasons[0]["code"] == "no_payments"


def test_issuing_is_capped_per_person(client, citizen):
    client.force_login(citizen)
    for _ in range(20):
        assert client.post(reverse("documents:certificate_issue")).status_code == 302
    assert client.post(reverse("documents:certificate_issue")).status_code == 429
    assert Certificate.objects.count() == 20


def test_verify_shows_a_genuine_certificate_with_masked_iin_and_still_true(english, citizen, time_machine):
    _insure(citizen, time_machine)
    certificate = documents.certificate_issue(person=citizen.person)

    response = english.get(reverse("documents:certificate_verify", args=[certificate.pk]))

    page = response.content.decode()
    assert response.status_code == 200 and "noindex" in response["X-Robots-Tag"]
    assert "This certificate is genuine" in page and "Still true" in page and "No longer true" not in page
    assert "Ахметова А." in page and "Айгерим" not in page
    assert f"{citizen.username[:6]}******" in page and citizen.username not in page
    assert "10 November 2024" in page and "Insured" in page


def test_verify_says_no_longer_true_after_the_status_changes(english, citizen, time_machine):
    _insure(citizen, time_machine)
    certificate = documents.certificate_issue(person=citizen.person)
    time_machine.move_to("2025-03-01 12:00+05:00")  # past the lapse date, nothing paid since
    status_recompute(iins=[citizen.username], trigger="test")
    assert PersonStatus.objects.get(person=citizen.person).insured is False

    page = english.get(reverse("documents:certificate_verify", args=[certificate.pk])).content.decode()

    assert "No longer true" in page and "Still true" not in page and "This certificate is genuine" in page


def test_verify_unknown_number_is_404_and_says_nothing_else(english, citizen):
    documents.certificate_issue(person=citizen.person)
    response = english.get(reverse("documents:certificate_verify", args=[uuid.uuid4()]))
    page = response.content.decode()
    assert response.status_code == 404 and "No such certificate" in page
    assert "genuine" not in page and citizen.username[:6] not in page and "Ахметова" not in page


def test_verify_is_rate_limited_per_client(english, citizen, time_machine):
    time_machine.move_to("2026-03-02 10:00:05+05:00", tick=False)  # one rate-limit window for the whole test
    certificate = documents.certificate_issue(person=citizen.person)
    url = reverse("documents:certificate_verify", args=[certificate.pk])
    for _ in range(30):
        assert english.get(url).status_code == 200
    blocked = english.get(url)
    assert blocked.status_code == 429 and "Too many checks" in blocked.content.decode()
    assert "Ахметова" not in blocked.content.decode()
    assert english.get(url, REMOTE_ADDR="10.0.0.2").status_code == 200  # another client is not blocked


def test_mask_iin():
    assert documents.mask_iin("900101400123") == "900101******"
