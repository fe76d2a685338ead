"""Per-organisation limits per minute and per day, in fixed windows. The clock is frozen (tick=False) so that a
minute window cannot straddle while a test runs."""

from datetime import timedelta

import pytest
import time_machine
from django.core.checks import Error
from django.urls import reverse

from accounts.models import AccessRecord
from providers.checks import lookup_limits
from providers.models import ProviderLookup, ProviderOrganisation
from providers.tests.conftest import MAY_10, adult_iin

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.PROVIDER_LOOKUPS_PER_MINUTE = 3
    settings.PROVIDER_LOOKUPS_PER_DAY = 5


def look_up(client, serial: int):
    return client.post(reverse("providers:front_desk"), {"iin": adult_iin(serial), "reason": "visit"})


def test_the_minute_limit_stops_the_next_lookup_with_a_clear_message(limits, english, provider):
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):  # 10:00:05, so 55 seconds are left in the minute
        assert [look_up(english, n).status_code for n in range(3)] == [200, 200, 200]
        refused = look_up(english, 3)
    assert refused.status_code == 429
    assert "made 3 look-ups this minute" in refused.content.decode()
    assert "wait 55 seconds" in refused.content.decode()
    assert ProviderLookup.objects.count() == 3
    refusal = AccessRecord.objects.get(action="provider.status_lookup_refused")
    assert refusal.subject_iin == adult_iin(3) and "minute" in refusal.object


def test_the_next_minute_allows_again_until_the_day_is_used_up(limits, english, provider):
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False) as clock:
        assert [look_up(english, n).status_code for n in range(4)] == [200, 200, 200, 429]
        clock.shift(timedelta(minutes=1))
        assert [look_up(english, n).status_code for n in range(4, 6)] == [200, 200]
        refused = look_up(english, 6)
        assert refused.status_code == 429
        page = refused.content.decode()
        clock.shift(timedelta(minutes=5))
        assert look_up(english, 8).status_code == 429  # the day's five are used, whatever the minute
    assert "made 5 look-ups today" in page and "resume at 05:00" in page  # the window's day starts 00:00 UTC
    assert ProviderLookup.objects.count() == 5


def test_limits_are_per_organisation(limits, english, provider, rival):
    with time_machine.travel(MAY_10, tick=False):
        english.force_login(provider)
        assert [look_up(english, n).status_code for n in range(4)] == [200, 200, 200, 429]
        english.force_login(rival)
        assert look_up(english, 10).status_code == 200


def test_an_organisation_may_have_its_own_limits(limits, english, provider, clinic):
    ProviderOrganisation.objects.filter(organisation=clinic).update(lookups_per_minute=1)
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        assert [look_up(english, n).status_code for n in range(2)] == [200, 429]


def test_invalid_input_does_not_use_the_limit(limits, english, provider):
    english.force_login(provider)
    with time_machine.travel(MAY_10, tick=False):
        for _ in range(5):
            english.post(reverse("providers:front_desk"), {"iin": "123", "reason": "visit"})
        assert look_up(english, 1).status_code == 200


def test_bad_limit_settings_stop_start_up(settings):
    settings.PROVIDER_LOOKUPS_PER_MINUTE = 0
    assert [e.id for e in lookup_limits(None)] == ["providers.E001"]
    settings.PROVIDER_LOOKUPS_PER_MINUTE = 50
    settings.PROVIDER_LOOKUPS_PER_DAY = 10
    errors = lookup_limits(None)
    assert len(errors) == 1 and isinstance(errors[0], Error) and errors[0].id == "providers.E002"
    settings.PROVIDER_LOOKUPS_PER_DAY = 2000
    assert lookup_limits(None) == []
