"""Small-cell suppression of published counts of people. Pure Python.

A count of 1 to 9 people is shown as "< 10", so that nobody can be singled out in a small region or group. Where a
row or a column is published with its total, one hidden cell could be worked out from the total and the others, so
the smallest other non-zero cell of that row or column is hidden too (shown as "…"), and so on until every row and
column with a hidden cell has at least two. Zero stays zero: it tells nothing about anyone.
"""

from __future__ import annotations

SMALL = 10
SHOWN, PRIMARY, SECONDARY = "", "small", "secondary"


def primary(value: int | None) -> bool:
    return value is not None and 0 < value < SMALL


def suppress(matrix: list[list[int]]) -> list[list[str]]:
    """How each cell of a table whose rows and columns are published with totals is shown: SHOWN, PRIMARY (1 to 9)
    or SECONDARY (hidden so that a small cell cannot be worked out from a total)."""
    marks = [[PRIMARY if primary(value) else SHOWN for value in row] for row in matrix]
    lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(matrix)]
    lines += [[(r, c) for r in range(len(matrix))] for c in range(max((len(row) for row in matrix), default=0))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = [(r, c) for r, c in line if c < len(matrix[r])]
            if sum(1 for r, c in cells if marks[r][c]) != 1:
                continue
            candidates = [(matrix[r][c], r, c) for r, c in cells if not marks[r][c] and matrix[r][c] > 0]
            if candidates:
                _, r, c = min(candidates)
                marks[r][c] = SECONDARY
                changed = True
    return marks
