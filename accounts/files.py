"""Checking uploaded documents by their content, never by their name.

Citizens attach scans and photos (PDF, JPEG, PNG) to requests and appeals. A file is accepted only
when its first bytes are those of one of these types and it is not larger than the limit; it is
stored outside the web root and served only through views that check who asks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 5
SIGNATURES = {
    b"%PDF-": ("application/pdf", "pdf"),
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
}


def document_type(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for the first bytes of a file, or None when it is none of ours."""
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def validate_document(upload) -> tuple[str, str]:
    """Raise a translated ValidationError unless `upload` is a PDF, JPEG or PNG within the size limit."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 10 MB. Attach a smaller scan or photo."), params={"name": upload.name}
        )
    head = upload.read(16)
    upload.seek(0)
    kind = document_type(head)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a PDF, JPEG or PNG file (whatever its name says)."), params={"name": upload.name}
        )
    return kind
