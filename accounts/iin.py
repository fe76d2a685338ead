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
_FIRST_WEIGHTS = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# Digit 7 of an IIN: century of birth and sex (odd male, even female).
_CENTURY = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class InvalidNumber(ValueError):
    """Raised with a code: "length", "digits" or "check"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_digit(first_eleven: str) -> int | None:
    """The check digit for eleven digits, or None when no check digit exists (both passes give 10)."""
    digits = [int(c) for c in first_eleven]
    remainder = sum(d * w for d, w in zip(digits, _FIRST_WEIGHTS, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, _SECOND_WEIGHTS, strict=True)) % 11
        if remainder == 10:
            return None
    return remainder


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
    try:
        validate(number)
    except InvalidNumber:
        return False
    return True


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
