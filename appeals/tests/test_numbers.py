"""Tracking numbers with a Damm check digit, and access codes (rules section 7)."""

import itertools
import re
import secrets

import pytest

from appeals import numbers
from appeals.numbers import InvalidNumber, Number


def test_damm_known_value():
    # Damm's worked example: 5 -> row 0 gives 9, 7 -> row 9 gives 7, 2 -> row 7 gives 4: check digit 4.
    assert numbers.check_digit("572") == 4
    assert numbers.check_digit("5724") == 0


def test_damm_table_is_a_quasigroup_with_zero_diagonal():
    table = numbers._DAMM
    for i in range(10):
        assert sorted(table[i]) == list(range(10))  # every row a permutation
        assert sorted(row[i] for row in table) == list(range(10))  # every column a permutation
        assert table[i][i] == 0


@pytest.mark.parametrize(
    ("year", "serial", "printed"),
    [
        # 2,6,0,0,0,1,2,3 through the table, row by row: 0->1->4->6->5->3->7->4->3, so the check digit is 3.
        (2026, 123, "26-000123-3"),
        (2026, 1, "26-000001-9"),
        (2025, 999_999, "25-999999-5"),
        (2026, 1_000_000, "26-1000000-6"),  # past a million the serial grows, it never wraps
        (2000, 1, "00-000001-3"),
    ],
)
def test_make_and_parse_round_trip(year, serial, printed):
    assert numbers.make(year, serial) == printed
    assert numbers.parse(printed) == Number(year, serial)
    assert str(Number(year, serial)) == printed
    assert numbers.is_valid(printed)


@pytest.mark.parametrize(
    "typed",
    [
        "26-000123-3",
        "260001233",
        " 26 000123 3 ",
        "26 – 000123 – 3",  # en dashes from a word processor
        "26\u00a0000123\u20113",  # no-break space and non-breaking hyphen
        "№26-000123-3",
        "# 26-000123-3",
        "2600-01-233",  # dashes anywhere
    ],
)
def test_parse_forgives_spaces_dashes_and_a_number_sign(typed):
    assert numbers.parse(typed) == Number(2026, 123)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "format"),
        ("26-00123-3", "format"),  # serial too short
        ("26-0000123-3", "format"),  # a wider serial with a leading zero is another spelling of 000123
        ("26-000000-X", "format"),
        ("26-000000-0", "format"),  # serial 0 is never issued
        ("A-2026-000123-K", "format"),
        ("26-000123-", "format"),
        ("２６-０００１２３-３", "format"),  # full-width digits are not ASCII digits
        ("26-123456789-0", "format"),  # longer than any serial
        ("26-000123-4", "check"),  # wrong check digit
        ("26-000132-3", "check"),  # 2 and 3 swapped
        ("62-000123-3", "check"),  # year digits swapped
        ("26-000123-7", "check"),
    ],
)
def test_parse_refuses(typed, code):
    with pytest.raises(InvalidNumber) as refused:
        numbers.parse(typed)
    assert refused.value.code == code
    assert not numbers.is_valid(typed)


@pytest.mark.parametrize(("year", "serial"), [(1999, 1), (2100, 1), (2026, 0), (2026, -5), (2026, 100_000_000)])
def test_make_refuses_out_of_range(year, serial):
    with pytest.raises(ValueError):
        numbers.make(year, serial)


@pytest.mark.parametrize(
    ("year", "serial"), [(2026, 123), (2026, 1), (2027, 909_090), (2031, 1_234_567), (2099, 99_999_999)]
)
def test_every_single_digit_error_and_adjacent_swap_is_caught(year, serial):
    digits = numbers.make(year, serial).replace("-", "")
    wrong = set()
    for i, d in itertools.product(range(len(digits)), "0123456789"):
        if d != digits[i]:
            wrong.add(digits[:i] + d + digits[i + 1 :])
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            wrong.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
    assert len(wrong) >= 9 * len(digits)
    for typo in wrong:
        with pytest.raises(InvalidNumber):
            numbers.parse(typo)


def test_numbers_order_by_year_then_serial():
    printed = [
        numbers.make(2026, 2),
        numbers.make(2025, 999_999),
        numbers.make(2026, 1_000_000),
        numbers.make(2026, 10),
    ]
    ordered = sorted(numbers.parse(text) for text in printed)
    assert ordered == [Number(2025, 999_999), Number(2026, 2), Number(2026, 10), Number(2026, 1_000_000)]


# --- access codes ----------------------------------------------------------------------------------


def test_access_code_shape_and_alphabet():
    code = numbers.access_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}", code)
    assert not set(code) & set("ILOU")
    assert numbers.normalise_code(code) == code


def test_access_code_has_at_least_50_bits():
    assert len(numbers.CODE_ALPHABET) == len(set(numbers.CODE_ALPHABET)) == 32
    assert numbers.CODE_LENGTH * 5 >= 50


def test_access_codes_do_not_repeat():
    codes = {numbers.access_code() for _ in range(2000)}
    assert len(codes) == 2000


def test_access_code_uses_secrets(monkeypatch):
    calls = []

    def choice(seq):
        calls.append(seq)
        return seq[0]

    monkeypatch.setattr(secrets, "choice", choice)
    assert numbers.access_code() == "00000-00000"
    assert len(calls) == 10


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("ABCDE-FGHJK", "ABCDE-FGHJK"),
        ("ABCDE-FGHJK", "abcde fghjk"),
        ("ABCDE-FGHJK", "abcdefghjk"),
        ("ABCDE-FGHJK", " ab-cd-ef-gh-jk "),
        ("10Z0M-T1PXC", "LOZoM-TIPXC"),  # O for 0, I and L for 1
        ("ABCEH-KMPTX", "АВСЕН-КМРТХ"),  # all Cyrillic look-alikes
        ("ABCEH-KMPTX", "авсен кмртх"),  # Cyrillic, lower case
        ("Y3100-00000", "УЗІ00–00000"),  # Cyrillic У, З, Kazakh І; an en dash
    ],
)
def test_same_code_after_normalising(stored, typed):
    assert numbers.same_code(stored, typed)
    assert numbers.same_code(typed, stored)


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("ABCDE-FGHJK", "ABCDE-FGHJM"),
        ("ABCDE-FGHJK", "ABCDE-FGHJ"),  # one short
        ("ABCDE-FGHJK", "ABCDE-FGHJKK"),
        ("ABCDE-FGHJK", ""),
        ("", ""),  # an empty code never matches, not even itself
        ("ABCDE-FGHJU", "ABCDE-FGHJU"),  # U is not in the alphabet: not a code
        ("ABCDE-FGHJ!", "ABCDE-FGHJ!"),
        ("ABCDE-FGHJK", "ABCDE-FGHJК\u0301"),  # a combining accent makes it another text
    ],
)
def test_same_code_refuses(stored, typed):
    assert not numbers.same_code(stored, typed)


def test_same_code_compares_in_constant_time(monkeypatch):
    seen = []

    def compare_digest(a, b):
        seen.append((a, b))
        return a == b

    monkeypatch.setattr(numbers.hmac, "compare_digest", compare_digest)
    assert numbers.same_code("abcde-fghjk", "ABCDE FGHJK")
    assert seen == [(b"ABCDE-FGHJK", b"ABCDE-FGHJK")]


def test_code_from_digest_is_a_well_formed_code_and_uses_the_digest():
    from appeals.numbers import code_from_digest

    first = code_from_digest(bytes(range(32)))
    assert numbers.normalise_code(first) == first
    assert code_from_digest(bytes(range(32))) == first
    assert code_from_digest(bytes(range(1, 33))) != first
    assert code_from_digest(b"\xff" * 7) == "ZZZZZ-ZZZZZ"
    with pytest.raises(ValueError):
        code_from_digest(b"short")
