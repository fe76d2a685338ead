"""`Retry-After` on every 429 answer: the limiter notes how long the refusing window has left (`note`), and
`RetryAfterMiddleware` writes it on the answer, whichever view refused (a page, the API, the front desk). An answer
that already says it (DRF's throttles, the sign-in lock-out) keeps its own."""

from __future__ import annotations

from contextvars import ContextVar

DEFAULT_SECONDS = 60  # a 429 from no noted window: the shortest window the portal counts in

_noted: ContextVar[int | None] = ContextVar("retry_after", default=None)


def note(seconds: int) -> None:
    """A limit refused this request for `seconds` more (the longest of several wins)."""
    _noted.set(max(seconds, _noted.get() or 0))


def noted() -> int | None:
    """What this request's refusals noted so far (None: nothing refused it)."""
    return _noted.get()


class RetryAfterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _noted.set(None)
        try:
            response = self.get_response(request)
            seconds = noted()
        finally:
            _noted.reset(token)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(max(1, seconds or DEFAULT_SECONDS))
        return response
