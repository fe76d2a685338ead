"""Documents for citizens: the statement of payments (CSV and PDF) and status certificates (PDF, public check).

Reads come first, then the one write (`certificate_issue`), then rendering. PDFs are drawn by WeasyPrint
from the templates in `templates/payments/documents/`; the renderer may load nothing but `data:` URIs,
so a document never reaches another host, and its font (DejaVu Sans, which has the Kazakh letters) comes
from the machine's fontconfig.

The CSV is for a spreadsheet in the ru/kk locale: UTF-8 with a BOM, `;` between fields and a decimal comma.
"""

from __future__ import annotations

import base64
import csv
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Person
from accounts.spreadsheets import inert

from .models import Certificate, Knp, Payment
from .reasons import reasons_as_json
from .selectors import current_status, payments_of, status_on, stored_insured

IIN_SHOWN = 6  # digits of the IIN a public page may show: the birth date, never the serial


# --- Reads ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    person: Person
    year: int | None
    payments: list[Payment]
    first_month: date | None
    last_month: date | None
    totals: list[tuple[str, Decimal]]  # (KNP label, sum of accepted payments), by KNP
    generated_at: datetime


def statement_payments(iin: str, *, year: int | None = None) -> list[Payment]:
    """The person's payments, oldest month first: a statement reads forwards."""
    return list(payments_of(iin, year=year).order_by("period", "received_on", "knp", "number"))


def _totals(payments: list[Payment]) -> list[tuple[str, Decimal]]:
    sums: dict[int, Decimal] = defaultdict(Decimal)
    for payment in payments:
        if payment.state == Payment.State.ACCEPTED:
            sums[payment.knp] += payment.amount
    return [(str(Knp(knp).label) if knp in Knp.values else str(knp), sums[knp]) for knp in sorted(sums)]


def statement_of(person: Person, *, year: int | None = None) -> Statement:
    payments = statement_payments(person.iin, year=year)
    if year is not None:
        first, last = date(year, 1, 1), date(year, 12, 1)
    elif payments:
        first, last = payments[0].period, payments[-1].period
    else:
        first = last = None
    return Statement(person, year, payments, first, last, _totals(payments), timezone.now())


def payer_name(payment: Payment, person: Person) -> str:
    """The payer's name as the register gave it; a self-payment without one is the person's own."""
    if payment.sender_name:
        return payment.sender_name
    return person.full_name if payment.sender_id == person.iin else ""


def certificate_of(person: Person, number: uuid.UUID) -> Certificate | None:
    """One of the person's own certificates; None for anyone else's."""
    return Certificate.objects.filter(pk=number, person=person).first()


def certificate_by_number(number: uuid.UUID) -> Certificate | None:
    return Certificate.objects.select_related("person").filter(pk=number).first()


def certificates_of(person: Person, *, limit: int = 10) -> list[Certificate]:
    return list(Certificate.objects.filter(person=person).order_by("-issued_at")[:limit])


def insured_today(iin: str) -> bool:
    """Today's stored status; answered live before the person's first recompute, as the public check does."""
    stored = stored_insured(iin)
    return stored if stored is not None else status_on(iin, timezone.localdate()).insured


def mask_iin(iin: str) -> str:
    """`900101******`: the birth date part only."""
    return iin[:IIN_SHOWN] + "*" * max(len(iin) - IIN_SHOWN, 0)


# --- Writes ---------------------------------------------------------------------------------------------


def certificate_issue(*, person: Person) -> Certificate:
    """Snapshot the person's status now: the stored one, or a live answer before the first recompute."""
    stored = current_status(person)
    if stored is not None:
        insured, basis, lapse, reasons = stored.insured, stored.basis, stored.lapse_date, stored.reasons
    else:
        live = status_on(person.iin, timezone.localdate())
        insured, basis, lapse, reasons = live.insured, live.basis or "", live.lapse_date, reasons_as_json(live.reasons)
    return Certificate.objects.create(
        person=person, issued_at=timezone.now(), insured=insured, basis=basis, lapse_date=lapse, reasons=reasons
    )


# --- Rendering ------------------------------------------------------------------------------------------


def _csv_amount(amount: Decimal) -> str:
    return f"{amount:.2f}".replace(".", ",")


def statement_csv(statement: Statement) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("Period"), _("KNP"), _("Amount, KZT"), _("Payer"), _("Payer IIN/BIN"), _("Received on"), _("State")]
    )
    for payment in statement.payments:
        writer.writerow(
            [
                f"{payment.period:%Y-%m}",
                payment.knp,
                _csv_amount(payment.amount),
                inert(payer_name(payment, statement.person)),
                inert(payment.sender_id),
                payment.received_on.isoformat(),
                payment.get_state_display(),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def statement_html(statement: Statement) -> str:
    rows = [{"payment": p, "payer": payer_name(p, statement.person)} for p in statement.payments]
    return render_to_string("payments/documents/statement_pdf.html", {"statement": statement, "rows": rows})


def qr_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data URI, for an <img> inside a PDF."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def certificate_html(certificate: Certificate, *, verify_url: str) -> str:
    context = {
        "certificate": certificate,
        "person": certificate.person,
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url),
        "generated_at": timezone.now(),
    }
    return render_to_string("payments/documents/certificate_pdf.html", context)


def render_pdf(html: str) -> bytes:
    """HTML to an A4 PDF. WeasyPrint is imported here so that only the PDF views need Pango."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
