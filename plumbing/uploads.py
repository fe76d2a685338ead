"""Stop an upload as soon as it passes MAX_UPLOAD_BYTES, instead of writing it all to disk first.

The form that receives the file then says, in the citizen's or staff member's language, that the file
was too large (the field arrives empty and `request.upload_too_large` is set).
"""

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
