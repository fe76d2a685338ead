"""Reading and checking payment registers (rules document, section 10). No database here.

A register is UTF-8 CSV (BOM allowed), `;`-separated, with the header below; XLSX with the same
columns is accepted too. Files are read as streams, row by row, so memory stays flat whatever the
file size. A problem with the whole file (wrong header, not UTF-8, empty) raises `FileRefused`; a
problem with one row gives a `BadRow` with its line number and a reason code, and the rest go on.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from accounts import iin as iin_rules

HEADER = (
    "received_on", "number", "knp", "sender_id", "sender_name", "iin",
    "last_name", "first_name", "middle_name", "amount", "period", "state",
)  # fmt: skip
OSMS_KNP = {"121": 121, "122": 122}
STATES = {"accepted", "rejected"}
FIRST_PERIOD = date(2017, 7, 1)  # OSMS payments began in July 2017
MONTHS_AHEAD = 12  # a period may be at most this many months after the month it was received in
MAX_FIELD = 255
MAX_NAME = 100  # a person's last, first and middle name: the width of those columns in the database
MAX_RAW = 2000
XLSX_MAGIC = b"PK\x03\x04"

_AMOUNT = re.compile(r"^\d{1,12}(?:[.,]\d{1,2})?$")
_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_PERIOD = re.compile(r"^(\d{2})(\d{4})$")

# Reason codes for quarantined rows; the admin shows them translated (payments.admin).
COLUMNS = "columns"
IIN = "iin"
SENDER = "sender_id"
KNP = "knp"
NOT_OSMS = "not_osms"
RECEIVED_ON = "received_on"
PERIOD = "period"
PERIOD_EARLY = "period_too_early"
PERIOD_AHEAD = "period_too_far_ahead"
AMOUNT = "amount"
STATE = "state"
NUMBER = "number"
TOO_LONG = "too_long"


class FileRefused(Exception):
    """The whole file is refused; `code` is one of: empty, header, encoding, format."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class GoodRow:
    """A checked row, normalised: dates as ISO strings, amount with a dot, KNP as int."""

    line: int
    received_on: str
    number: str
    knp: int
    sender_id: str
    sender_name: str
    iin: str
    last_name: str
    first_name: str
    middle_name: str
    amount: str
    period: str
    state: str


@dataclass(frozen=True, slots=True)
class BadRow:
    line: int
    reason: str
    raw: str


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


_FIRST_INDEX = _month_index(FIRST_PERIOD.year, FIRST_PERIOD.month)


@lru_cache(maxsize=4096)
def _received_iso(text: str) -> str | None:
    """DD.MM.YYYY as ISO, or None. Cached: a register holds a few dozen distinct dates."""
    match = _DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1])).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def _period(text: str) -> tuple[int, str] | None:
    """MMYYYY as (month index, ISO first day), or None."""
    match = _PERIOD.match(text)
    if not match or not 1 <= int(match[1]) <= 12:
        return None
    month, year = int(match[1]), int(match[2])
    return _month_index(year, month), f"{year:04d}-{month:02d}-01"


@lru_cache(maxsize=65_536)
def _valid_sender(number: str) -> bool:
    """Senders repeat (employers, the state): their check digit is worked out once."""
    return iin_rules.is_valid(number)


def check_row(fields: list[str], line: int) -> GoodRow | BadRow:
    """Check one register row against section 10; never raises."""

    def bad(reason: str) -> BadRow:
        return BadRow(line, reason, ";".join(fields)[:MAX_RAW])

    if len(fields) != len(HEADER):
        return bad(COLUMNS)
    received, number, knp, sender_id, sender_name, iin, last, first, middle, amount, period, state = map(
        str.strip, fields
    )
    if not iin_rules.is_valid(iin):
        return bad(IIN)
    if not _valid_sender(sender_id):
        return bad(SENDER)
    if knp not in OSMS_KNP:
        return bad(NOT_OSMS if knp.isdigit() else KNP)
    if not number or len(number) > 32:
        return bad(NUMBER)
    received_on = _received_iso(received)
    if received_on is None:
        return bad(RECEIVED_ON)
    month = _period(period)
    if month is None:
        return bad(PERIOD)
    if month[0] < _FIRST_INDEX:
        return bad(PERIOD_EARLY)
    if month[0] > int(received_on[:4]) * 12 + int(received_on[5:7]) - 1 + MONTHS_AHEAD:
        return bad(PERIOD_AHEAD)
    if not _AMOUNT.match(amount) or not amount.replace(",", "").replace(".", "").strip("0"):
        return bad(AMOUNT)
    state = state.lower() or "accepted"
    if state not in STATES:
        return bad(STATE)
    if len(sender_name) > MAX_FIELD or len(last) > MAX_NAME or len(first) > MAX_NAME or len(middle) > MAX_NAME:
        return bad(TOO_LONG)
    return GoodRow(
        line, received_on, number, OSMS_KNP[knp], sender_id, sender_name, iin, last, first, middle,
        amount.replace(",", "."), month[1], state,
    )  # fmt: skip


# --- preferential-category registries (rules section 6) ------------------------------------------------------

CATEGORY_HEADER = ("iin", "category", "start", "end")
CATEGORY = "category"
START = "start"
END = "end"


@dataclass(frozen=True, slots=True)
class CategoryRow:
    line: int
    iin: str
    category: str
    start: date
    end: date | None


def _day(text: str) -> date | None:
    """DD.MM.YYYY (as in payment registers) or YYYY-MM-DD."""
    match = _DATE.match(text)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def check_category_row(fields: list[str], line: int, codes: frozenset[str] = frozenset()) -> CategoryRow | BadRow:
    """Check one `iin;category;start;end` row. `codes` are the known categories (all when empty)."""

    def bad(reason: str) -> BadRow:
        return BadRow(line, reason, ";".join(fields)[:MAX_RAW])

    if len(fields) != len(CATEGORY_HEADER):
        return bad(COLUMNS)
    iin, code, start_text, end_text = (f.strip() for f in fields)
    if not iin_rules.is_valid(iin):
        return bad(IIN)
    if not code or (codes and code not in codes):
        return bad(CATEGORY)
    start = _day(start_text)
    if start is None:
        return bad(START)
    end = _day(end_text) if end_text else None
    if end_text and (end is None or end < start):
        return bad(END)
    return CategoryRow(line, iin, code, start, end)


# --- reading files ----------------------------------------------------------------------------------------


def sniff(path: Path) -> str:
    """ "xlsx" or "csv", from the content, never from the name."""
    with open(path, "rb") as handle:
        head = handle.read(4)
    if not head:
        raise FileRefused("empty")
    return "xlsx" if head == XLSX_MAGIC else "csv"


def count_lines(path: Path) -> int:
    """Data rows in a CSV (for progress), counted in one fast pass over the bytes."""
    lines = 0
    last = b"\n"
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return max(lines + (last != b"\n") - 1, 0)


def _lines(text) -> Iterator[str]:
    """The text's lines; a NUL character refuses the file: no register holds one, and PostgreSQL can store
    none in text, so one NUL would otherwise fail the whole import at its end (the upload form refuses
    NULs in a file's first 64 KB for the same reason)."""
    for number, line in enumerate(text, start=1):
        if "\x00" in line:
            raise FileRefused("format", f"NUL character on line {number}")
        yield line


def _csv_rows(path: Path) -> Iterator[list[str]]:
    """Rows of a CSV, decoded strictly as UTF-8 while streaming (a bad byte refuses the file)."""
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        try:
            yield from csv.reader(_lines(text), delimiter=";", quotechar='"', strict=False)
        except UnicodeDecodeError as error:
            raise FileRefused("encoding", f"byte {error.start}") from None
        except csv.Error as error:
            raise FileRefused("format", str(error)) from None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    with open(path, "rb") as handle:  # a file object: openpyxl would judge a path by its name
        try:
            book = load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # a broken zip or not a workbook at all
            raise FileRefused("format", type(error).__name__) from None
        try:
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield [_cell(value) for value in row]
        except Exception as error:  # read-only mode parses the sheet while streaming: broken XML shows up here
            raise FileRefused("format", type(error).__name__) from None
        finally:
            book.close()


def read(path: Path, *, header: tuple[str, ...] = HEADER, check=None) -> Iterator:
    """Check the header, then yield every data row checked. Raises FileRefused for the whole file.

    Payment registers by default; a preferential-category registry with `header=CATEGORY_HEADER,
    check=check_category_row`.
    """
    check = check or check_row
    rows = _xlsx_rows(path) if sniff(path) == "xlsx" else _csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise FileRefused("empty")
    names = tuple(name.strip().lower() for name in first)
    while names and names[-1] == "":  # trailing empty cells of a spreadsheet
        names = names[:-1]
    if names != header:
        raise FileRefused("header", ";".join(names)[:200])
    seen_data = False
    for line, fields in enumerate(rows, start=2):
        if not any(map(str.strip, fields)):
            continue  # blank lines carry nothing
        if len(fields) > len(header) and not any(map(str.strip, fields[len(header) :])):
            fields = fields[: len(header)]
        seen_data = True
        yield check(fields, line)
    if not seen_data:
        raise FileRefused("empty")
