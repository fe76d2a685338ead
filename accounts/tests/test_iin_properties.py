"""Property-based tests of the IIN/BIN validator (rules section 9): random strings, and round trips.

The check digit is recomputed here from the rules' description (two weighted passes, mod 11), independently
of `accounts.iin`'s hand-unrolled version. PROPERTY_SCALE=10 runs ten times the examples (CI may).
"""

import os
import string
from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts import iin

SCALE = float(os.environ.get("PROPERTY_SCALE", "1"))


def examples(n: int) -> settings:
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def reference_check_digit(first_eleven: str) -> int | None:
    digits = [int(c) for c in first_eleven]
    for weights in (range(1, 12), [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]):
        r = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if r != 10:
            return r
    return None


def reference_valid(number: str) -> bool:
    if len(number) != 12 or any(c not in string.digits for c in number):
        return False
    return reference_check_digit(number[:11]) == int(number[11])


ascii_digits = st.text(alphabet=string.digits, min_size=12, max_size=12)
# Text that looks like numbers: ASCII and other scripts' digits, spaces of every kind, signs, and anything.
near_numbers = st.text(
    alphabet=st.one_of(
        st.sampled_from(string.digits),
        st.sampled_from(" \t\n\u00a0\u3000+-.０１２３٠١٢३"),
        st.characters(),
    ),
    max_size=16,
)


@examples(3000)
@given(st.one_of(near_numbers, st.text(), ascii_digits))
def test_any_text_is_judged_without_a_crash_and_only_12_digits_with_the_right_check_digit_pass(text):
    assert iin.is_valid(text) == reference_valid(text)
    try:
        cleaned = iin.validate(text)
    except iin.InvalidNumber as refusal:
        assert refusal.code in {"length", "digits", "check"}
        assert not reference_valid(text.strip())
    else:
        assert cleaned == text.strip() and reference_valid(cleaned)


@examples(2000)
@given(ascii_digits)
def test_exactly_one_last_digit_completes_eleven_digits_unless_none_can(number):
    head = number[:11]
    completions = [d for d in string.digits if iin.is_valid(head + d)]
    expected = reference_check_digit(head)
    assert completions == ([] if expected is None else [str(expected)])
    assert iin.check_digit(head) == expected


@examples(2000)
@given(
    st.dates(min_value=date(1800, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from("MF"),
    st.integers(min_value=0, max_value=9999),
)
def test_compose_gives_a_valid_number_whose_digits_say_the_birth_date_and_sex(born, sex, serial):
    number = iin.compose(born, sex, serial)
    assert iin.is_valid(number) and iin.validate(number) == number
    assert iin.derive(number) == iin.Derived(born, sex)
    assert number[:6] == f"{born:%y%m%d}"


@examples(1000)
@given(ascii_digits, st.text(alphabet=" \t\n\u00a0\u3000", max_size=3), st.text(alphabet=" \t\n", max_size=3))
def test_surrounding_spaces_are_trimmed_but_never_accepted_by_is_valid(number, before, after):
    assume(before or after)
    padded = before + number + after
    assert not iin.is_valid(padded)
    if iin.is_valid(number):
        assert iin.validate(padded) == number


@examples(1000)
@given(st.one_of(near_numbers, ascii_digits))
def test_the_status_check_form_accepts_exactly_what_the_validator_accepts(text):
    from payments.forms import StatusCheckForm

    assume("\x00" not in text)  # the form refuses NUL itself, before the IIN rules
    form = StatusCheckForm({"iin": text})
    assert form.is_valid() == iin.is_valid(text.strip())
    if form.is_valid():
        assert form.cleaned_data["iin"] == text.strip()
