"""Text messages, sent through a pluggable backend like Django's e-mail backends (decision 0020).

``settings.SMS_BACKEND`` names a class with ``send(phone, text)``: ``ConsoleBackend`` (the default) writes each
message to stdout, ``LocmemBackend`` keeps them in ``outbox`` for tests, and a gateway's backend goes in its place
in production. Numbers are Kazakhstan mobiles, +7 7xx xxx xx xx, stored as ``+77xxxxxxxxx``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "plumbing.sms.ConsoleBackend"
# +7 then a mobile operator's code (70x, 747, 75x, 76x, 77x); 71x-73x are city codes (727 Almaty, 7172 Astana).
_MOBILE = re.compile(r"7(7(?:0\d|47|5\d|6\d|7\d)\d{7})")


class InvalidPhone(ValueError):
    """Not a Kazakhstan mobile number."""


def kz_mobile(text: str) -> str:
    """``+7 701 234 56 78``, ``8 (701) 234-56-78`` or ``87012345678`` → ``+77012345678``; else InvalidPhone."""
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 11 and digits[0] == "8" and not text.strip().startswith("+"):
        digits = "7" + digits[1:]
    match = _MOBILE.fullmatch(digits)
    if match is None:
        raise InvalidPhone(text)
    return f"+7{match.group(1)}"


@dataclass(frozen=True)
class Message:
    phone: str
    text: str


class ConsoleBackend:
    """Writes every message to stdout (development, and wherever no gateway is configured)."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS to {phone}:\n{text}\n{'-' * 40}\n")
        sys.stdout.flush()


outbox: list[Message] = []  # LocmemBackend's messages; tests empty it


class LocmemBackend:
    """Keeps every message in `outbox`, like django.core.mail.outbox."""

    def send(self, phone: str, text: str) -> None:
        outbox.append(Message(phone, text))


def send_sms(phone: str, text: str) -> None:
    """Send `text` to a Kazakhstan mobile (normalised first) through settings.SMS_BACKEND."""
    backend = import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
    backend.send(kz_mobile(phone), text)
