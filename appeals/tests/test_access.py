"""Access codes as keyed hashes, compared in constant time; the tokens that make filing idempotent."""

import pytest
from django.core import signing

from appeals import access, numbers


def test_the_stored_hash_is_keyed_and_the_code_never_appears(settings):
    code = numbers.access_code()
    stored = access.hash_code(code)
    assert len(stored) == 64 and code.replace("-", "") not in stored.upper()
    assert access.code_matches(stored, code) and access.code_matches(stored, code.lower().replace("-", " "))
    settings.SECRET_KEY = "another-secret-key-" + "y" * 40
    assert not access.code_matches(stored, code)  # the key matters: a leaked table is not enough


@pytest.mark.parametrize("typed", ["", "-", "ABCDE", "ABCDE-FGHJK-1", "ABCDE FGHJ!", None])
def test_junk_never_matches(typed):
    assert not access.code_matches(access.hash_code("ABCDE-FGHJK"), typed or "")
    assert not access.code_matches("", typed or "")


def test_hash_refuses_what_is_not_a_code():
    with pytest.raises(ValueError):
        access.hash_code("not a code")


def test_a_token_always_gives_the_same_code_and_tokens_differ():
    token = access.new_form_token()
    assert access.code_for_token(token) == access.code_for_token(token)
    assert access.code_for_token(token) != access.code_for_token(access.new_form_token())
    assert access.token_key(token) != access.token_key(token + "x")


def test_only_tokens_the_server_signed_are_accepted():
    assert access.form_token_valid(access.new_form_token())
    assert not access.form_token_valid("made-up")
    assert not access.form_token_valid(signing.dumps("x", salt="another-form"))


@pytest.mark.parametrize(
    ("key", "ok"),
    [("3f2504e0-4f89-11d3-9a0c-0305e82c3301", True), ("3F2504E04F8911D39A0C0305E82C3301", True), ("1", False),
     ("", False), ("3f2504e0-4f89-11d3-9a0c-0305e82c330", False)],
)  # fmt: skip
def test_api_idempotency_keys_must_be_uuids(key, ok):
    assert (access.api_token(key) is not None) is ok
