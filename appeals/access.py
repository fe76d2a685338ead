"""Access codes kept as keyed hashes, and the token that makes filing idempotent.

An access code is never stored: only HMAC-SHA256 of its normalised form, keyed with SECRET_KEY
(`django.utils.crypto.salted_hmac`), so a leaked table does not give the 50-bit codes away to a
quick brute force. Codes are compared in constant time, and a look-up that finds no appeal still
computes a hash, so the answer takes the same time whether the number exists or not.

Idempotent filing. The filing form carries a token the server signed when it drew the form (the API
takes a client-made UUID in the ``Idempotency-Key`` header). An appeal keeps only a keyed hash of it.
The access code of an appeal filed with a token is derived from the token with a second keyed HMAC:
a second press of the button finds the first appeal and can show the same number and the same code,
although the code itself was never stored. Whoever holds the token could file that appeal anyway,
so deriving the code from it gives nothing away.
"""

from __future__ import annotations

import hmac
import re
import secrets

from django.core import signing
from django.utils.crypto import salted_hmac

from . import numbers

_CODE_SALT = "appeals.access-code"
_TOKEN_SALT = "appeals.submission-token"
_TOKEN_CODE_SALT = "appeals.token-code"
_FORM_SALT = "appeals.filing-form"
FORM_TOKEN_MAX_AGE = 7 * 24 * 3600  # a filing form may stay open for a week
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")


def hash_code(code: str) -> str:
    """The stored form of an access code: a keyed hash of its normalised spelling."""
    normalised = numbers.normalise_code(code)
    if not normalised:
        raise ValueError("not an access code")
    return salted_hmac(_CODE_SALT, normalised, algorithm="sha256").hexdigest()


def code_matches(stored_hash: str, typed: str) -> bool:
    """True when the typed code is the one whose hash is stored; constant time, never true for junk."""
    normalised = numbers.normalise_code(typed)
    candidate = salted_hmac(_CODE_SALT, normalised or "-", algorithm="sha256").hexdigest()
    return bool(normalised and stored_hash) and hmac.compare_digest(candidate, stored_hash)


def burn_time(typed: str) -> None:
    """Do the work of `code_matches` for a number that does not exist, so timing tells nothing."""
    code_matches("0" * 64, typed)


def token_key(token: str) -> str:
    """What an appeal stores of its submission token."""
    return salted_hmac(_TOKEN_SALT, token, algorithm="sha256").hexdigest()


def code_for_token(token: str) -> str:
    """The access code of an appeal filed with this token: the same every time, unguessable without the key."""
    return numbers.code_from_digest(salted_hmac(_TOKEN_CODE_SALT, token, algorithm="sha256").digest())


def new_form_token() -> str:
    """A fresh token for a filing form, signed so that only tokens the server drew are accepted."""
    return signing.dumps(secrets.token_urlsafe(18), salt=_FORM_SALT, compress=False)


def form_token_valid(token: str) -> bool:
    try:
        signing.loads(token, salt=_FORM_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def api_token(idempotency_key: str) -> str | None:
    """The submission token for an API ``Idempotency-Key`` (a UUID), or None when it is not one."""
    key = idempotency_key.strip()
    return "api:" + key.replace("-", "").lower() if _UUID.match(key) else None
