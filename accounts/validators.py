"""Django-facing validation of IIN and BIN, with translated messages."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import iin

_MESSAGES = {
    "length": _("An IIN has exactly 12 digits."),
    "digits": _("An IIN has digits only."),
    "check": _("This IIN is not valid: its check digit does not match. Please check every digit."),
}
_BIN_MESSAGES = {
    "length": _("A BIN has exactly 12 digits."),
    "digits": _("A BIN has digits only."),
    "check": _("This BIN is not valid: its check digit does not match."),
}


def validate_iin(value: str) -> str:
    try:
        return iin.validate(value)
    except iin.InvalidNumber as error:
        raise ValidationError(_MESSAGES[error.code], code=f"iin_{error.code}") from None


def validate_bin(value: str) -> str:
    try:
        return iin.validate(value)
    except iin.InvalidNumber as error:
        raise ValidationError(_BIN_MESSAGES[error.code], code=f"bin_{error.code}") from None
