"""What can I get: the pure rule (rules section 5), table by table, and the signed-in citizen's page."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import translation

from coverage import eligibility as e
from coverage.models import Package
from payments.services.recompute import status_recompute
from payments.tests.factories import months, pay_self

# --- the rule ----------------------------------------------------------------------------------------

FULL = sorted(e.FULL_RESIDENCY)
LIMITED = sorted(e.LIMITED_RESIDENCY)
CONDITIONS = [None, e.ANY_STATUS, e.INSURED_ONLY, e.REFERRAL, e.POPULATION_GROUPS, e.DANGEROUS_DISEASES_ONLY]


@pytest.mark.parametrize(
    ("residency", "insured", "part", "condition", "available", "reason"),
    [
        # GOBMP: citizens, kandas, refugees and permanent residents, whatever their insurance status
        ("citizen", False, e.TMKKK, None, True, e.RESIDENT),
        ("citizen", True, e.TMKKK, None, True, e.RESIDENT),
        ("kandas", False, e.TMKKK, None, True, e.RESIDENT),
        ("refugee", False, e.TMKKK, None, True, e.RESIDENT),
        ("permanent_foreigner", False, e.TMKKK, None, True, e.RESIDENT),
        ("permanent_stateless", False, e.TMKKK, None, True, e.RESIDENT),
        ("citizen", False, e.TMKKK, e.ANY_STATUS, True, e.EVERYONE),
        ("citizen", False, e.TMKKK, e.DANGEROUS_DISEASES_ONLY, True, e.RESIDENT),
        ("citizen", False, e.TMKKK, e.POPULATION_GROUPS, True, e.GROUPS_ONLY),
        ("citizen", False, e.TMKKK, e.REFERRAL, True, e.NEEDS_REFERRAL),
        # GOBMP: temporary residents and asylum seekers only for diseases dangerous to others, insured or not
        ("temporary_foreigner", False, e.TMKKK, None, True, e.DANGEROUS_ONLY),
        ("temporary_foreigner", True, e.TMKKK, None, True, e.DANGEROUS_ONLY),
        ("temporary_foreigner", False, e.TMKKK, e.DANGEROUS_DISEASES_ONLY, True, e.DANGEROUS_ONLY),
        ("temporary_foreigner", False, e.TMKKK, e.ANY_STATUS, True, e.DANGEROUS_ONLY),
        ("asylum_seeker", False, e.TMKKK, None, True, e.DANGEROUS_ONLY),
        ("asylum_seeker", False, e.TMKKK, e.POPULATION_GROUPS, True, e.DANGEROUS_ONLY),
        # OSMS: insured people only, whoever they are
        ("citizen", True, e.OSMS, None, True, e.INSURED),
        ("citizen", True, e.OSMS, e.INSURED_ONLY, True, e.INSURED),
        ("citizen", False, e.OSMS, None, False, e.NOT_INSURED),
        ("citizen", False, e.OSMS, e.INSURED_ONLY, False, e.NOT_INSURED),
        ("citizen", False, e.OSMS, e.REFERRAL, False, e.NOT_INSURED),
        ("citizen", False, e.OSMS, e.POPULATION_GROUPS, False, e.NOT_INSURED),
        ("citizen", True, e.OSMS, e.REFERRAL, True, e.NEEDS_REFERRAL),
        ("citizen", True, e.OSMS, e.POPULATION_GROUPS, True, e.GROUPS_ONLY),
        ("temporary_foreigner", True, e.OSMS, None, True, e.INSURED),
        ("asylum_seeker", False, e.OSMS, None, False, e.NOT_INSURED),
        ("refugee", False, e.OSMS, None, False, e.NOT_INSURED),
        # "regardless of insurance status" in an insurance package follows the GOBMP rule
        ("citizen", False, e.OSMS, e.ANY_STATUS, True, e.EVERYONE),
        ("temporary_foreigner", False, e.OSMS, e.ANY_STATUS, True, e.DANGEROUS_ONLY),
        # "insured people only" in a GOBMP package needs status
        ("citizen", False, e.TMKKK, e.INSURED_ONLY, False, e.NOT_INSURED),
        ("citizen", True, e.TMKKK, e.INSURED_ONLY, True, e.INSURED),
    ],
)
def test_decide(residency, insured, part, condition, available, reason):
    assert e.decide(residency, insured, part, condition) == e.Decision(available, reason)


@pytest.mark.parametrize("residency", FULL)
@pytest.mark.parametrize("condition", CONDITIONS)
def test_insurance_never_matters_for_tmkkk_of_a_resident(residency, condition):
    if condition == e.INSURED_ONLY:
        return
    with_status, without = (e.decide(residency, insured, e.TMKKK, condition) for insured in (True, False))
    assert with_status == without and without.available and without.reason != e.NOT_INSURED


@pytest.mark.parametrize("residency", FULL + LIMITED)
@pytest.mark.parametrize("condition", [c for c in CONDITIONS if c != e.ANY_STATUS])
def test_osms_is_never_available_without_status(residency, condition):
    assert e.decide(residency, False, e.OSMS, condition) == e.Decision(False, e.NOT_INSURED)


@pytest.mark.parametrize("residency", LIMITED)
@pytest.mark.parametrize("condition", CONDITIONS)
def test_tmkkk_is_always_limited_for_temporary_residents(residency, condition):
    decision = e.decide(residency, False, e.TMKKK, condition)
    if condition == e.INSURED_ONLY:
        assert not decision.available
    else:
        assert decision.available and decision.limited and decision.reason == e.DANGEROUS_ONLY


@pytest.mark.parametrize(
    ("kind", "code", "part"),
    [
        ("tmkkk", "tmkkk", e.TMKKK),
        ("osms", "osms", e.OSMS),
        ("unified", "unified_base", e.TMKKK),
        ("unified", "unified_insurance", e.OSMS),
    ],
)
def test_part_of_a_package(kind, code, part):
    assert e.part_of(kind, code) == part


@pytest.mark.parametrize(
    "call",
    [
        lambda: e.part_of("unified", "unified_extra"),
        lambda: e.part_of("other", "tmkkk"),
        lambda: e.decide("martian", True, e.TMKKK, None),
        lambda: e.decide("citizen", True, "unified", None),
        lambda: e.decide("citizen", True, e.TMKKK, "bribe"),
    ],
)
def test_unknown_values_are_refused(call):
    with pytest.raises(ValueError):
        call()


D = e.Decision


@pytest.mark.parametrize(
    ("decisions", "state", "reasons"),
    [
        ([D(True, e.RESIDENT), D(True, e.GROUPS_ONLY)], e.AVAILABLE, (e.RESIDENT, e.GROUPS_ONLY)),
        ([D(True, e.INSURED), D(True, e.NEEDS_REFERRAL)], e.AVAILABLE, (e.INSURED, e.NEEDS_REFERRAL)),
        ([D(True, e.GROUPS_ONLY)], e.LIMITED, (e.GROUPS_ONLY,)),
        ([D(True, e.DANGEROUS_ONLY), D(True, e.DANGEROUS_ONLY)], e.LIMITED, (e.DANGEROUS_ONLY,)),
        ([D(False, e.NOT_INSURED), D(False, e.NOT_INSURED)], e.UNAVAILABLE, (e.NOT_INSURED,)),
        ([D(True, e.GROUPS_ONLY), D(False, e.NOT_INSURED)], e.LIMITED, (e.GROUPS_ONLY, e.NOT_INSURED)),
        ([D(True, e.EVERYONE), D(False, e.NOT_INSURED)], e.AVAILABLE, (e.EVERYONE, e.NOT_INSURED)),
        ([], e.UNAVAILABLE, ()),
    ],
)
def test_summarise_a_section(decisions, state, reasons):
    assert e.summarise(decisions) == e.Verdict(state, reasons)


def test_the_rule_has_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(e.__file__).read_text(encoding="utf-8"))
    imported = {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not any(name.split(".")[0] in {"django", "coverage", "payments", "accounts"} for name in imported)


# --- the page ------------------------------------------------------------------------------------------


def states(text: str) -> dict[str, str]:
    """{"package_code/section_code": state} from the page."""
    return {s: state for state, s in re.findall(r'data-state="(\w+)" data-section="([\w/]+)"', text)}


def section(text: str, key: str) -> str:
    return text.split(f'data-section="{key}"', 1)[1].split("</article>", 1)[0]


def for_me(client, user, *, language="en") -> str:
    translation.activate(language)  # the pages under this language's URL prefix
    client.force_login(user)
    response = client.get(reverse("coverage:for_me"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def in_2024(time_machine):
    time_machine.move_to("2024-11-10 12:00+05:00")


def insure(person, *, recompute=True):
    pay_self(person, months("2023-10", "2024-09"))
    if recompute:
        status_recompute(iins=[person.iin], trigger="test")


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("coverage:for_me"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert response["Location"].endswith("next=" + reverse("coverage:for_me"))


@pytest.mark.django_db
def test_staff_without_a_person_gets_404(client, staff_member):
    client.force_login(staff_member)
    assert client.get(reverse("coverage:for_me")).status_code == 404


@pytest.mark.django_db
def test_insured_citizen_gets_osms_sections(client, citizen, in_2024):
    insure(citizen.person)
    text = for_me(client, citizen)
    found = states(text)
    osms = Package.objects.get(code="osms", version="2024")
    tmkkk = Package.objects.get(code="tmkkk", version="2024")
    assert {f"osms/{s.code}" for s in osms.sections.all()} | {f"tmkkk/{s.code}" for s in tmkkk.sections.all()} == set(
        found
    )  # every section of both packages in force
    assert all(state == "available" for state in found.values())
    assert "You are insured, so the OSMS package is yours." in section(text, "osms/inpatient_planned")
    assert "Some of this care needs a referral from your doctor." in section(text, "osms/outpatient_specialised")
    assert "GOBMP is free for your residency category" in section(text, "tmkkk/emergency")
    assert "Pay for the months listed" not in text


@pytest.mark.django_db
def test_uninsured_citizen_gets_tmkkk_but_not_osms_and_the_step(client, citizen, in_2024):
    pay_self(citizen.person, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    status_recompute(iins=[citizen.person.iin], trigger="test")
    text = for_me(client, citizen)
    found = states(text)
    assert {k: v for k, v in found.items() if k.startswith("osms/")} and all(
        v == "unavailable" for k, v in found.items() if k.startswith("osms/")
    )
    assert all(v == "available" for k, v in found.items() if k.startswith("tmkkk/"))
    card = section(text, "osms/day_hospital")
    assert "Not available" in card
    assert "OSMS care is for insured people only, and you are not insured today." in card
    assert "Pay for the months listed on your status page to regain OSMS." in card
    assert f'href="{reverse("payments:my_status")}"' in card


@pytest.mark.django_db
def test_stored_status_is_read_before_the_live_one(client, citizen, in_2024):
    status_recompute(iins=[citizen.person.iin], trigger="test")  # stored: not insured
    insure(citizen.person, recompute=False)  # the payments arrive; no recompute yet
    found = states(for_me(client, citizen))
    assert found["osms/rehabilitation"] == "unavailable"


@pytest.mark.django_db
def test_without_a_stored_status_the_live_status_answers(client, citizen, in_2024):
    insure(citizen.person, recompute=False)
    found = states(for_me(client, citizen))
    assert found["osms/rehabilitation"] == "available"


@pytest.mark.django_db
@pytest.mark.parametrize("residency", ["temporary_foreigner", "asylum_seeker"])
def test_temporary_residents_get_tmkkk_limited(client, citizen, in_2024, residency):
    citizen.person.residency = residency
    citizen.person.save()
    text = for_me(client, citizen)
    found = states(text)
    tmkkk = {k: v for k, v in found.items() if k.startswith("tmkkk/")}
    assert len(tmkkk) == 11 and set(tmkkk.values()) == {"limited"}
    card = section(text, "tmkkk/inpatient")
    assert "Limited" in card
    assert "For your residency category, GOBMP covers only diseases dangerous to others." in card
    assert "call 1414 so that your residency category is updated" in card
    assert found["osms/rehabilitation"] == "unavailable"  # and, uninsured, no OSMS


@pytest.mark.django_db
def test_insured_temporary_foreigner_gets_osms(client, citizen, in_2024):
    citizen.person.residency = "temporary_foreigner"
    citizen.person.save()
    insure(citizen.person)
    found = states(for_me(client, citizen))
    assert found["osms/rehabilitation"] == "available" and found["tmkkk/rehabilitation"] == "limited"


@pytest.mark.django_db
def test_in_2026_the_unified_parts_and_the_note_on_sources(client, citizen, time_machine):
    time_machine.move_to("2026-03-10 12:00+05:00")
    text = for_me(client, citizen)
    found = states(text)
    assert found == {
        "unified_base/outpatient_specialised": "available",
        "unified_insurance/outpatient_specialised": "unavailable",
    }
    assert "Our sources list only what changes." in text


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_for_me_renders_in_every_language(client, citizen, in_2024, language):
    text = for_me(client, citizen, language=language)
    assert f'<html lang="{language}">' in text
    osms = Package.objects.get(code="osms", version="2024")
    assert getattr(osms, f"name_{language}") in text
    assert getattr(osms.sections.get(code="posthumous_donor"), f"name_{language}") in text
