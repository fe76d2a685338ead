"""The recompute's own pieces (the engine itself is tested in test_status.py)."""

from datetime import date


def test_digest_from_serialised_reasons_matches_the_stored_fingerprint():
    """The recompute builds the fingerprint from reasons it already serialised; it must equal the original."""
    import json

    from payments.services import _digest, status_digest

    reasons = [{"code": "gap", "months": ["2025-02", "2025-03"], "amounts": ["4250.00", "4250.00"]}]
    for insured, basis, lapse, covered in [
        (False, "", None, ""),
        (True, "past_twelve", date(2026, 1, 25), "2025-11"),
        (True, "exempt", None, 'quote"d'),
    ]:
        assert _digest(insured, basis, json.dumps(reasons), lapse, covered) == status_digest(
            insured, basis, reasons, lapse, covered
        )
