"""IIN (person) and BIN (organisation) numbers: 12 digits, the last a check digit.

Rules document, section 9. Pure Python: nothing here imports Django, so the rules are
tested as tables of cases that run in milliseconds.

We validate length, digits and the check digit only. Birth date and sex are derived
when digits 1-7 make sense, and a number is never rejected for its birth date:
foreigners' and old numbers have exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

LENGTH = 12
# Digit 7 of an IIN: century of birth and sex (odd male, even female).
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidNumber(ValueError):
    """Raised with a code: "length", "digits" or "check"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


_ZERO = 48 * 66  # ord("0") times the sum of either pass's weights (66 both times)


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven ASCII digits, or None when no check digit exists (both passes give 10).

    Written out by hand: registers check two numbers per row, a million rows at a time.
    """
    t = first_eleven.encode()
    r = (t[0] + 2 * t[1] + 3 * t[2] + 4 * t[3] + 5 * t[4] + 6 * t[5] + 7 * t[6] + 8 * t[7] + 9 * t[8]
         + 10 * t[9] + 11 * t[10] - _ZERO) % 11  # fmt: skip
    if r == 10:
        r = (3 * t[0] + 4 * t[1] + 5 * t[2] + 6 * t[3] + 7 * t[4] + 8 * t[5] + 9 * t[6] + 10 * t[7] + 11 * t[8]
             + t[9] + 2 * t[10] - _ZERO) % 11  # fmt: skip
        if r == 10:
            return None
    return r


def validate(number: str) -> str:
    """Return the number with surrounding spaces removed, or raise InvalidNumber."""
    number = number.strip()
    if len(number) != LENGTH:
        raise InvalidNumber("length")
    if not (number.isascii() and number.isdigit()):
        raise InvalidNumber("digits")
    if check_digit(number[:11]) != int(number[11]):
        raise InvalidNumber("check")
    return number


def is_valid(number: str) -> bool:
    """True for a valid IIN or BIN, given without surrounding spaces."""
    return (
        len(number) == LENGTH
        and number.isascii()
        and number.isdigit()
        and check_digit(number[:11]) == ord(number[11]) - 48
    )


@dataclass(frozen=True)
class Derived:
    birth_date: date | None
    sex: str | None  # "M", "F" or None when digit 7 says nothing


def derive(iin: str) -> Derived:
    """Birth date and sex from a valid IIN's first seven digits, where they make sense."""
    century = _CENTURY.get(int(iin[6]))
    if century is None:
        return Derived(None, None)
    sex = "M" if int(iin[6]) % 2 else "F"
    try:
        born = date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        born = None
    return Derived(born, sex)


def compose(born: date, sex: str, serial: int) -> str:
    """A valid IIN for a birth date, sex ("M"/"F") and serial (0-9999).

    Used by demo and load data. Serials whose eleven digits have no check digit
    are skipped to the next one, so the result is always valid.
    """
    century_digit = {1800: 1, 1900: 3, 2000: 5}[born.year // 100 * 100] + (0 if sex == "M" else 1)
    while True:
        head = f"{born:%y%m%d}{century_digit}{serial % 10000:04d}"
        digit = check_digit(head)
        if digit is not None:
            return f"{head}{digit}"
        serial += 1
