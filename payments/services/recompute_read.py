"""The recompute's reads: a chunk's people, categories and stored statuses, and its payments packed for numpy.

A chunk is a sorted list of IINs; `Where` says how SQL picks it: every IIN of the chunk as one array parameter, or,
for a nightly range (every registered person between two IINs), a range predicate: one ordered walk of the
(iin, period, …) identity index instead of one descent per person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import psycopg

from .. import status


@dataclass(frozen=True)
class Where:
    iins: Sequence[str]
    contiguous: bool

    def sql(self, column: str) -> tuple[str, list]:
        """`column` in the chunk, as SQL and its parameters."""
        if self.contiguous:
            return f"{column} >= %s AND {column} <= %s", [self.iins[0], self.iins[-1]]
        return f"{column} = ANY(%s)", [list(self.iins)]  # one array parameter: no giant query text to parse


@dataclass(frozen=True)
class People:
    """The chunk's registered people: birth dates, categories by `on`, and stored (insured, basis, digest)."""

    births: dict[str, date | None]
    spans: dict[str, list[status.CategorySpan]]
    stored: dict[str, tuple[bool, str, str]]


def people(cursor, where: Where, on: date) -> People:
    sql, params = where.sql("m.person_id")
    cursor.execute(f'SELECT m.person_id, m.category_id, m.start, m."end" FROM payments_categorymembership m '
                   f"WHERE {sql} AND m.start <= %s", [*params, on])  # fmt: skip
    spans: dict[str, list[status.CategorySpan]] = defaultdict(list)
    for iin, code, start, end in cursor.fetchall():
        spans[iin].append(status.CategorySpan(code, start, end))
    # The statuses' range is named too: without it the planner hashes the whole status table per chunk.
    person_sql, person_params = where.sql("p.iin")
    status_sql, status_params = where.sql("s.iin")
    cursor.execute(
        "SELECT p.iin, p.birth_date, s.insured, s.basis, s.digest FROM accounts_person p "
        f"LEFT JOIN payments_personstatus s ON s.iin = p.iin AND {status_sql} WHERE {person_sql}",
        [*status_params, *person_params],
    )
    births, stored = {}, {}
    for iin, birth_date, insured, basis, digest in cursor.fetchall():
        births[iin] = birth_date
        if insured is not None:
            stored[iin] = (bool(insured), basis, digest)
    return People(births, spans, stored)


# Each person's accepted OSMS payments received by a date, as the status engines take them: the IIN, the period as
# days since 2000-01-01 (turned into month indexes by numpy, cheaper than date arithmetic on every row in SQL), the
# kind (0: 122 from others, 1: own 122, 2: 121) and the amount in tiyn. The chunk's rows come packed into one bytea
# of fixed-width big-endian records that numpy reads in place: no value is decoded in Python and no message is
# handled per row (a binary COPY sends one per row).
_KIND = (
    f"CASE WHEN knp = 121 THEN {status.TRANSFERS_121} WHEN sender_id = iin THEN {status.OWN_122} "
    f"ELSE {status.OTHER_122} END"
)
_PAYMENTS = (
    "SELECT string_agg(int8send(CAST(iin AS BIGINT)) || int4send(period - DATE '2000-01-01') || "
    "int2send(CAST(" + _KIND + " AS SMALLINT)) || int8send(CAST(amount * 100 AS BIGINT)), ''::bytea) "
    "FROM payments_payment WHERE {where} AND received_on <= %s AND state = 'accepted' AND knp IN (121, 122)"
)
_PAYMENT_RECORD = np.dtype([("iin", ">i8"), ("day", ">i4"), ("kind", ">i2"), ("tiyn", ">i8")])  # packed: 22 bytes
_DAY_ZERO = np.datetime64("2000-01-01", "D")


@dataclass(frozen=True)
class Payments:
    """A chunk's payments as parallel arrays: the person's position in the chunk, month index, kind, tiyn."""

    person: np.ndarray
    months: np.ndarray
    kinds: np.ndarray
    amounts: np.ndarray

    def by_person(self, people: int):
        """f(n) -> (months, kinds, amounts) of the chunk's n-th person, as lists (for `status`)."""
        order = np.argsort(self.person, kind="stable")
        bounds = np.searchsorted(self.person[order], np.arange(people + 1)).tolist()
        months, kinds, amounts = (self.months[order].tolist(), self.kinds[order].tolist(),
                                  self.amounts[order].tolist())  # fmt: skip
        return lambda n: (months[bounds[n] : bounds[n + 1]], kinds[bounds[n] : bounds[n + 1]],
                          amounts[bounds[n] : bounds[n + 1]])  # fmt: skip


def payments(cursor, where: Where, on: date) -> Payments:
    """The accepted OSMS payments received by `on` of the chunk's people."""
    iins = where.iins
    sql, params = where.sql("iin")
    with psycopg.Cursor(cursor.connection) as packed:  # Django's own cursors cannot ask for binary results
        (data,) = packed.execute(_PAYMENTS.format(where=sql), [*params, on], binary=True).fetchone()
    found = records(data or b"")
    numbers = np.fromiter(map(int, iins), np.int64, len(iins))  # 12 digits: ordered as the IIN text is
    person = np.minimum(np.searchsorted(numbers, found["iin"]), len(iins) - 1)
    mine = numbers[person] == found["iin"]  # a range may hold payments of IINs not in the registry
    days = found["day"][mine].astype("timedelta64[D]")
    months = (_DAY_ZERO + days).astype("datetime64[M]").astype(np.int64) + 1970 * 12
    kinds, amounts = found["kind"][mine].astype(np.int64), found["tiyn"][mine].astype(np.int64)
    return Payments(person[mine], months, kinds, amounts)


def records(data: bytes) -> np.ndarray:
    """`_PAYMENTS`' packed records as a numpy record array, read in place."""
    if len(data) % _PAYMENT_RECORD.itemsize:
        raise ValueError(f"{len(data)} bytes are not whole payment records of {_PAYMENT_RECORD.itemsize}")
    return np.frombuffer(data, _PAYMENT_RECORD)
