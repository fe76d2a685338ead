"""A believable demo population: every residency category, many statuses, two years of payments.

Histories are laid out relative to the month the demo is loaded in, so the statuses stay
meaningful whenever a newcomer runs `make run`. Each scenario is named by what it shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from accounts import iin as iin_rules
from accounts.choices import Region, Residency
from accounts.models import Person

from .models import CategoryMembership, Payment, PreferentialCategory, Register
from .rules import add_months

DEMO_REGISTER = "demo-register.csv"
SELF_AMOUNT = Decimal("4250.00")  # 5% of the 85 000 minimum wage (2024-2026)


def _bin(serial: int) -> str:
    """A valid demo BIN: registered 05.2005, resident legal entity, serial."""
    while True:
        head = f"0505400{serial:04d}"
        digit = iin_rules.check_digit(head)
        if digit is not None:
            return head + str(digit)
        serial += 1


EMPLOYERS = [
    (_bin(n), name) for n, name in enumerate(["ТОО «Астана Құрылыс»", "АО «Дала Энерго»", "ТОО «Шымкент Сауда»"], 1)
]


@dataclass
class Scenario:
    key: str
    last_name: str
    first_name: str
    born: date
    sex: str
    residency: str
    region: str
    # (month offset from the current month, knp, amount, self-paid)
    lines: list[tuple[int, int, Decimal, bool]] = field(default_factory=list)
    category: tuple[str, int, int | None] | None = None  # code, start offset, end offset (months)


def _employee(months: range, salary: int, skip_122: tuple[int, ...] = ()) -> list:
    out = []
    for m in months:
        out.append((m, 121, Decimal(salary) * Decimal("0.03"), False))
        if m not in skip_122:
            out.append((m, 122, Decimal(salary) * Decimal("0.02"), False))
    return out


def _self(months, amount=SELF_AMOUNT, changes: dict | None = None) -> list:
    changes = changes or {}
    return [(m, 122, changes.get(m, amount), True) for m in months if changes.get(m, amount)]


def scenarios() -> list[Scenario]:
    R, Res = Region, Residency
    return [
        Scenario(
            "insured_employee",
            "Ахметова",
            "Айгерим",
            date(1990, 3, 14),
            "F",
            Res.CITIZEN,
            R.ASTANA,
            _employee(range(-24, 0), 400_000),
        ),
        Scenario(
            "gap_self_payer",
            "Сейітов",
            "Ерлан",
            date(1985, 7, 2),
            "M",
            Res.KANDAS,
            R.SHYMKENT,
            _self(range(-24, 0), changes={-5: 0}),
        ),
        Scenario(
            "incomplete_employee",
            "Иванова",
            "Ольга",
            date(1979, 11, 30),
            "F",
            Res.CITIZEN,
            R.KARAGANDA,
            _employee(range(-24, 0), 250_000, skip_122=(-4,)),
        ),
        Scenario(
            "lump_sum",
            "Хасанов",
            "Рустам",
            date(1993, 5, 21),
            "M",
            Res.REFUGEE,
            R.ALMATY_CITY,
            [(-1, 122, Decimal("51000.00"), True)],
        ),
        Scenario(
            "underpaid_self_payer",
            "Ким",
            "Виктория",
            date(1988, 9, 9),
            "F",
            Res.PERMANENT_FOREIGNER,
            R.PAVLODAR,
            _self(range(-13, 0), changes={-3: Decimal("2000.00")}),
        ),
        Scenario("no_payments", "Рахимов", "Шерзод", date(1996, 1, 17), "M", Res.TEMPORARY_FOREIGNER, R.MANGYSTAU),
        Scenario(
            "prepaid",
            "Бекова",
            "Гүлнар",
            date(1991, 12, 1),
            "F",
            Res.PERMANENT_STATELESS,
            R.AKTOBE,
            _self(range(0, 12)),
        ),
        Scenario(
            "pensioner",
            "Жұмабаев",
            "Серік",
            date(1955, 4, 8),
            "M",
            Res.CITIZEN,
            R.NORTH_KAZAKHSTAN,
            category=("pensioner", -60, None),
        ),
        Scenario("child", "Омарова", "Аружан", date(2015, 6, 25), "F", Res.CITIZEN, R.TURKISTAN),
        Scenario(
            "student_lapsed",
            "Тоқтаров",
            "Әлихан",
            date(2002, 2, 11),
            "M",
            Res.CITIZEN,
            R.EAST_KAZAKHSTAN,
            category=("student", -48, -3),
        ),
        Scenario(
            "vacation_lump",
            "Петров",
            "Андрей",
            date(1982, 8, 19),
            "M",
            Res.CITIZEN,
            R.KOSTANAY,
            [line for line in _employee(range(-24, 0), 300_000) if line[0] != -6]
            + [(-7, 121, Decimal("9000.00"), False), (-7, 122, Decimal("6000.00"), False)],
        ),
        Scenario(
            "asylum_seeker_employee",
            "Karimi",
            "Ahmad",
            date(1987, 10, 3),
            "M",
            Res.ASYLUM_SEEKER,
            R.ALMATY,
            _employee(range(-18, 0), 200_000),
        ),
        Scenario(
            "disabled",
            "Нұрланова",
            "Дина",
            date(1975, 2, 27),
            "F",
            Res.CITIZEN,
            R.JAMBYL,
            category=("disabled", -36, None),
        ),
    ]


def _crowd(count: int, rng: random.Random) -> list[Scenario]:
    """More people with varied, believable histories, for lists and charts."""
    last = ["Әбілов", "Мұратов", "Сатпаев", "Ермеков", "Қасымов", "Смирнов", "Ли", "Өмірзақов", "Байжанов"]
    first = ["Асқар", "Бауыржан", "Дәурен", "Ержан", "Марат", "Тимур", "Нұржан", "Олжас", "Қанат"]
    regions = list(Region.values)
    people = []
    for n in range(count):
        kind = rng.choice(["employee", "employee", "employee", "self", "gappy", "none", "child"])
        start = -rng.randint(6, 24)
        born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        if kind == "child":  # the state pays: a preferential category by the birth date alone
            born, lines = date(rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)), []
        elif kind == "employee":
            lines = _employee(range(start, 0), rng.randrange(90_000, 900_000, 5_000))
        elif kind == "self":
            lines = _self(range(start, 0))
        elif kind == "gappy":
            gaps = set(rng.sample(range(start, 0), k=min(3, -start)))
            lines = _self([m for m in range(start, 0) if m not in gaps])
        else:
            lines = []
        people.append(
            Scenario(
                f"crowd_{n}",
                rng.choice(last),
                rng.choice(first),
                born,
                "M",
                Residency.CITIZEN,
                rng.choice(regions),
                lines,
            )
        )
    return people


@dataclass
class Loaded:
    created: bool
    people: dict[str, Person]


def load(today: date, crowd: int = 60) -> Loaded:
    """Load the demo people and payments once; a second call changes nothing."""
    this_month = today.replace(day=1)
    all_scenarios = scenarios() + _crowd(crowd, random.Random(2026))
    iins = {s.key: iin_rules.compose(s.born, s.sex, 100 + n) for n, s in enumerate(all_scenarios)}
    named = {s.key for s in all_scenarios if not s.key.startswith("crowd_")}
    if Register.objects.filter(name=DEMO_REGISTER).exists():
        stored = Person.objects.in_bulk([iins[key] for key in named])
        return Loaded(False, {key: stored[iins[key]] for key in named})

    register = Register.objects.create(name=DEMO_REGISTER, sha256="demo")
    people, payments, memberships = {}, [], []
    categories = PreferentialCategory.objects.in_bulk()
    for n, s in enumerate(all_scenarios):
        number = iins[s.key]
        person = Person.from_iin(
            number, last_name=s.last_name, first_name=s.first_name, residency=s.residency, region=s.region
        )
        people[s.key] = person
        employer_bin, employer_name = EMPLOYERS[n % len(EMPLOYERS)]
        for serial, (offset, knp, amount, self_paid) in enumerate(s.lines):
            period = add_months(this_month, offset)
            received = min(add_months(period, 1).replace(day=10), today) if offset < 0 else today
            payments.append(
                Payment(
                    register=register,
                    received_on=received,
                    number=f"D{n:03d}{serial:03d}",
                    knp=knp,
                    sender_id=number if self_paid else employer_bin,
                    sender_name=f"{s.last_name} {s.first_name}" if self_paid else employer_name,
                    iin=number,
                    last_name=s.last_name,
                    first_name=s.first_name,
                    amount=amount.quantize(Decimal("0.01")),
                    period=period,
                )
            )
        if s.category:
            code, start, end = s.category
            end_day = add_months(this_month, end + 1).replace(day=1) if end is not None else None
            memberships.append(
                CategoryMembership(
                    person=person,
                    category=categories[code],
                    start=add_months(this_month, start),
                    end=(end_day and date.fromordinal(end_day.toordinal() - 1)),
                )
            )
    Person.objects.bulk_create(people.values(), ignore_conflicts=True)
    Payment.objects.bulk_create(payments, batch_size=1000, ignore_conflicts=True)
    CategoryMembership.objects.bulk_create(memberships, ignore_conflicts=True)
    return Loaded(True, {key: people[key] for key in named})
