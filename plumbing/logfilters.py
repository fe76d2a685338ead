"""Keep personal data out of application logs.

`MaskPersonalData` is installed on every handler in settings.LOGGING. It rewrites each record before it is
written: any run of exactly 12 digits (an IIN, or a BIN, which is masked too) becomes ``[IIN]`` and any
e-mail address becomes ``[e-mail]``, in the message, its arguments (request paths such as
``/api/v1/status/<iin>`` in django.request warnings), a formatted traceback and a stack.

The access log (accounts.AccessRecord) is the one place where IINs are recorded on purpose.
"""

from __future__ import annotations

import logging
import re

IIN = re.compile(r"(?<!\d)\d{12}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def mask(text: str) -> str:
    return EMAIL.sub("[e-mail]", IIN.sub("[IIN]", text))


class MaskPersonalData(logging.Filter):
    """Masks IINs and e-mails in a record; never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's business, not ours
            message = str(record.msg)
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
