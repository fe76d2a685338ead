"""CSV for people who open it in a spreadsheet."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting so as a formula


def inert(cell) -> str:
    """The cell as text that a spreadsheet shows and never runs: a leading quote when it would be a formula."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_START) else text
