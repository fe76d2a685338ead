"""Reviews and ratings: the Bayesian maths, who may review, how often, moderation, and where ratings are shown."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from appeals import ratings, services
from appeals.models import Review
from appeals.services import Refused

ALMATY = ZoneInfo("Asia/Almaty")


# --- the maths (no database) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        ([5], Decimal("3.33")),
        ([1], Decimal("2.67")),
        ([5] * 10, Decimal("4.33")),
        ([3] * 7, Decimal("3.00")),
        ([4, 5] * 100, Decimal("4.46")),  # (15 + 900) / 205
    ],
)
def test_bayesian_average(scores, expected):
    assert ratings.bayesian(sum(scores), len(scores)) == expected


def test_one_five_star_review_does_not_top_many_good_ones():
    one_perfect = ratings.bayesian(5, 1)
    many_good = ratings.bayesian(48 * 4 + 2 * 5, 50)  # 50 reviews averaging 4.04
    assert one_perfect < many_good


def test_bad_counts_are_refused():
    with pytest.raises(ValueError):
        ratings.bayesian(-1, 1)


@pytest.mark.parametrize(
    ("last", "next_day"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 12, 1), date(2028, 6, 1)),
    ],
)
def test_next_review_is_six_months_later(last, next_day):
    assert ratings.next_review_on(last) == next_day


# --- services and pages --------------------------------------------------------------------------------------


@pytest.fixture
def insured_citizen(citizen, insure):
    insure(citizen.person)
    return citizen


@pytest.mark.django_db
def test_insured_people_review_once_per_six_months_and_edit(insured_citizen, organisation):
    person = insured_citizen.person
    with time_machine.travel(datetime(2026, 1, 15, 12, tzinfo=ALMATY), tick=False):
        review = services.review_submit(person=person, organisation=organisation, score=5, comment="Хорошо")
        with pytest.raises(Refused, match="review_too_soon"):
            services.review_submit(person=person, organisation=organisation, score=1)
        services.review_edit(review=review, person=person, score=4, comment="Неплохо")
    organisation.refresh_from_db()
    assert (organisation.rating, organisation.review_count) == (ratings.bayesian(4, 1), 1)
    with time_machine.travel(datetime(2026, 7, 15, 12, tzinfo=ALMATY), tick=False):
        services.review_submit(person=person, organisation=organisation, score=2)
    organisation.refresh_from_db()
    assert (organisation.rating, organisation.review_count) == (ratings.bayesian(6, 2), 2)


@pytest.mark.django_db
def test_not_insured_people_cannot_review(citizen, insure, organisation):
    with pytest.raises(Refused, match="review_not_insured"):
        services.review_submit(person=citizen.person, organisation=organisation, score=5)
    insure(citizen.person, insured=False)
    with pytest.raises(Refused, match="review_not_insured"):
        services.review_submit(person=citizen.person, organisation=organisation, score=5)
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_someone_else_s_review_cannot_be_edited(insured_citizen, outsider, organisation):
    review = services.review_submit(person=insured_citizen.person, organisation=organisation, score=5)
    with pytest.raises(Refused, match="review_not_yours"):
        services.review_edit(review=review, person=outsider.person, score=1)


@pytest.mark.django_db
def test_moderation_hides_the_text_with_a_reason_and_keeps_the_score(insured_citizen, organisation, officer):
    review = services.review_submit(
        person=insured_citizen.person, organisation=organisation, score=1, comment="Грубо!!!"
    )
    with pytest.raises(Refused, match="reason_required"):
        services.review_moderate(review=review, hidden=True, reason="", by=officer)
    services.review_moderate(review=review, hidden=True, reason="Оскорбления", by=officer)
    organisation.refresh_from_db()
    assert organisation.rating == ratings.bayesian(1, 1)


@pytest.mark.django_db
def test_the_review_page_publishes_and_edits(english, insured_citizen, organisation):
    url = reverse("appeals:reviews", args=[organisation.bin])
    english.force_login(insured_citizen)
    assert "Write a review" in english.get(url).content.decode()
    english.post(url, {"score": "5", "comment": "Внимательные врачи"})
    page = english.get(url).content.decode()
    assert "Edit your review" in page and "Внимательные врачи" in page
    english.post(url, {"score": "3", "comment": "Очереди"})
    assert Review.objects.get().score == 3


@pytest.mark.django_db
def test_the_review_page_explains_who_may_review(english, citizen, organisation):
    url = reverse("appeals:reviews", args=[organisation.bin])
    assert "Sign in" in english.get(url).content.decode()
    assert english.post(url, {"score": "5"}).status_code == 302  # to the sign-in page
    english.force_login(citizen)
    assert "your insurance status is not active" in english.get(url).content.decode()
    response = english.post(url, {"score": "5"})
    assert response.status_code == 400 and not Review.objects.exists()


@pytest.mark.django_db
def test_hidden_texts_are_not_published(client, insured_citizen, organisation, officer):
    review = services.review_submit(
        person=insured_citizen.person, organisation=organisation, score=1, comment="ГРУБОСТЬ"
    )
    services.review_moderate(review=review, hidden=True, reason="Оскорбления", by=officer)
    client.logout()
    assert "ГРУБОСТЬ" not in client.get(reverse("appeals:reviews", args=[organisation.bin])).content.decode()


@pytest.mark.django_db
def test_ratings_and_counts_are_published_on_the_directory(english, insured_citizen, organisation, file_appeal):
    services.review_submit(person=insured_citizen.person, organisation=organisation, score=5)
    file_appeal()
    listing = english.get(reverse("organisations:list")).content.decode()
    assert "3.3 of 5" in listing and "1 review" in listing and "1 appeal about it" in listing
    detail = english.get(reverse("organisations:detail", args=[organisation.bin])).content.decode()
    assert "3.3 of 5" in detail and reverse("appeals:reviews", args=[organisation.bin]) in detail


@pytest.mark.django_db
def test_ranking_by_region_puts_many_good_reviews_above_one_perfect(english, make_organisation, make_citizen, insure):
    popular = make_organisation(2, name="Популярная", region="astana")
    lucky = make_organisation(3, name="Одна пятёрка", region="astana")
    elsewhere = make_organisation(4, name="Шымкентская", region="shymkent")
    people = [make_citizen(10 + n).person for n in range(8)]
    for person in people:
        insure(person)
        services.review_submit(person=person, organisation=popular, score=5 if person.pk[-1] in "02468" else 4)
    services.review_submit(person=people[0], organisation=lucky, score=5)
    services.review_submit(person=people[1], organisation=elsewhere, score=2)
    page = english.get(reverse("appeals:ranking"), {"region": "astana"})
    rows = [org.name for org in page.context["page"].object_list]
    assert rows == ["Популярная", "Одна пятёрка"]
    everyone = english.get(reverse("appeals:ranking")).context["page"].object_list
    assert [org.name for org in everyone][-1] == "Шымкентская"
    assert english.get(reverse("appeals:ranking"), {"region": "atlantis"}).status_code == 200


def test_next_review_day_is_never_before_the_last(now=date(2026, 1, 31)):
    assert ratings.next_review_on(now) - now >= timedelta(days=180)
