"""A read kept by the process for a while: for small tables that every page asks for and that change rarely.

`KeptAMinute(read)` calls `read()` at most once a minute per process; `forget` (also a signal receiver) drops what
it kept, so that a change saved in this process is seen at once and other processes see it within the minute. The
rule tables and the latest register's arrival (payments, decision 0016) and the published figures' version
(transparency, decision 0022) are read this way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeptAMinute(Generic[T]):
    def __init__(self, read: Callable[[], T], seconds: float = 60) -> None:
        self._read, self._seconds, self._kept = read, seconds, None

    def __call__(self) -> T:
        kept = self._kept
        if kept is None or time.monotonic() - kept[0] >= self._seconds:
            kept = self._kept = (time.monotonic(), self._read())
        return kept[1]

    def forget(self, **_signal) -> None:
        self._kept = None
