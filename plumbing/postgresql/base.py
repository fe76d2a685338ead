"""Django's PostgreSQL backend with a health check that costs no round trip when the connection is sound.

With CONN_HEALTH_CHECKS Django asks `is_usable()` before the first query of every request that reuses a
connection, and the stock answer is a `SELECT 1`: a round trip on each request, as much as the public check's
own query. A connection that the server ended (a restart, `pg_terminate_backend`, an idle timeout) has
something to read on its socket: the server's goodbye and the end of the stream. So the socket is polled first,
without waiting: nothing to read on an idle connection means the server has not ended it, and the request goes
on; anything to read (that, or a notification) and the stock `SELECT 1` decides. Decision 0011.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):  # the socket is gone
            return False
        return not readable or super().is_usable()
