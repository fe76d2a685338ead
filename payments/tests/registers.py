"""Building register files for tests."""

from pathlib import Path

from payments.demo import _bin
from payments.importing import HEADER

EMPLOYER = _bin(1)
HEADER_LINE = ";".join(HEADER)


def line(iin, *, received="10.12.2024", number="1", knp="122", sender=None, amount="4250,00", period="112024",
         state="accepted", last="Иванов", first="Иван", middle="") -> str:  # fmt: skip
    sender = sender or iin
    return ";".join([received, number, knp, sender, "Sender", iin, last, first, middle, amount, period, state])


def write(tmp_path: Path, lines: list[str], name="register.csv", header=HEADER_LINE, bom=False) -> Path:
    path = tmp_path / name
    text = "\n".join([header, *lines]) + "\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode())
    return path
