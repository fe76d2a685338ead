"""Small helpers to put payments in the database for tests."""

from datetime import date
from decimal import Decimal

from accounts import iin as iin_rules
from accounts.models import Person
from payments.models import Payment, Register


def person(serial: int, born: date = date(1990, 1, 1), **fields) -> Person:
    p = Person.from_iin(iin_rules.compose(born, "M", serial), last_name="Test", first_name="Person", **fields)
    p.save()
    return p


def pay_self(p: Person, months: list[str], amount: str = "4250", received: date | None = None) -> None:
    register, _ = Register.objects.get_or_create(name="test.csv")
    rows = []
    for n, label in enumerate(months):
        year, month = (int(x) for x in label.split("-"))
        period = date(year, month, 1)
        rows.append(
            Payment(
                register=register,
                received_on=received or date(year + (month == 12), month % 12 + 1, 10),
                number=f"T{n}",
                knp=122,
                sender_id=p.iin,
                iin=p.iin,
                amount=Decimal(amount),
                period=period,
            )  # fmt: skip
        )
    Payment.objects.bulk_create(rows)


def months(first: str, last: str) -> list[str]:
    y, m = (int(x) for x in first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
