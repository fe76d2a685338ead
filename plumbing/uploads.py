"""Uploads: stop one as soon as it passes MAX_UPLOAD_BYTES, instead of writing it all to disk first; and the name a
stored document downloads under (`download_name`).

The form that receives the file then says, in the citizen's or staff member's language, that the file
was too large (the field arrives empty and `request.upload_too_large` is set).
"""

import re
from pathlib import Path

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitedUploadHandler(FileUploadHandler):
    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Raising here would escape the parser; the first chunk stops it instead.
        self.received = content_length if content_length and content_length > settings.MAX_UPLOAD_BYTES else 0

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > settings.MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def download_name(display: str, stored: str) -> str:
    """The name a document downloads under: what its sender called it, with the extension of its checked type (the
    stored file's, given at upload), never one the sender chose; characters a file name or a header should not
    carry become "_"."""
    stem = re.sub(r"[^\w\- .()]+", "_", Path(display).stem).strip(" ._") or "document"
    return f"{stem[:100]}{Path(stored).suffix.lower()}"
