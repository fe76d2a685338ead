from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from payments.models import Payment
from payments.services.recompute import status_recompute

from .factories import months, pay_self

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_status_page_needs_sign_in(client):
    response = client.get(reverse("payments:my_status"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_not_insured_citizen_sees_the_gap_months_and_amounts(client, citizen, time_machine):
    translation.activate("en")  # the pages under this language's URL prefix
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(citizen.person, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    status_recompute(iins=[citizen.username], trigger="test")
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    assert "You are not insured" in page
    assert "Months without contributions" in page and "March 2024" in page and "4,250.00" in page
    assert page.count('class="tile ') == 12


def test_insured_citizen_sees_basis_and_lapse_date(client, citizen, time_machine):
    translation.activate("en")  # the pages under this language's URL prefix
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    assert "You are insured" in page and "25 November 2024" in page


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_basis_sentence_ends_without_a_space_before_its_full_stop(client, citizen, time_machine, language):
    import re

    translation.activate(language)  # the pages under this language's URL prefix
    time_machine.move_to("2024-11-10 12:00+05:00")
    pay_self(citizen.person, months("2023-10", "2024-09"))
    status_recompute(iins=[citizen.username], trigger="test")
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    sentence = re.search(r'<p class="mb-1">([^<]*)</p>', page)[1]
    assert sentence.endswith(".") and not re.search(r"\s\.$", sentence), sentence


def test_new_account_without_a_stored_status_is_answered_live(client, citizen):
    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    page = client.get(reverse("payments:my_status")).content.decode()
    assert "No contributions have been received for you" in page


def test_payments_page_shows_only_own_payments_filtered_by_year(client, citizen, outsider):
    pay_self(citizen.person, months("2023-11", "2024-02"))
    pay_self(outsider.person, months("2024-01", "2024-01"), amount="9999")
    client.force_login(citizen)
    page = client.get(reverse("payments:my_payments"), {"year": "2024"}).content.decode()
    assert page.count("4,250.00") == 2 and "9,999.00" not in page
    assert client.get(reverse("payments:my_payments"), {"year": "abc"}).status_code == 200


def test_staff_without_a_person_gets_404_on_citizen_pages(client, staff_member):
    client.force_login(staff_member)
    assert client.get(reverse("payments:my_status")).status_code == 404


def test_public_check_says_only_insured_or_not(client, citizen):
    translation.activate("en")  # the pages under this language's URL prefix
    pay_self(citizen.person, months("2020-01", "2030-12"), received=date(2020, 1, 1))
    status_recompute(iins=[citizen.username], trigger="test")
    page = client.post(reverse("payments:status_check"), {"iin": citizen.username})
    text = page.content.decode()
    assert ">Insured<" in text and citizen.person.last_name not in text and "4,250" not in text


def test_public_check_unknown_iin_answers_like_not_insured(client):
    from accounts import iin

    response = client.post(reverse("payments:status_check"), {"iin": iin.compose(date(1980, 1, 1), "M", 3)})
    assert response.status_code == 200 and response.context["answer"] is False
    assert not Payment.objects.exists()


def test_public_check_rejects_a_bad_iin_with_a_message(client):
    translation.activate("ru")  # the pages under this language's URL prefix
    response = client.post(reverse("payments:status_check"), {"iin": "123"})
    assert "12 цифр" in response.content.decode()


def test_public_check_is_limited_per_client(client, time_machine):
    time_machine.move_to("2026-03-02 10:00:05+05:00", tick=False)  # one rate-limit window for the whole test
    from accounts import iin

    codes = [
        client.post(reverse("payments:status_check"), {"iin": iin.compose(date(1980, 1, 1), "M", n)}).status_code
        for n in range(15)
    ]
    assert codes[:10] == [200] * 10 and codes[10:] == [429] * 5


def test_public_check_is_limited_per_iin_across_clients(client, time_machine):
    time_machine.move_to("2026-03-02 10:00:05+05:00", tick=False)
    from accounts import iin

    number = iin.compose(date(1980, 1, 1), "M", 1)
    codes = [
        client.post(reverse("payments:status_check"), {"iin": number}, REMOTE_ADDR=f"10.0.0.{n}").status_code
        for n in range(8)
    ]
    assert codes == [200] * 5 + [429] * 3


def test_home_page_has_the_status_check_box(client):
    page = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("payments:status_check")}"' in page and 'name="iin"' in page


@pytest.mark.parametrize("value", [None, "", "12", '<"x>', "900101300123"])
def test_the_check_forms_written_out_input_is_what_its_widget_renders(client, value):
    """_status_check_form.html writes the IIN input out by hand: it must stay what {{ field }} would render,
    blank, valid, invalid or hostile, on the page and on the home page."""
    import re

    from payments.forms import StatusCheckForm

    form = StatusCheckForm(None if value is None else {"iin": value})
    form.is_valid()
    if value is None:
        page = client.get(reverse("payments:status_check")).content.decode()
    else:
        page = client.post(reverse("payments:status_check"), {"iin": value}).content.decode()
    assert re.search(r'<input type="text" name="iin"[^>]*>', page)[0] == str(form["iin"])
    if value is None:
        home = client.get(reverse("home")).content.decode()
        assert re.search(r'<input type="text" name="iin"[^>]*>', home)[0] == str(form["iin"])


def test_the_status_page_says_when_the_latest_register_arrived(client, citizen, time_machine):
    """A process keeps the latest register's arrival for a minute; one saved in this process is shown at once."""
    from payments.models import Register

    translation.activate("en")  # the pages under this language's URL prefix
    client.force_login(citizen)
    time_machine.move_to("2026-03-02 10:00+05:00")
    Register.objects.create(name="march.csv")
    assert "The latest payment register arrived on 2 March 2026." in client.get(reverse("payments:my_status")).text
    time_machine.move_to("2026-03-05 10:00+05:00")
    Register.objects.create(name="later.csv")
    client.force_login(citizen)  # the idle session ended meanwhile
    assert "The latest payment register arrived on 5 March 2026." in client.get(reverse("payments:my_status")).text


@pytest.fixture
def kept_fragments(settings):
    """The production setting: the status page's parts kept in the process's memory by what they show."""
    from django.core.cache import caches

    fragments = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kept-fragments-test"}
    settings.CACHES = {**settings.CACHES, "fragments": fragments}
    caches["fragments"].clear()
    yield caches["fragments"]
    caches["fragments"].clear()


def test_the_kept_parts_of_the_status_page_follow_what_they_show(client, make_citizen, time_machine, kept_fragments):
    """Reasons and month strip are kept by their content and language: citizens with other payments, another
    language, or a payment that arrived since, never see a part rendered for something else."""

    time_machine.move_to("2024-11-10 12:00+05:00")
    gap, other_gap, paid = make_citizen(1), make_citizen(2), make_citizen(3)
    pay_self(gap.person, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    pay_self(other_gap.person, [m for m in months("2023-10", "2024-09") if m != "2024-05"])
    pay_self(paid.person, months("2023-10", "2024-09"))
    status_recompute(iins=[gap.username, other_gap.username, paid.username], trigger="test")

    def strip_and_reasons(user, language="en") -> tuple[str, str]:
        visitor = type(client)()
        translation.activate(language)  # the pages under this language's URL prefix
        visitor.force_login(user)
        page = visitor.get(reverse("payments:my_status")).content.decode()
        strip = page[page.index('<ol class="month-strip') : page.index("</ol>")]
        return strip, page[page.index('<h2 id="status-now"') : page.index('<section aria-labelledby="strip"')]

    strip, reasons = strip_and_reasons(gap)
    assert "Mar 2024</span>" in strip and strip.count("not paid") == 1 and "Months without contributions" in reasons
    with mock.patch("plumbing.kept_parts.render_to_string", side_effect=AssertionError("rendered again")):
        assert strip_and_reasons(gap) == (strip, reasons)  # both parts kept, as rendered

    strip, reasons = strip_and_reasons(other_gap)
    assert "May 2024" in reasons and "March 2024" not in reasons and strip.count("not paid") == 1
    strip, reasons = strip_and_reasons(paid)
    assert "not paid" not in strip and "Months without contributions" not in reasons

    with translation.override("ru"):
        not_paid, gap_title = translation.gettext("not paid"), translation.gettext("Months without contributions")
    strip, reasons = strip_and_reasons(gap, "ru")
    assert strip.count(not_paid) == 1 and "not paid" not in strip and gap_title in reasons

    pay_self(gap.person, ["2024-03"], received=date(2024, 11, 10))
    status_recompute(iins=[gap.username], trigger="test")
    strip, reasons = strip_and_reasons(gap)
    assert "not paid" not in strip and "Months without contributions" not in reasons


def test_the_kept_parts_show_nothing_personal(client, make_citizen, time_machine, kept_fragments):
    """Two citizens with the same payments share the reasons and the strip, rendered once: neither part may show
    anything of the citizen (name, IIN), or the second would see the first's. A part sees only what the page passes
    to it; passing it a personal value makes this test fail."""
    time_machine.move_to("2024-11-10 12:00+05:00")
    first = make_citizen(1, last_name="Ахметова", first_name="Айгерим")
    second = make_citizen(2, last_name="Серікбаев", first_name="Данияр")
    for citizen in (first, second):
        pay_self(citizen.person, [m for m in months("2023-10", "2024-09") if m != "2024-03"])
    status_recompute(iins=[first.username, second.username], trigger="test")

    def parts(user) -> str:
        visitor = type(client)()
        visitor.force_login(user)
        page = visitor.get(reverse("payments:my_status")).content.decode()
        return page[page.index('<section aria-labelledby="why"') : page.index('<p class="text-body-secondary small">')]

    shown = parts(first)
    with mock.patch("plumbing.kept_parts.render_to_string", side_effect=AssertionError("rendered again")):
        assert parts(second) == shown  # shared, not rendered again
    for user in (first, second):
        for personal in (user.first_name, user.person.last_name, user.username, user.email):
            assert personal not in shown
