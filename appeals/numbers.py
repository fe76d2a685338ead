"""Appeal tracking numbers and access codes (rules document, section 7).

Section 7: an appeal "is registered with a number by which its status can be followed", and
"tracking needs the number plus a secret (an access code given at filing, or sign-in), never the
number alone". This module makes and reads both. Pure Python: nothing here imports Django.

Tracking number: ``YY-NNNNNN-C``, for example ``26-000123-3``
----------------------------------------------------------------
* ``YY`` is the year of registration (2000-2099), so numbers sort by year first.
* ``NNNNNN`` is the serial within that year, from 1, zero-padded to six digits. Past 999,999 appeals
  in one year it simply grows to seven or eight digits (never with a leading zero), so no number is
  ever reused; compare numbers through `Number` (ordered by year, then serial), not as strings.
* ``C`` is a Damm check digit over all the digits before it.

Why digits only. The number is read out over the 1414 line and typed on Kazakh, Russian and Latin
keyboards. Digits are read the same way in every language; a letter has to be spelt, and several
Latin letters have Cyrillic twins that look the same and are different characters (A/А, K/К, C/С).
Nine digits in three groups (2-6-1) are as short as the A-2026-000123-K style and easier to dictate.

Why Damm. One decimal digit catches every single mistyped digit and every swap of two adjacent
digits, including a swap with the check digit itself (Damm's quasigroup is weakly totally
anti-symmetric). The Luhn digit misses the 09/90 swap; ISO 7064 MOD 11-2 needs an eleventh symbol
("X"); MOD 97-10 needs two characters. The tests try every such error on sample numbers.

Access code: ``XXXXX-XXXXX``
----------------------------
Ten characters from Crockford's base-32 alphabet (digits and capital letters without I, L, O and U),
drawn with `secrets`: 10 x 5 = 50 bits, enough that guessing it online is hopeless while sign-in
attempts are rate-limited. Reading it back we forgive what people do when copying a code: spaces,
dashes, lower case, O for 0, I or L for 1, and Cyrillic letters that look like the Latin ones. Store
only a keyed hash of `normalise_code(code)` (HMAC with a server-side key, or a slow password hash):
50 bits is too few to survive a leaked table of fast unkeyed hashes.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

YEAR_MIN = 2000
YEAR_MAX = 2099
SERIAL_WIDTH = 6  # zero-padded to six digits; wider only when the serial needs it
SERIAL_MAX = 99_999_999  # eight digits: far past any year's appeals, and still short

# Damm's table: a weakly totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

_DIGITS = frozenset("0123456789")
# Separators people put into numbers and codes: spaces of any kind, and every sort of dash.
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d_"
_PREFIXES = ("№", "#")


class InvalidNumber(ValueError):
    """Raised by `parse` with a code: "format" (not a number of ours at all) or "check" (a typo)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True, order=True)
class Number:
    """A tracking number's parts. Ordered by year, then serial; ``str()`` gives the printed form."""

    year: int
    serial: int

    def __str__(self) -> str:
        return make(self.year, self.serial)


def check_digit(digits: str) -> int:
    """Damm check digit for a string of ASCII digits: the digit that brings the chain back to 0."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][ord(ch) - 48]
    return interim


def make(year: int, serial: int) -> str:
    """The printed tracking number for a registration year (2000-2099) and serial (from 1).

    >>> make(2026, 123)
    '26-000123-3'
    """
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"year {year} is outside {YEAR_MIN}-{YEAR_MAX}")
    if not 1 <= serial <= SERIAL_MAX:
        raise ValueError(f"serial {serial} is outside 1-{SERIAL_MAX}")
    yy = f"{year % 100:02d}"
    nn = f"{serial:0{SERIAL_WIDTH}d}"
    return f"{yy}-{nn}-{check_digit(yy + nn)}"


def _squeeze(text: str) -> str:
    """Text without whitespace or dashes of any kind."""
    return "".join(ch for ch in "".join(text.split()) if ch not in _DASHES)


def parse(text: str) -> Number:
    """Read a tracking number as a person typed it, or raise `InvalidNumber`.

    Spaces and dashes anywhere are ignored (``26 000123 3``, ``260001233``, ``26–000123–3``), as is
    a leading "№" or "#". What remains must be ASCII digits: two for the year, six for the serial
    (more only when the serial is past 999,999, and then without a leading zero), and the check digit.
    """
    squeezed = _squeeze(text)
    for prefix in _PREFIXES:
        squeezed = squeezed.removeprefix(prefix)
    if not 9 <= len(squeezed) <= 2 + len(str(SERIAL_MAX)) + 1 or not set(squeezed) <= _DIGITS:
        raise InvalidNumber("format")
    serial_digits = squeezed[2:-1]
    if len(serial_digits) > SERIAL_WIDTH and serial_digits[0] == "0":
        raise InvalidNumber("format")  # only one spelling per number: 0000123 is not 000123
    serial = int(serial_digits)
    if serial == 0:
        raise InvalidNumber("format")
    if check_digit(squeezed) != 0:  # the whole chain, check digit included, comes back to 0
        raise InvalidNumber("check")
    return Number(YEAR_MIN + int(squeezed[:2]), serial)


def is_valid(text: str) -> bool:
    """True when `parse` would accept the text."""
    try:
        parse(text)
    except InvalidNumber:
        return False
    return True


# --- access codes ----------------------------------------------------------------------------------

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32: no I, L, O, U
CODE_LENGTH = 10  # 10 x log2(32) = 50 bits
CODE_GROUP = 5
_CODE_SET = frozenset(CODE_ALPHABET)
# Look-alikes typed in place of the code's characters, after upper-casing: Crockford's own rules
# (O is 0, I and L are 1) and Cyrillic (including Kazakh) letters drawn like Latin ones or digits.
_LOOK_ALIKES = str.maketrans(
    {
        "O": "0",
        "I": "1",
        "L": "1",
        "А": "A",
        "В": "B",
        "С": "C",
        "Е": "E",
        "Н": "H",
        "К": "K",
        "М": "M",
        "О": "0",
        "Р": "P",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "Ү": "Y",
        "З": "3",
        "І": "1",
    }
)


def access_code() -> str:
    """A new random access code, ``XXXXX-XXXXX``: 50 bits from `secrets`, no look-alike characters."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:CODE_GROUP]}-{raw[CODE_GROUP:]}"


def code_from_digest(digest: bytes) -> str:
    """An access code made from the first 50 bits of a keyed digest (``XXXXX-XXXXX``).

    For a code that must come out the same when a filing is sent twice (see `appeals.access`): the
    digest is an HMAC with a server-side key, so the code is as unguessable as a `secrets` one.
    """
    if len(digest) < 7:
        raise ValueError("the digest needs at least 7 bytes (50 bits)")
    value = int.from_bytes(digest[:7], "big") >> 6  # 56 bits, keep the top 50
    raw = "".join(CODE_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(CODE_LENGTH)))
    return f"{raw[:CODE_GROUP]}-{raw[CODE_GROUP:]}"


def normalise_code(text: str) -> str:
    """The canonical ``XXXXX-XXXXX`` form of a code as typed, or "" when it cannot be a code.

    Hash this form, never the text as typed, so that ``abcde fghjk`` and ``ABCDE-FGHJK`` agree.
    """
    squeezed = _squeeze(text).upper().translate(_LOOK_ALIKES)
    if len(squeezed) != CODE_LENGTH or not set(squeezed) <= _CODE_SET:
        return ""
    return f"{squeezed[:CODE_GROUP]}-{squeezed[CODE_GROUP:]}"


def same_code(a: str, b: str) -> bool:
    """True when two access codes are the same after normalising, compared in constant time.

    A text that is not a well-formed code never matches anything, not even itself: an empty stored
    code must never let an empty answer in.
    """
    na, nb = normalise_code(a), normalise_code(b)
    if not na or not nb:
        return False
    return hmac.compare_digest(na.encode("ascii"), nb.encode("ascii"))
