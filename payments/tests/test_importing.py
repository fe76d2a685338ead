"""Checking register rows and files (rules document section 10), without the database."""

from datetime import date

import pytest

from accounts import iin as iin_rules
from payments import importing
from payments.importing import BadRow, GoodRow, check_row

from .registers import EMPLOYER, line, write

IIN = iin_rules.compose(date(1990, 1, 1), "M", 1)


def check(text: str):
    return check_row(text.split(";"), 7)


def test_a_good_row_is_normalised():
    row = check(line(IIN, amount="4250,5", sender=EMPLOYER, knp="121"))
    assert isinstance(row, GoodRow)
    assert (row.line, row.received_on, row.knp, row.amount, row.period) == (
        7,
        "2024-12-10",
        121,
        "4250.5",
        "2024-11-01",
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"iin": IIN[:11] + str((int(IIN[11]) + 1) % 10)}, "iin"),
        ({"sender": "123456789012"}, "sender_id"),
        ({"knp": "119"}, "not_osms"),
        ({"knp": "abc"}, "knp"),
        ({"number": ""}, "number"),
        ({"received": "31.02.2024"}, "received_on"),
        ({"received": "2024-12-10"}, "received_on"),
        ({"period": "132024"}, "period"),
        ({"period": "2024-11"}, "period"),
        ({"period": "062017"}, "period_too_early"),
        ({"period": "012026"}, "period_too_far_ahead"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "0,00"}, "amount"),
        ({"amount": "12 000"}, "amount"),
        ({"amount": "1e5"}, "amount"),
        ({"state": "maybe"}, "state"),
        ({"last": "Ж" * 300}, "too_long"),
    ],
)
def test_bad_rows_get_a_reason(changes, reason):
    iin = changes.pop("iin", IIN)
    row = check(line(iin, **changes))
    assert isinstance(row, BadRow) and row.reason == reason and row.line == 7


def test_edges_that_are_accepted():
    assert isinstance(check(line(IIN, period="072017", received="10.08.2017")), GoodRow)  # the first month
    assert isinstance(check(line(IIN, period="122025")), GoodRow)  # 12 months after December 2024
    assert isinstance(check(line(IIN, state="")), GoodRow)  # state defaults to accepted
    assert isinstance(check(line(IIN, state="Rejected")), GoodRow)


def test_wrong_number_of_columns():
    assert check_row(["10.12.2024", "1"], 3).reason == "columns"


def test_file_with_bom_and_blank_lines(tmp_path):
    path = write(tmp_path, [line(IIN), "", line(IIN, number="2")], bom=True)
    rows = list(importing.read(path))
    assert [type(r) for r in rows] == [GoodRow, GoodRow] and [r.line for r in rows] == [2, 4]
    assert importing.count_lines(path) == 3


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        ("\n".join([";".join(importing.HEADER)]).encode(), "empty"),
        (b"date;sum\n1;2\n", "header"),
        (";".join(importing.HEADER).encode() + b"\n10.12.2024;1;122;\xff\xfe;x\n", "encoding"),
        ("\ufeffreceived_on,number\n".encode(), "header"),
        (b"PK\x03\x04 not really a workbook", "format"),
    ],
)
def test_whole_file_refusals(tmp_path, content, code):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(importing.FileRefused) as refused:
        list(importing.read(path))
    assert refused.value.code == code


def test_xlsx_with_the_same_columns(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(importing.HEADER))
    sheet.append([date(2024, 12, 10), 1001, 122, IIN, "Self", IIN, "Иванов", "Иван", None, 4250, "112024", "accepted"])
    sheet.append(["10.12.2024", "1002", "999", IIN, "", IIN, "", "", "", "1", "112024", "accepted"])
    path = tmp_path / "register.bin"  # the name says nothing: the content decides
    book.save(path)
    rows = list(importing.read(path))
    assert isinstance(rows[0], GoodRow) and rows[0].received_on == "2024-12-10" and rows[0].amount == "4250"
    assert isinstance(rows[1], BadRow) and rows[1].reason == "not_osms"
