"""Property-based tests (hypothesis): the status engine's invariants, and registers made of bad input.

The engine (rules section 3) is a pure function, so thousands of random histories cost seconds: employer runs
of up to six years (for retention), self-payments of every size, late, rejected and non-OSMS rows,
categories and children. The register reader gets random bytes, mangled CSV and broken spreadsheets; the
import, on the test database (PostgreSQL), gets mangled files and a failure mid-way.

Bounded to run in well under a minute; PROPERTY_SCALE=10 runs ten times the examples.
"""

from __future__ import annotations

import csv
import io
import os
import random
import tempfile
import zipfile
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts import iin as iin_rules
from payments import importing, status
from payments.importing import BadRow, GoodRow
from payments.status import CategorySpan, PaymentFact, evaluate, evaluate_amounts

SCALE = float(os.environ.get("PROPERTY_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip


# 5% x 1 MZP (section 2), as RuleBook.self_payer_amounts() gives them for the years with rules.
SELF = {2017: D("1212.50"), 2018: D("1266.50"), 2019: D("2125.00"), 2020: D("2125.00"), 2021: D("2125.00"),
        2022: D("3000.00"), 2023: D("3500.00"), 2024: D("4250.00"), 2025: D("4250.00"), 2026: D("4250.00")}  # fmt: skip
EMPLOYER = iin_rules.compose(date(1970, 1, 1), "M", 1)

# --- random histories ---------------------------------------------------------------------------------------

days_on = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30))


def _received(period_month: int, delay_days: int) -> date:
    return status.month_date(period_month + 1, 1) + timedelta(days=delay_days)


@st.composite
def amounts(draw, month: int) -> D:
    due = SELF.get(month // 12, SELF[2026])
    return draw(
        st.one_of(
            st.sampled_from([due, due * 2, due * 3, due / 2, due - D("0.01"), D("0.01")]),
            st.decimals(min_value=D("0.01"), max_value=D("60000"), places=2, allow_nan=False, allow_infinity=False),
        )
    )


@st.composite
def histories(draw, on: date) -> list[PaymentFact]:
    """Employer runs (121 + 122, some months doubled or skipped, as with vacation pay), and loose rows."""
    current = status.month_index(on)
    facts: list[PaymentFact] = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(current - 84, current + 6))
        length = draw(st.integers(1, 72))
        salary = D(draw(st.integers(2_000, 30_000)))
        odd = draw(st.dictionaries(st.integers(0, length - 1), st.sampled_from(["double", "skip", "no122"]),
                                   max_size=4))  # fmt: skip
        delay = draw(st.integers(-10, 60))
        for k in range(length):
            month, kind = start + k, odd.get(k)
            if kind == "skip":
                continue
            pay = salary * 2 if kind == "double" else salary
            period, received = status.month_date(month), _received(month, delay)
            facts.append(PaymentFact(period, 121, pay * D("0.03"), received, False))
            if kind != "no122":
                facts.append(PaymentFact(period, 122, pay * D("0.02"), received, False))
    for _ in range(draw(st.integers(0, 14))):
        month = draw(st.integers(current - 30, current + 14))
        facts.append(
            PaymentFact(
                period=status.month_date(month, draw(st.integers(1, 28))),
                knp=draw(st.sampled_from([122, 122, 121, 119])),
                amount=draw(amounts(month)),
                received_on=_received(month, draw(st.integers(-60, 400))),
                self_paid=draw(st.booleans()),
                accepted=draw(st.sampled_from([True, True, True, False])),
            )
        )
    return facts


@st.composite
def people(draw):
    """(on, payments, categories, birth date)."""
    on = draw(days_on)
    payments = draw(histories(on))
    spans = []
    for _ in range(draw(st.integers(0, 2))):
        start = on + timedelta(days=draw(st.integers(-2000, 200)))
        end = draw(st.one_of(st.none(), st.integers(0, 1500).map(lambda n, s=start: s + timedelta(days=n))))
        spans.append(CategorySpan(draw(st.sampled_from(["pensioner", "student", "disabled"])), start, end))
    born = draw(st.one_of(st.none(), st.dates(min_value=date(1935, 1, 1), max_value=on)))
    return on, payments, spans, born


def judge(on, payments, spans, born) -> status.Status:
    return evaluate(on=on, payments=payments, categories=spans, birth_date=born, self_amounts=SELF)


# --- the engine's invariants ----------------------------------------------------------------------------------


@examples(240)
@given(people(), st.data())
def test_one_more_payment_never_takes_status_away_nor_brings_the_lapse_date_closer(person, data):
    on, payments, spans, born = person
    month = data.draw(st.integers(status.month_index(on) - 30, status.month_index(on) + 14))
    extra = PaymentFact(
        status.month_date(month), data.draw(st.sampled_from([122, 121])), data.draw(amounts(month)),
        data.draw(st.dates(min_value=on - timedelta(days=800), max_value=on)), data.draw(st.booleans()),
    )  # fmt: skip
    before, after = judge(*person), judge(on, [*payments, extra], spans, born)
    if before.insured:
        assert after.insured, (before, extra)
        if before.lapse_date is not None:
            assert after.lapse_date is None or after.lapse_date >= before.lapse_date


@examples(240)
@given(people(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_payments_or_categories(person, rng):
    on, payments, spans, born = person
    shuffled, spans_shuffled = payments[:], spans[:]
    rng.shuffle(shuffled)
    rng.shuffle(spans_shuffled)
    assert judge(on, shuffled, spans_shuffled, born) == judge(*person)


@examples(300)
@given(people())
def test_reasons_name_months_of_the_window_and_only_the_uninsured_have_reasons(person):
    """The window is the past twelve L-11..L and the prepaid twelve M..M+11 (section 3). Every month a
    citizen is asked to act on is in it; a vacation lump names the uncovered month of the window and the
    month next to it that was paid twice; a lapsed category names the month it ended, in the past."""
    on = person[0]
    result = judge(*person)
    last_due, current = status.last_due_month(on), status.month_index(on)
    window = range(last_due - 11, current + 12)
    assert result.insured == (not result.reasons)
    for reason in result.reasons:
        months = [status.month_index(status.month_from_label(label)) for label in reason.months]
        if reason.code == status.CATEGORY_LAPSED:
            assert len(months) == 1 and months[0] <= current and reason.category and not reason.amounts
        elif reason.code == status.VACATION_LUMP:
            lump, uncovered = months
            assert last_due - 11 <= uncovered <= last_due and abs(lump - uncovered) == 1
        else:
            assert months and all(m in window for m in months), (reason, on)
            assert len(reason.amounts) == len(months)
            assert months == sorted(set(months))
    if result.insured:
        assert result.basis in {status.EXEMPT, status.PAST_TWELVE, status.PREPAID, status.RETENTION}


@examples(180)
@given(people(), st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 6, 30)))
def test_children_under_18_are_exempt_whatever_was_paid(person, on):
    _, payments, spans, _ = person
    born = on - timedelta(days=random.Random(on.toordinal()).randint(0, 18 * 365 - 10))
    assume(on < status.adulthood(born))
    result = judge(on, payments, spans, born)
    assert result.insured and result.basis == status.EXEMPT and not result.reasons


@examples(180)
@given(people())
def test_late_and_rejected_rows_count_for_nothing(person):
    on, payments, spans, born = person
    noise = [PaymentFact(p.period, p.knp, p.amount, on + timedelta(days=1), p.self_paid) for p in payments[:5]]
    noise += [PaymentFact(p.period, p.knp, p.amount, p.received_on, p.self_paid, False) for p in payments[:5]]
    assert judge(on, [*payments, *noise], spans, born) == judge(*person)


@examples(240)
@given(people())
def test_the_nightly_path_from_picked_amounts_agrees_with_the_engine(person):
    """`evaluate_amounts` (what the nightly recompute feeds from SQL) == `evaluate` on the same rows, whether
    it gets one entry per payment or one per month and kind (the amounts of a month add up)."""
    on, payments, spans, born = person
    picked = [
        (status.month_index(p.period), status.TRANSFERS_121 if p.knp == 121 else
         status.OWN_122 if p.self_paid else status.OTHER_122, status.tiyn(p.amount))
        for p in payments
        if p.accepted and p.received_on <= on and p.knp in (121, 122)
    ]  # fmt: skip
    months, kinds, amounts = (list(column) for column in zip(*picked, strict=True)) if picked else ([], [], [])
    one_by_one = evaluate_amounts(
        on=on, months=months, kinds=kinds, amounts=amounts, categories=spans, birth_date=born, self_amounts=SELF
    )
    assert one_by_one == judge(*person)
    sums: dict[tuple[int, int], int] = defaultdict(int)
    for month, kind, amount in picked:
        sums[month, kind] += amount
    summed = evaluate_amounts(
        on=on, months=[m for m, _ in sums], kinds=[k for _, k in sums], amounts=list(sums.values()),
        categories=spans, birth_date=born, self_amounts=SELF,
    )  # fmt: skip
    assert summed == one_by_one


# --- registers: random bytes and mangled files -----------------------------------------------------------------

HEADER = ";".join(importing.HEADER)
iins = st.builds(lambda born, sex, n: iin_rules.compose(born, sex, n),
                 st.dates(min_value=date(1940, 1, 1), max_value=date(2020, 12, 31)), st.sampled_from("MF"),
                 st.integers(0, 9999))  # fmt: skip
# Field text that never makes a CSV record span lines, so that data rows can be counted line by line.
plain = st.text(alphabet=st.characters(blacklist_characters='\r\n"\x00', blacklist_categories=["Cs"]), max_size=12)


@st.composite
def good_fields(draw) -> list[str]:
    iin = draw(iins)
    received = draw(st.dates(min_value=date(2017, 8, 1), max_value=date(2026, 10, 31)))
    period = status.month_index(received) - draw(st.integers(0, 6))
    own = draw(st.booleans())
    knp = "122" if own else draw(st.sampled_from(["121", "122"]))
    return [
        f"{received:%d.%m.%Y}", f"N{draw(st.integers(1, 10**6))}", knp,
        iin if own else EMPLOYER, draw(plain), iin, draw(plain), draw(plain), draw(plain),
        draw(st.sampled_from(["4250", "4250,00", "1.5", "300000.99"])), f"{status.month_date(period):%m%Y}",
        draw(st.sampled_from(["accepted", "", "ACCEPTED", "rejected"])),
    ]  # fmt: skip


ODD_VALUES = ["", " ", "0", "-5", "1e9", "31.02.2024", "132024", "99999999999999", "\\N", "\t", "\\",
              "Ж" * 100, "Ж" * 101, "W" * 255, "W" * 256]  # fmt: skip


@st.composite
def mangled_fields(draw) -> list[str]:
    fields = draw(good_fields())
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["replace", "drop", "add", "pad", "swap"]))
        k = draw(st.integers(0, len(fields) - 1)) if fields else 0
        if action == "replace" and fields:
            fields[k] = draw(st.one_of(plain, st.sampled_from(ODD_VALUES)))
        elif action == "drop" and fields:
            del fields[k]
        elif action == "add":
            fields.insert(k, draw(plain))
        elif action == "pad" and fields:
            fields[k] = f" {fields[k]}\t"
        elif action == "swap" and len(fields) > 1:
            fields[k], fields[-1] = fields[-1], fields[k]
    return fields


@st.composite
def mangled_csv(draw) -> tuple[bytes, int]:
    """A register file with good, broken, blank and whitespace lines; (its bytes, its data rows)."""
    lines, data_rows = [], 0
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.sampled_from(["good", "mangled", "mangled", "blank", "spaces"]))
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", ";;;", " ; "])))
            continue
        if kind == "spaces":
            lines.append(draw(st.sampled_from([" ", "\t", ";\t;"])))
            continue
        fields = draw(good_fields() if kind == "good" else mangled_fields())
        if any(f.strip() for f in fields):
            data_rows += 1
        lines.append(";".join(fields))
    header = draw(st.sampled_from([HEADER, HEADER.upper(), HEADER + ";;", " " + HEADER.replace(";", " ; ")]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join([header, *lines]) + draw(st.sampled_from(["", newline]))
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode(), data_rows


def _read_all(data: bytes, suffix=".csv") -> list | importing.FileRefused:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"register{suffix}"
        path.write_bytes(data)
        try:
            return list(importing.read(path))
        except importing.FileRefused as refusal:
            return refusal


def _assert_rows_are_sound(rows) -> None:
    lines = [row.line for row in rows]
    assert lines == sorted(set(lines)) and all(line >= 2 for line in lines)
    for row in rows:
        assert isinstance(row, GoodRow | BadRow)
        if isinstance(row, GoodRow):
            assert iin_rules.is_valid(row.iin) and iin_rules.is_valid(row.sender_id)
            assert row.knp in (121, 122) and row.state in importing.STATES
            assert D(row.amount) > 0 and row.period >= "2017-07-01" and len(row.number) <= 32
        else:
            assert row.reason and len(row.raw) <= importing.MAX_RAW


random_files = st.one_of(
    st.binary(max_size=3000),
    st.binary(max_size=300).map(lambda b: (HEADER + "\n").encode() + b),
    st.text(max_size=400).map(lambda t: (HEADER + "\n" + t).encode("utf-8", "surrogatepass")),
)


@examples(400)
@given(random_files)
def test_random_bytes_are_read_or_refused_never_a_crash(data):
    result = _read_all(data)
    if isinstance(result, importing.FileRefused):
        assert result.code in {"empty", "header", "encoding", "format"}
    else:
        _assert_rows_are_sound(result)


@examples(400)
@given(mangled_csv())
def test_mangled_csv_gives_one_good_or_bad_row_per_data_row(case):
    data, data_rows = case
    result = _read_all(data)
    if data_rows == 0:
        assert isinstance(result, importing.FileRefused) and result.code == "empty"
        return
    assert not isinstance(result, importing.FileRefused), result
    _assert_rows_are_sound(result)
    assert len(result) == data_rows


@examples(300)
@given(st.lists(st.one_of(mangled_fields(), st.lists(plain, max_size=14)), max_size=12), st.data())
def test_quotes_and_line_breaks_inside_fields_give_one_row_per_record(rows, data):
    """Real CSV quoting (fields holding ;, quotes and line breaks): one good or bad row per non-blank record."""
    rows = [[f + data.draw(st.sampled_from(["", '"', "\n", ";", '";"', '""'])) for f in fields] for fields in rows]
    out = io.StringIO()
    quoting = data.draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=quoting)
    writer.writerow(importing.HEADER)
    writer.writerows(rows)
    result = _read_all(out.getvalue().encode())
    records = sum(1 for fields in rows if any(f.strip() for f in fields))
    if records == 0:
        assert isinstance(result, importing.FileRefused) and result.code == "empty"
        return
    assert not isinstance(result, importing.FileRefused), result
    _assert_rows_are_sound(result)
    assert len(result) == records


@examples(200)
@given(good_fields(), st.sampled_from([4, 6, 7, 8]), st.integers(0, 300))
def test_a_name_is_quarantined_exactly_when_the_database_could_not_hold_it(fields, column, length):
    """Found here: names up to 255 characters passed the check, but the columns hold 100; on PostgreSQL the
    COPY then failed the whole import ("error", again at every retry) instead of quarantining the row."""
    assume(isinstance(importing.check_row(fields, 2), GoodRow))
    fields[column] = "Ж" * length
    row = importing.check_row(fields, 2)
    limit = importing.MAX_FIELD if column == 4 else importing.MAX_NAME
    assert isinstance(row, BadRow) == (length > limit)
    if isinstance(row, BadRow):
        assert row.reason == importing.TOO_LONG


@examples(100)
@given(st.lists(good_fields(), min_size=1, max_size=5), st.data())
def test_a_nul_character_anywhere_refuses_the_file(rows, data):
    """Found here: NUL passed the reader; PostgreSQL stores none in text, so the import failed at its end."""
    lines = [HEADER, *(";".join(fields) for fields in rows)]
    k = data.draw(st.integers(1, len(lines) - 1))
    at = data.draw(st.integers(0, len(lines[k])))
    lines[k] = lines[k][:at] + "\x00" + lines[k][at:]
    result = _read_all("\n".join(lines).encode())
    assert isinstance(result, importing.FileRefused) and result.code == "format"


def test_a_spreadsheet_whose_sheet_is_cut_short_is_refused_not_a_crash(tmp_path):
    """Found by the property above: openpyxl's read-only mode parses the sheet while rows are read, so a
    damaged sheet raised ParseError from the middle of `read` (the import then failed with "error",
    forever, instead of refusing the file)."""
    good = good_xlsx()
    sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
    path = tmp_path / "cut.xlsx"
    path.write_bytes(_replace_member(good, "xl/worksheets/sheet1.xml", sheet[: len(sheet) // 2]))
    with pytest.raises(importing.FileRefused) as refusal:
        list(importing.read(path))
    assert refusal.value.code == "format"


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(importing.HEADER))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == member else source.read(item.filename))
    return out.getvalue()


_GOOD_XLSX: list[bytes] = []


def good_xlsx() -> bytes:
    """A small valid register as a spreadsheet, made once (openpyxl is slow, and stamps the time in it)."""
    if not _GOOD_XLSX:
        rows = [[f"10.0{n}.2025", f"X{n}", "122", EMPLOYER, "ТОО", iin_rules.compose(date(1990, 1, n), "M", n),
                 "Ахметов", "Ерлан", "", "4250", f"0{n}2025", "accepted"] for n in range(1, 4)]  # fmt: skip
        _GOOD_XLSX.append(_xlsx(rows))
    return _GOOD_XLSX[0]


@examples(150)
@given(st.sampled_from(["flip", "truncate", "sheet", "sheet_cut"]), st.data())
def test_broken_spreadsheets_are_read_or_refused_never_a_crash(how, data):
    good = good_xlsx()
    assert _read_all(good, suffix=".xlsx") and len(_read_all(good, suffix=".xlsx")) == 3

    def position(size: int) -> int:  # drawn independently of the file's exact size
        return data.draw(st.integers(0, 10**6)) % size

    if how == "flip":
        spoiled = bytearray(good)
        for _ in range(data.draw(st.integers(1, 20))):
            spoiled[4 + position(len(good) - 4)] = data.draw(st.integers(0, 255))
        spoiled = bytes(spoiled)
    elif how == "truncate":
        spoiled = good[: 4 + position(len(good) - 4)]
    else:
        sheet = zipfile.ZipFile(io.BytesIO(good)).read("xl/worksheets/sheet1.xml")
        content = data.draw(st.binary(max_size=200)) if how == "sheet" else sheet[: position(len(sheet))]
        spoiled = _replace_member(good, "xl/worksheets/sheet1.xml", content)
    result = _read_all(spoiled, suffix=".xlsx")
    if isinstance(result, importing.FileRefused):
        assert result.code in {"empty", "header", "format", "encoding"}
    else:
        _assert_rows_are_sound(result)


# --- the import: all or nothing -----------------------------------------------------------------------------------


def _counts():
    from accounts.models import Person
    from payments.models import Payment, QuarantinedRow

    return Payment.objects.count(), QuarantinedRow.objects.count(), Person.objects.count()


def _import(data: bytes):
    from payments.models import Register
    from payments.services.registers import payment_import

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.csv"
        path.write_bytes(data)
        register = Register.objects.create(name="mangled.csv")
        try:
            return payment_import(register, path=path), None
        except importing.FileRefused as refusal:
            register.refresh_from_db()
            return register, refusal


@pytest.mark.django_db
@examples(60)
@given(mangled_csv())
def test_an_import_of_a_mangled_file_stores_all_its_good_rows_or_nothing(case):
    import hashlib

    from payments.models import Register

    data, data_rows = case
    seen = Register.objects.filter(sha256=hashlib.sha256(data).hexdigest(), state="done").exists()
    before = _counts()
    register, refusal = _import(data)
    after = _counts()
    if refusal is not None:
        assert register.state == "refused" and after == before
        return
    assert register.state == "done" and register.rows == data_rows
    assert register.imported + register.duplicates + register.quarantined == register.rows
    if seen:  # the same file again (hypothesis replays examples): it changes nothing
        assert register.imported == 0 and after == before
    else:
        assert (after[0] - before[0], after[1] - before[1]) == (register.imported, register.quarantined)


@pytest.mark.django_db
@examples(40)
@given(mangled_csv(), st.sampled_from(["merge", "quarantine", "create_people"]))
def test_a_failure_in_the_middle_of_an_import_leaves_nothing_behind(case, step):
    data, data_rows = case
    assume(data_rows > 0)
    before = _counts()
    from payments import staging

    original = getattr(staging.Staging, step)

    def fail_after(self, *args):
        original(self, *args)
        raise RuntimeError("the database went away")

    with mock.patch.object(staging.Staging, step, fail_after), pytest.raises(RuntimeError):
        _import(data)
    from payments.models import Register

    assert Register.objects.order_by("-pk").first().state == "failed"
    assert _counts() == before
