"""The public status check and appeal tracking resist enumeration.

A sweep of 1,000 IINs (and of 1,000 appeal numbers) is stopped, whether it comes from one client address, from
many addresses of one network, or from many networks: we count how many answers got through and assert a small
bound (the client's limit, the network's, or the budget shared by everyone). And the answers that would tell a
sweeper something are byte-identical: an unknown IIN and a known one that is not insured; an unknown appeal
number and a known one with a wrong access code (apart from the CSRF token).
"""

import re
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts import iin as iin_rules
from accounts import throttle
from accounts.models import Person
from appeals import numbers
from appeals import services as appeal_services
from appeals.models import Appeal
from payments.models import PersonStatus

pytestmark = pytest.mark.django_db

SWEEP = 1_000
NOW = "2026-03-02 10:00:05+05:00"
CHECK_CLIENT_MINUTE = 10  # payments.views.CHECK_LIMITS
FOLLOW_CLIENT_MINUTE = 10  # appeals.views.FOLLOW_CLIENT_LIMITS
API_FOLLOW_CLIENT_MINUTE = 30  # appeals.api.FOLLOW_CLIENT_LIMIT
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def frozen_and_empty():
    """One fixed minute (windows do not roll over mid-sweep), counters from zero."""
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    cache.clear()


def iins(count: int) -> list[str]:
    """`count` different, valid adult IINs (the kind a sweeper would generate)."""
    return [iin_rules.compose(date(1980 + n % 20, 1 + n % 12, 1 + n % 28), "MF"[n % 2], 100 + n) for n in range(count)]


def appeal_numbers(count: int) -> list[str]:
    return [numbers.make(2026, serial) for serial in range(1, count + 1)]


def many_networks(n: int) -> str:
    """The n-th of many client addresses, each in a different /24 network."""
    return f"10.{n // 250}.{n % 250}.9"


# --- the status check -------------------------------------------------------------------------------------------


def web_check(client, iin: str, address: str) -> bool:
    """True when the web form answered (insured or not), False when it refused."""
    response = client.post(reverse("payments:status_check"), {"iin": iin}, REMOTE_ADDR=address)
    assert response.status_code in (200, 429)
    return response.status_code == 200


def api_check(client, iin: str, address: str) -> bool:
    response = client.get(reverse("v1:status-check", args=[iin]), REMOTE_ADDR=address)
    assert response.status_code in (200, 429)
    return response.status_code == 200


@pytest.mark.parametrize("check", [web_check, api_check], ids=["web", "api"])
def test_a_sweep_of_1000_iins_from_one_client_is_stopped(client, check):
    answered = sum(check(client, iin, "203.0.113.5") for iin in iins(SWEEP))
    assert answered == CHECK_CLIENT_MINUTE


@pytest.mark.parametrize("check", [web_check, api_check], ids=["web", "api"])
def test_a_sweep_of_1000_iins_from_one_network_is_stopped(client, check):
    answered = sum(check(client, iin, f"203.0.113.{n % 250 + 1}") for n, iin in enumerate(iins(SWEEP)))
    assert answered == settings.PUBLIC_LOOKUPS_PER_NETWORK_MINUTE


@pytest.mark.parametrize("check", [web_check, api_check], ids=["web", "api"])
def test_a_sweep_of_1000_iins_from_1000_networks_is_stopped(client, check):
    answered = sum(check(client, iin, many_networks(n)) for n, iin in enumerate(iins(SWEEP)))
    assert answered == settings.PUBLIC_LOOKUPS_PER_MINUTE <= 60


def test_web_and_api_checks_count_together(client):
    sweep = iins(SWEEP)
    answered = sum(web_check(client, iin, many_networks(n)) for n, iin in enumerate(sweep[:500]))
    answered += sum(api_check(client, iin, many_networks(500 + n)) for n, iin in enumerate(sweep[500:]))
    assert answered == settings.PUBLIC_LOOKUPS_PER_MINUTE


def test_the_budget_comes_back_the_next_minute_and_is_capped_per_hour(client):
    sweep, answered = iins(1_750), 0
    for minute in range(25):  # 70 a minute: 60 answered each minute, until the hour's 1,000 are used up
        with time_machine.travel(f"2026-03-02 11:{minute:02d}:05+05:00", tick=False):
            batch = sweep[minute * 70 : (minute + 1) * 70]
            answered += sum(api_check(client, iin, many_networks(n)) for n, iin in enumerate(batch))
    assert answered == settings.PUBLIC_LOOKUPS_PER_HOUR <= 1000


def test_one_iin_asked_from_many_clients_is_stopped(client):
    target = iins(1)[0]
    answered = sum(api_check(client, target, many_networks(n)) for n in range(100))
    assert answered == 5  # payments.views.CHECK_IIN_LIMIT


def test_a_client_over_its_own_limit_does_not_use_up_the_shared_budget(client):
    sweep = iins(SWEEP)
    for iin in sweep[:500]:  # one greedy client: refused after its ten
        api_check(client, iin, "198.51.100.7")
    answered = sum(api_check(client, iin, many_networks(n)) for n, iin in enumerate(sweep[500:560]))
    assert answered == settings.PUBLIC_LOOKUPS_PER_MINUTE - CHECK_CLIENT_MINUTE


def _insured_page(client, iin: str) -> tuple[int, bytes]:
    response = client.post(reverse("payments:status_check"), {"iin": iin}, REMOTE_ADDR="192.0.2.10")
    return response.status_code, CSRF.sub(b"", response.content)


def test_an_unknown_iin_and_a_known_uninsured_one_get_identical_answers(client):
    number = iins(1)[0]
    person = Person.from_iin(number, last_name="Омарова", first_name="Сәуле")
    person.save()
    PersonStatus.objects.create(person=person, insured=False, basis="", computed_at=timezone.now())
    known_web = _insured_page(client, number)
    known_api = client.get(reverse("v1:status-check", args=[number]), REMOTE_ADDR="192.0.2.11")
    Person.objects.filter(pk=number).delete()
    cache.clear()
    unknown_web = _insured_page(client, number)
    unknown_api = client.get(reverse("v1:status-check", args=[number]), REMOTE_ADDR="192.0.2.11")
    assert known_web == unknown_web and known_web[0] == 200
    assert (known_api.status_code, known_api.content) == (unknown_api.status_code, unknown_api.content)
    assert known_api.json() == {"insured": False}


# --- appeal tracking --------------------------------------------------------------------------------------------


def web_follow(client, number: str, address: str, code: str = "ABCDE-FGHJK") -> bool:
    """True when the server checked the code (the attempt got through), False when it refused to."""
    response = client.post(reverse("appeals:follow"), {"number": number, "code": code}, REMOTE_ADDR=address)
    assert response.status_code in (200, 302, 429)
    return response.status_code != 429


def api_follow(client, number: str, address: str, code: str = "ABCDE-FGHJK") -> bool:
    response = client.get(reverse("v1:appeal", args=[number]), HTTP_X_ACCESS_CODE=code, REMOTE_ADDR=address)
    assert response.status_code in (200, 404, 429)
    return response.status_code != 429


@pytest.mark.parametrize(
    ("follow", "limit"), [(web_follow, FOLLOW_CLIENT_MINUTE), (api_follow, API_FOLLOW_CLIENT_MINUTE)]
)
def test_a_sweep_of_1000_appeal_numbers_from_one_client_is_stopped(client, follow, limit):
    answered = sum(follow(client, number, "203.0.113.5") for number in appeal_numbers(SWEEP))
    assert answered == limit


@pytest.mark.parametrize("follow", [web_follow, api_follow], ids=["web", "api"])
def test_a_sweep_of_1000_appeal_numbers_from_1000_networks_is_stopped(client, follow):
    answered = sum(follow(client, number, many_networks(n)) for n, number in enumerate(appeal_numbers(SWEEP)))
    assert answered == settings.PUBLIC_LOOKUPS_PER_MINUTE


def test_codes_for_one_appeal_tried_from_many_networks_are_stopped(client):
    target = appeal_numbers(1)[0]
    answered = sum(web_follow(client, target, many_networks(n), code=f"AAAAA-{n:05d}") for n in range(200))
    assert answered == 20  # appeals.views.FOLLOW_NUMBER_LIMIT


@pytest.fixture
def appeal():
    filed = appeal_services.appeal_submit(
        kind="care_refused",
        region="astana",
        organisation_name="Емхана №5",
        event_date=timezone.localdate(),
        description="Отказали в приёме.",
        name="Мұратов Ерболат",
        iin=iins(1)[0],
        email="erbolat@example.kz",
    )
    return filed.appeal


def test_an_unknown_number_and_a_wrong_code_get_identical_pages(client, appeal):
    def follow_page():
        data = {"number": appeal.number, "code": "WRONG-CODE1"}
        response = client.post(reverse("appeals:follow"), data, REMOTE_ADDR="192.0.2.20")
        return response.status_code, CSRF.sub(b"", response.content)

    def detail_page():
        response = client.get(reverse("appeals:detail", args=[appeal.number]))
        return response.status_code, response.get("Location")

    wrong_code, anonymous_detail = follow_page(), detail_page()
    Appeal.objects.filter(pk=appeal.pk).delete()
    cache.clear()
    unknown, unknown_detail = follow_page(), detail_page()
    assert wrong_code == unknown and wrong_code[0] == 200
    assert anonymous_detail == unknown_detail


def test_an_unknown_number_and_a_wrong_or_missing_code_get_identical_api_answers(client, appeal, outsider):
    url = reverse("v1:appeal", args=[appeal.number])

    def answers():
        wrong = client.get(url, HTTP_X_ACCESS_CODE="WRONG-CODE1", REMOTE_ADDR="192.0.2.21")
        missing = client.get(url, REMOTE_ADDR="192.0.2.21")
        client.force_login(outsider)
        other_citizen = client.get(url, REMOTE_ADDR="192.0.2.21")
        client.logout()
        return [(r.status_code, r["Content-Type"], r.content) for r in (wrong, missing, other_citizen)]

    known = answers()
    Appeal.objects.filter(pk=appeal.pk).delete()
    cache.clear()
    unknown = answers()
    assert known == unknown and {a[0] for a in known} == {404}
    assert known[0] == known[1] == known[2]


def test_client_address_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4")
    assert throttle.client_address(request) == "10.0.0.2"  # no proxy trusted: the header is the client's to forge
    settings.TRUSTED_PROXIES = 1
    assert throttle.client_address(request) == "198.51.100.4"  # what our proxy saw, not what the client wrote
    settings.TRUSTED_PROXIES = 3
    assert throttle.client_address(request) == "10.0.0.2"  # fewer hops than proxies: do not trust it
    assert throttle.network_of("198.51.100.4") == "198.51.100.0/24"
    assert throttle.network_of("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
