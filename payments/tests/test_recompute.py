"""The recompute's own pieces (the engine itself is tested in test_status.py)."""

from datetime import date

import pytest


def test_digest_from_serialised_reasons_matches_the_stored_fingerprint():
    """The recompute builds the fingerprint from reasons it already serialised; it must equal the original."""
    import json

    from payments.services.recompute_evaluate import digest as _digest
    from payments.services.recompute_evaluate import status_digest

    reasons = [{"code": "gap", "months": ["2025-02", "2025-03"], "amounts": ["4250.00", "4250.00"]}]
    for insured, basis, lapse, covered in [
        (False, "", None, ""),
        (True, "past_twelve", date(2026, 1, 25), "2025-11"),
        (True, "exempt", None, 'quote"d'),
    ]:
        assert _digest(insured, basis, json.dumps(reasons), lapse, covered) == status_digest(
            insured, basis, reasons, lapse, covered
        )


# --- the whole recompute against the one-person engine --------------------------------------------------


def _generated_population(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    from payments.models import Register
    from payments.services.registers import register_import

    path = tmp_path / "register.csv"
    call_command("generate_load", people=400, register_rows=1500, seed=11, month="102026", out=path, stdout=StringIO())
    register_import(Register.objects.create(name=path.name), path=path)


def _stored(iins, on):
    from payments.models import PersonStatus
    from payments.selectors import status_as_dict

    stored = {row.person_id: row for row in PersonStatus.objects.filter(person_id__in=iins)}
    return {iin: (status_as_dict(stored[iin], iin=iin, on=on), stored[iin].reasons, stored[iin].covered_through)
            for iin in iins}  # fmt: skip


def _engine(iins, on):
    from payments.reasons import reasons_as_json
    from payments.selectors import status_as_dict, status_on

    answers = {}
    for iin in iins:
        result = status_on(iin, on)
        answers[iin] = (status_as_dict(result, on=on), reasons_as_json(result.reasons), result.covered_through or "")
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "on, bases",
    [
        (date(2026, 11, 20), {None, "exempt", "past_twelve"}),  # L = 2026-09: the stored months
        (date(2026, 11, 26), {None, "exempt", "past_twelve"}),  # L = 2026-10: the register's month counts
        (date(2027, 3, 1), {None, "exempt"}),  # L = 2027-01: months nobody has paid yet
    ],
)
def test_the_nightly_sweep_stores_what_the_engine_answers_for_each_person(tmp_path, on, bases):
    """Generated people (employees, self-payers, children, categories, gaps, lump sums, late payments) swept by
    IIN ranges as the nightly job runs (on PostgreSQL: the packed read and the batch engine) store, for
    every person, exactly the status, reasons, lapse date and covered-through month of `status.evaluate`."""
    from accounts.models import Person
    from payments.services.recompute import iin_ranges, status_recompute, status_recompute_range

    _generated_population(tmp_path)
    people = sorted(Person.objects.values_list("iin", flat=True))
    for first, last in iin_ranges(90):
        status_recompute_range(first=first, last=last, trigger="nightly", on=on)

    stored, engine = _stored(people, on), _engine(people, on)
    for iin in people:
        stored_dict, reasons, covered = stored[iin]
        engine_dict, engine_reasons, engine_covered = engine[iin]
        assert stored_dict == engine_dict, iin
        assert (reasons, covered) == (engine_reasons, engine_covered), iin
    assert {stored[iin][0]["basis"] for iin in people} == bases  # each kind of answer is exercised

    again = status_recompute(iins=people, trigger="manual", on=on)  # by list, not by range: the same answers
    assert (again.people, again.changed) == (len(people), 0)
