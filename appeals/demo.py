"""Demo appeals in every interesting state, and reviews that make a ranking. Running it twice changes nothing.

Everything is written through the services (so numbers, codes, steps and ratings are real); the demo's
letters are not sent, and the appeals are then moved back in time so that the queue shows an overdue one.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from accounts import iin as iin_rules
from accounts.models import Person, User
from coverage.models import MedicalOrganisation

from . import access, deadlines, selectors, services
from .models import Appeal, Event, Reply

_QUIET = "django.core.mail.backends.dummy.EmailBackend"  # the demo's letters would only fill the console
ANONYMOUS_IIN = iin_rules.compose(date(1985, 3, 14), "M", 77)


def _token(n: int) -> str:
    return f"demo-appeal-{n}"


def load() -> int:
    """File the demo appeals and reviews once; returns how many appeals were filed (0 the second time)."""
    if Appeal.objects.filter(submission_key=access.token_key(_token(1))).exists():
        return 0
    officer = User.objects.filter(username="officer").first()
    citizens = list(User.objects.filter(person__isnull=False, is_staff=False).order_by("pk")[:2])
    organisations = list(MedicalOrganisation.objects.filter(active=True).order_by("bin")[:6])
    if officer is None or len(citizens) < 2 or len(organisations) < 6:
        return 0
    with override_settings(EMAIL_BACKEND=_QUIET), transaction.atomic():
        filed = _appeals(officer, citizens, organisations)
        _reviews(organisations)
    return filed


def _file(n: int, **fields) -> Appeal:
    fields.setdefault("region", (fields.get("organisation") or MedicalOrganisation(region="astana")).region)
    return services.appeal_submit(token=_token(n), language="ru", **fields).appeal


def _appeals(officer: User, citizens: list[User], orgs: list[MedicalOrganisation]) -> int:
    aigerim, erlan = citizens
    anonymous = {"name": "Мұратов Ерболат", "iin": ANONYMOUS_IIN, "phone": "+77011234567"}

    def steps(appeal: Appeal, *names: str, text: str = "") -> Appeal:
        for name in names:
            if name == "assign":
                appeal = services.appeal_assign(appeal=appeal, officer=officer, by=officer)
            else:
                reason = text if name in ("answer", "forward", "reject") else ""
                appeal = services.appeal_transition(appeal=appeal, name=name, by=officer, reason=reason)
        return appeal

    today = timezone.localdate()
    _file(
        1,
        user=aigerim,
        kind="care_refused",
        organisation=orgs[0],
        event_date=today - timedelta(days=2),
        description="В поликлинике отказали в записи к терапевту: сказали, что я не прикреплена, "
        "хотя прикрепление есть в приложении.",
    )
    waiting = _file(
        2,
        kind="quality",
        organisation=orgs[1],
        event_date=today - timedelta(days=30),
        description="Дежурный врач не осмотрел ребёнка с температурой 39, отправил домой.",
        **anonymous,
    )
    steps(waiting, "assign", "start_review", "ask_organisation")
    answered = _file(
        3,
        user=aigerim,
        kind="medicines",
        organisation=orgs[2],
        event_date=today - timedelta(days=12),
        description="В аптеке по рецепту на бесплатные лекарства сказали, что препарата нет.",
    )
    steps(answered, "assign", "start_review")
    answered = steps(
        answered,
        "answer",
        text="Препарат поступил в аптеку 12-го числа; поликлиника вас оповестит. "
        "Поставщику направлено требование о сроках поставки.",
    )
    services.appeal_rate(appeal=answered, satisfied=False, comment="Лекарство так и не выдали.")
    extended = _file(
        4,
        user=erlan,
        kind="insurance_status",
        event_date=today - timedelta(days=20),
        description="Работодатель платил взносы, а статус «не застрахован».",
    )
    steps(extended, "assign", "start_review")
    services.appeal_extend(
        appeal=extended,
        until=deadlines.latest_extension(today),
        by=officer,
        reason="Запрошены сведения у работодателя и Госкорпорации.",
    )
    forwarded = _file(
        5,
        kind="payments",
        event_date=today - timedelta(days=40),
        email="demo.payer@example.kz",
        description="Ошибочно оплатил взносы дважды, прошу вернуть.",
        **{**anonymous, "phone": ""},
    )
    steps(forwarded, "forward", text="Госкорпорация «Правительство для граждан»: возврат ошибочных платежей.")
    thanks = _file(
        6,
        user=erlan,
        kind="gratitude",
        organisation=orgs[0],
        event_date=today - timedelta(days=10),
        description="Благодарю хирурга отделения за внимательное отношение.",
    )
    steps(thanks, "assign", "start_review", "answer", text="Спасибо! Ваша благодарность передана руководству.")
    services.appeal_accept(appeal=thanks)
    services.appeal_rate(appeal=thanks, satisfied=True)
    late = _file(
        7,
        user=aigerim,
        kind="quality",
        organisation=orgs[3],
        event_date=today - timedelta(days=35),
        description="Анализы потеряли, пришлось сдавать повторно.",
    )
    steps(late, "assign", "start_review")
    # Back in time, so that the queue and the dashboard look lived in: one appeal is overdue.
    for appeal, days, worked in ((waiting, 14, 2), (answered, 9, 6), (extended, 18, 0), (forwarded, 30, 1),
                                 (thanks, 8, 3), (late, 30, 4)):  # fmt: skip
        _shift(appeal, days, worked)
    return 7


def _shift(appeal: Appeal, days: int, worked: int) -> None:
    """Filed `days` ago; every later step `worked` days after the filing."""
    filed, later = timedelta(days=days), timedelta(days=days - worked)
    registered = appeal.registered_on - filed
    Appeal.objects.filter(pk=appeal.pk).update(
        registered_on=registered, due_date=deadlines.due_date(registered), created_at=F("created_at") - filed,
        answered_at=F("answered_at") - later, rated_at=F("rated_at") - later,
        extended_until=F("extended_until") - filed,
    )  # fmt: skip
    Event.objects.filter(appeal=appeal, kind=Event.Kind.FILED).update(created_at=F("created_at") - filed)
    Event.objects.filter(appeal=appeal).exclude(kind=Event.Kind.FILED).update(created_at=F("created_at") - later)
    Reply.objects.filter(appeal=appeal).update(created_at=F("created_at") - later)


def _reviews(orgs: list[MedicalOrganisation]) -> None:
    """Reviews by insured demo people: two well-liked clinics, one disliked, one with a single 5."""
    people = [person for person in Person.objects.order_by("iin")[:200] if selectors.is_insured(person)][:24]
    rng = random.Random(2026)
    plan = [(orgs[0], (4, 5), 14), (orgs[1], (2, 4), 10), (orgs[2], (1, 3), 8), (orgs[4], (5, 5), 1)]
    comments = [
        "Врачи внимательные, очередь небольшая.",
        "Долго ждала приёма, но помогли.",
        "Регистратура грубит, запись только по телефону.",
        "",
    ]
    for organisation, (low, high), count in plan:
        for person in people[:count]:
            services.review_submit(
                person=person, organisation=organisation, score=rng.randint(low, high), comment=rng.choice(comments)
            )
