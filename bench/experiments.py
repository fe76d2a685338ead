"""Profiles behind the figures in README.md: where the import's reading and the recompute spend their time.

Run after `bench/run.py` (same DATABASE_URL and --workdir). Nothing here changes the project's code or data
(a recompute of an unchanged range writes nothing).

    .venv/bin/python bench/experiments.py read               # reading and checking the register, no database
    .venv/bin/python bench/experiments.py profile-recompute  # cProfile of one nightly range with the service
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from functools import lru_cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: environment and Django set-up)

# --- reading and checking ------------------------------------------------------------------------------------


def read(args) -> None:
    run.setup_django()
    from accounts import iin as iin_rules
    from payments import importing, staging

    path = Path(args.workdir) / "register-big.csv"

    def consume(rows) -> float:
        start = time.perf_counter()
        for _ in rows:
            pass
        return time.perf_counter() - start

    def csv_only():
        rows = importing._csv_rows(path)
        next(rows)
        yield from rows

    print(f"csv.reader only:                  {consume(csv_only()):.2f}s")
    print(f"importing.read (parse + check):   {consume(importing.read(path)):.2f}s")

    def with_copy_lines():
        s = staging.Staging.__new__(staging.Staging)  # the add() formatting without a database
        s.postgres, s.rows, s.bad, s._buffer = True, 0, 0, []
        s._stage_batch = lambda: s._buffer.clear()
        for row in importing.read(path):
            s.add(row)
            yield row

    print(f"read + Staging.add formatting:    {consume(with_copy_lines()):.2f}s")

    profile = cProfile.Profile()
    profile.enable()
    consume(with_copy_lines())
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(14)
    print("\n".join(out.getvalue().splitlines()[:40]))

    # Proposal: memoised number checks (senders repeat: a few thousand employers' BINs) and a check digit
    # without lists and zip.
    weights1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
    weights2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

    @lru_cache(maxsize=65536)
    def fast_valid(number: str) -> bool:
        if len(number) != 12 or not (number.isascii() and number.isdigit()):
            return False
        digits = [ord(c) - 48 for c in number]
        r = sum(d * w for d, w in zip(digits, weights1)) % 11  # noqa: B905
        if r == 10:
            r = sum(d * w for d, w in zip(digits, weights2)) % 11  # noqa: B905
            if r == 10:
                return False
        return r == digits[11]

    original = iin_rules.is_valid
    derive = iin_rules.derive
    iin_rules.is_valid = fast_valid
    iin_rules.derive = lru_cache(maxsize=1 << 20)(derive)
    try:
        print(f"read + add, memoised number checks and derive: {consume(with_copy_lines()):.2f}s")
    finally:
        iin_rules.is_valid, iin_rules.derive = original, derive


# --- the recompute ----------------------------------------------------------------------------------------


def profile_recompute(args) -> None:
    """cProfile of one nightly range with the real service (writes nothing when nothing changed)."""
    run.setup_django()
    from payments.services import recompute
    from payments.tasks import SWEEP_CHUNK

    ranges = recompute.iin_ranges(SWEEP_CHUNK)
    first, last = ranges[len(ranges) // 3]
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    result = recompute.status_recompute_range(first=first, last=last, trigger="profile")
    profile.disable()
    print(f"one range with the service: {time.perf_counter() - start:.2f}s, {result}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(18)
    print("\n".join(out.getvalue().splitlines()[:44]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["read", "profile-recompute"])
    parser.add_argument("--workdir", default="/tmp/saq_bench")
    args = parser.parse_args()
    {"read": read, "profile-recompute": profile_recompute}[args.what](args)


if __name__ == "__main__":
    main()
