"""Make a realistic load for benchmarks: people, a year of payments, preferential categories, and a register file.

    manage.py generate_load --people 1000000 [--months 12] [--register-rows R] [--out FILE] [--seed S]
    manage.py generate_load --people 1000000 --register-only --register-rows 10000 --tag S --out small.csv

Everything is a pure function of (--seed, --people, --months, --month): the same arguments give the same
people, payments and register bytes. People and payments go in with PostgreSQL COPY (psycopg 3), month by
month as registers would have brought them (each month sorted by IIN, like the import's merge). For large
loads the Payment table's indexes and constraints are dropped during the COPY and rebuilt after it, then the
tables are vacuumed and analysed, as autovacuum would have left them.

The history covers the `--months` months before the register's month P (default: last month). The
register file (rules section 10) holds rows mostly for P (about 95%), received in month P+1 up to today,
plus late payments for earlier months (gaps, shortfalls and missing 122s being made good), about 1% exact
copies of stored payments (duplicates), about 1% rows for IINs not yet in the registry, and about 0.5%
bad rows (bad IIN check digit, KNP 119, bad date) for quarantine. `--register-only` writes another
register for the same population (same seed) without touching the database; give it another `--tag` so
its payment numbers differ.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts import iin as iin_rules
from accounts.choices import Region, Residency
from payments.demo import _bin
from payments.importing import HEADER
from payments.rules_data import MINIMUM_WAGES

# kinds of people
NONE, EMPLOYEE, SELF, CHILD, CATEGORY, LUMP = range(6)
# anomalies in a payer's history (at one month of the window)
FULL, GAP, INCOMPLETE, VACATION, UNDERPAID = range(5)

KIND_WEIGHTS = ((EMPLOYEE, 46), (SELF, 14), (CHILD, 20), (CATEGORY, 3), (NONE, 15), (LUMP, 2))
EMPLOYEE_ANOMALIES = ((FULL, 82), (GAP, 7), (INCOMPLETE, 5), (VACATION, 3))
SELF_ANOMALIES = ((FULL, 78), (GAP, 12), (UNDERPAID, 10))
RESIDENCY_WEIGHTS = (
    (Residency.CITIZEN, 940), (Residency.KANDAS, 25), (Residency.PERMANENT_FOREIGNER, 12),
    (Residency.PERMANENT_STATELESS, 5), (Residency.REFUGEE, 3), (Residency.TEMPORARY_FOREIGNER, 12),
    (Residency.ASYLUM_SEEKER, 3),
)  # fmt: skip
CATEGORIES = ("pensioner", "disabled", "student", "unemployed", "targeted_assistance", "childcare_leave")

LAST_M = ("Ахметов", "Сейітов", "Жұмабаев", "Тоқтаров", "Смирнов", "Иванов", "Ким", "Омаров", "Нұрланов",
          "Әбілов", "Мұратов", "Сатпаев", "Ермеков", "Қасымов", "Байжанов", "Петров", "Ли", "Хасанов")  # fmt: skip
FIRST_M = ("Асқар", "Бауыржан", "Дәурен", "Ержан", "Марат", "Тимур", "Нұржан", "Олжас", "Қанат", "Серік",
           "Андрей", "Рустам", "Ерлан", "Әлихан", "Данияр")  # fmt: skip
FIRST_F = ("Айгерим", "Гүлнар", "Дина", "Аружан", "Ольга", "Виктория", "Әсел", "Жанар", "Мадина", "Сәуле",
           "Анна", "Камила", "Томирис", "Динара")  # fmt: skip
MIDDLE_M = ("Серікұлы", "Маратұлы", "Ержанович", "Асқарович", "", "")
MIDDLE_F = ("Серікқызы", "Маратқызы", "Ержановна", "Асқаровна", "", "")
COMPANY = ("Құрылыс", "Энерго", "Сауда", "Агро", "Логистика", "Сервис", "Мұнай", "Транс", "Медиа", "Тех")

MZP = {row.year: row.amount for row in MINIMUM_WAGES}
CAP_MZP = 10  # employer and employee income cap, 2020-2025 (rules section 2); enough for realistic amounts
COPY_CHUNK = 1 << 20
BIG_LOAD = 200_000  # payments: above this, Payment's indexes are rebuilt after the COPY instead of kept


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_first(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def mzp(year: int) -> Decimal:
    return MZP.get(year) or MZP[max(MZP)]


def self_amount(year: int) -> Decimal:
    return (mzp(year) * Decimal("0.05")).quantize(Decimal("0.01"))


def _weighted(rng: random.Random, table) -> object:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


class Person:
    """One generated person and the plan of their payments (everything derived from it is deterministic)."""

    __slots__ = ("index", "iin", "born", "sex", "last", "first", "middle", "residency", "region", "kind",
                 "employer", "salary", "start", "anomaly", "at", "category")  # fmt: skip

    def name(self) -> str:
        return f"{self.last} {self.first}"


class Load:
    """The population, its employers and its payment plans, for the month P and the `months` before it."""

    def __init__(self, *, people: int, months: int, seed: int, month: date, today: date) -> None:
        self.count, self.months, self.seed, self.today = people, months, seed, today
        self.p = month_index(month)  # the register's month
        self._amounts: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
        self.first = self.p - months  # the first month of the history
        rng = random.Random(seed)
        n_employers = max(3, min(9000, people // 40))
        bins: dict[str, str] = {}
        for serial in range(1, n_employers + 1):
            bins.setdefault(_bin(serial), f"ТОО «{rng.choice(COMPANY)} {serial}»")
        self.employers = list(bins.items())
        self.people: list[Person] = []
        seen: set[str] = set()
        for index in range(people):
            self.people.append(self._person(rng, index, seen))
        self.people.sort(key=lambda p: p.iin)
        for index, person in enumerate(self.people):
            person.index = index
        self.iins = seen

    def _person(self, rng: random.Random, index: int, seen: set[str]) -> Person:
        p = Person()
        p.index = index
        p.kind = _weighted(rng, KIND_WEIGHTS)
        today = self.today
        if p.kind == CHILD:
            age = rng.randint(0, 16)
        elif p.kind == CATEGORY:
            p.category = rng.choice(CATEGORIES)
            age = {"pensioner": rng.randint(63, 90), "student": rng.randint(18, 23)}.get(
                p.category, rng.randint(19, 62)
            )
        else:
            age = rng.randint(19, 64)
        p.born = date(today.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        p.sex = rng.choice("MF")
        while True:
            number = iin_rules.compose(p.born, p.sex, rng.randrange(10000))
            if number not in seen:
                break
        seen.add(number)
        p.iin = number
        male = p.sex == "M"
        last = rng.choice(LAST_M)
        p.last = last if male or last[-2:] not in ("ов", "ев", "ин") else last + "а"
        p.first = rng.choice(FIRST_M if male else FIRST_F)
        p.middle = rng.choice(MIDDLE_M if male else MIDDLE_F)
        p.residency = _weighted(rng, RESIDENCY_WEIGHTS)
        p.region = rng.choice(Region.values)
        p.employer = rng.randrange(len(self.employers))
        p.salary = rng.randrange(90_000, 1_200_000, 5_000) if rng.random() < 0.9 else rng.randrange(85_000, 90_000)
        p.start = 0 if rng.random() < 0.9 else rng.randint(1, max(self.months - 1, 1))  # joined during the year
        p.anomaly, p.at = FULL, -1
        if p.kind == EMPLOYEE:
            p.anomaly = _weighted(rng, EMPLOYEE_ANOMALIES)
        elif p.kind == SELF:
            p.anomaly = _weighted(rng, SELF_ANOMALIES)
        elif p.kind == LUMP:
            p.at = rng.randrange(self.months)
        if p.anomaly == VACATION and p.start > self.months - 2:
            p.anomaly = FULL  # vacation pay needs two months of the window
        if p.anomaly != FULL:
            p.at = rng.randint(p.start, self.months - 1 - (p.anomaly == VACATION))
        if p.kind != CATEGORY:
            p.category = None
        return p

    # --- payments ----------------------------------------------------------------------------------------

    def received(self, person: Person, offset: int) -> date:
        """When the payment for history month `offset` arrived: between the 5th and the 20th of the next month."""
        arrived = month_first(self.first + offset + 1)
        return arrived.replace(day=5 + (person.index * 7 + offset * 3) % 16)

    def amounts(self, person: Person, month: int) -> tuple[Decimal, Decimal]:
        """The employer's 121 and the employee's 122 for a month's salary (rules section 2, capped)."""
        key = (person.salary, month // 12)
        found = self._amounts.get(key)
        if found is None:
            income = min(Decimal(person.salary), mzp(month // 12) * CAP_MZP)
            cent = Decimal("0.01")
            found = self._amounts[key] = ((income * Decimal("0.03")).quantize(cent),
                                          (income * Decimal("0.02")).quantize(cent))  # fmt: skip
        return found

    def lines(self, person: Person, offset: int) -> list[tuple[int, Decimal, bool]]:
        """(knp, amount, self-paid) of the person's history payments for month `offset` of the window."""
        kind = person.kind
        if kind == LUMP:
            return [(122, self_amount((self.first + offset) // 12) * 12, True)] if offset == person.at else []
        if kind not in (EMPLOYEE, SELF) or offset < person.start:
            return []
        anomaly, at = person.anomaly, person.at
        if anomaly == GAP and offset == at:
            return []
        month = self.first + offset
        if kind == SELF:
            amount = Decimal("2000.00") if anomaly == UNDERPAID and offset == at else self_amount(month // 12)
            return [(122, amount, True)]
        t121, t122 = self.amounts(person, month)
        if anomaly == INCOMPLETE and offset == at:
            return [(121, t121, False)]
        if anomaly == VACATION:
            if offset == at:
                return [(121, t121 * 2, False), (122, t122 * 2, False)]  # vacation pay all in one month
            if offset == at + 1:
                return []
        return [(121, t121, False), (122, t122, False)]

    def history_copy_lines(self, offset: int, register_id: int) -> Iterator[str]:
        """Every stored payment for history month `offset`, sorted by IIN, as COPY text lines for payments_payment."""
        period = month_first(self.first + offset)
        arrived = month_first(self.first + offset + 1)
        month_label = f"{period:%Y%m}"
        head = f"{register_id}\t{arrived:%Y-%m}-"
        tail = f"\t{period.isoformat()}\taccepted\n"
        days = [f"{5 + d:02d}" for d in range(16)]
        employers = self.employers
        for person in self.people:
            lines = self.lines(person, offset)
            if not lines:
                continue
            day = days[(person.index * 7 + offset * 3) % 16]
            names = f"{person.iin}\t{person.last}\t{person.first}\t{person.middle}\t"
            for knp, amount, own in lines:
                sender, sender_name = (person.iin, person.name()) if own else employers[person.employer]
                yield (f"{head}{day}\t{month_label}-{person.index:07d}-{knp}\t{knp}\t{sender}\t{sender_name}\t"
                       f"{names}{amount}{tail}")  # fmt: skip

    def history_number(self, person: Person, offset: int, knp: int) -> str:
        return f"{month_first(self.first + offset):%Y%m}-{person.index:07d}-{knp}"

    def memberships(self) -> Iterator[tuple[str, str, date, date | None]]:
        """(iin, category, start, end): open-ended for most, ended a few months ago for some (category lapsed)."""
        rng = random.Random(self.seed * 7 + 1)
        start = month_first(self.first - 24)
        for person in self.people:
            if person.kind != CATEGORY:
                continue
            if person.category == "student" or rng.random() < 0.1:
                end = month_first(self.p - rng.randint(0, 6))
                yield person.iin, person.category, start, date.fromordinal(end.toordinal() - 1)
            else:
                yield person.iin, person.category, start, None

    # --- the register ------------------------------------------------------------------------------------

    def register(self, rows: int, tag: str) -> list[str]:
        """The register's lines (without the header), in arrival order."""
        rng = random.Random(f"{self.seed}:{tag}")
        after = month_first(self.p + 1)
        last_day = min(self.today.day, 28) if month_index(self.today) == self.p + 1 else 28
        days = [after.replace(day=d) for d in range(1, last_day + 1)]
        out: list[tuple[date, str]] = []  # (received, line)
        serial = 0

        def emit(received: date, knp: int, sender: str, sender_name: str, person, amount: Decimal, period: int,
                 number: str | None = None, state: str = "accepted") -> None:  # fmt: skip
            nonlocal serial
            serial += 1
            text = f"{amount:.2f}"
            if serial % 3 == 0:
                text = text.replace(".", ",")
            iin, last, first, middle = person
            number = number or f"{tag}{serial:09d}"
            p = month_first(period)
            out.append((received, ";".join((f"{received:%d.%m.%Y}", number, str(knp), sender, sender_name, iin, last,
                                            first, middle, text, f"{p:%m%Y}", state))))  # fmt: skip

        def who(person: Person) -> tuple[str, str, str, str]:
            return person.iin, person.last, person.first, person.middle

        n_bad = round(rows * 0.005)
        n_dup = round(rows * 0.01)
        n_new = round(rows * 0.01)
        n_late = round(rows * 0.035)

        # late payments: gaps, shortfalls and missing 122s made good
        late = [p for p in self.people if p.anomaly in (GAP, UNDERPAID, INCOMPLETE)]
        rng.shuffle(late)
        for person in late:
            if len(out) >= n_late:
                break
            month = self.first + person.at
            day = rng.choice(days)
            if person.kind == SELF:
                need = self_amount(month // 12)
                amount = need if person.anomaly == GAP else need - Decimal("2000.00")
                emit(day, 122, person.iin, person.name(), who(person), amount, month)
            else:
                employer, name = self.employers[person.employer]
                t121, t122 = self.amounts(person, month)
                if person.anomaly == GAP:
                    emit(day, 121, employer, name, who(person), t121, month)
                emit(day, 122, employer, name, who(person), t122, month)
        del out[n_late:]
        n_late = len(out)  # a small population may have fewer to make good: this month's rows fill up
        n_month = rows - n_bad - n_dup - n_new - n_late

        # this month's payments, for payers in a random order (around again, as a second job, when needed)
        payers = [p for p in self.people if p.kind in (EMPLOYEE, SELF)]
        rng.shuffle(payers)
        month_rows = 0
        round_ = 0
        while month_rows < n_month and payers:
            for person in payers:
                if month_rows >= n_month:
                    break
                day = rng.choice(days)
                if person.kind == SELF:
                    emit(day, 122, person.iin, person.name(), who(person), self_amount(self.p // 12), self.p)
                    month_rows += 1
                    continue
                employer, name = self.employers[(person.employer + round_) % len(self.employers)]
                t121, t122 = self.amounts(person, self.p)
                emit(day, 121, employer, name, who(person), t121, self.p)
                emit(day, 122, employer, name, who(person), t122, self.p)
                month_rows += 2
            round_ += 1
        del out[n_late + n_month :]

        # people not in the registry yet: self-payers whose first payment this is
        for _ in range(n_new):
            born = date(self.today.year - rng.randint(19, 60), rng.randint(1, 12), rng.randint(1, 28))
            sex = rng.choice("MF")
            while True:
                iin = iin_rules.compose(born, sex, rng.randrange(10000))
                if iin not in self.iins:
                    break
            first = rng.choice(FIRST_M if sex == "M" else FIRST_F)
            last = rng.choice(LAST_M)
            emit(rng.choice(days), 122, iin, f"{last} {first}", (iin, last, first, ""), self_amount(self.p // 12),
                 self.p)  # fmt: skip

        # exact copies of payments already stored
        paid = [p for p in self.people if p.kind in (EMPLOYEE, SELF, LUMP)]
        while n_dup > 0 and paid:
            person = rng.choice(paid)
            offset = rng.randrange(self.months)
            for knp, amount, own in self.lines(person, offset)[:n_dup]:
                sender, name = (person.iin, person.name()) if own else self.employers[person.employer]
                emit(self.received(person, offset), knp, sender, name, who(person), amount, self.first + offset,
                     number=self.history_number(person, offset, knp))  # fmt: skip
                out[-1] = (rng.choice(days), out[-1][1])  # arrival order: among this month's rows
                n_dup -= 1

        # bad rows: a wrong check digit, a KNP that is not OSMS, a date that does not exist
        for k in range(n_bad):
            person = rng.choice(payers or self.people)
            iin, sender = person.iin, person.iin
            received, knp = rng.choice(days), 122
            if k % 3 == 0:
                iin = iin[:11] + str((int(iin[11]) + rng.randint(1, 9)) % 10)
                sender = iin
            elif k % 3 == 1:
                knp = 119
            emit(received, knp, sender, person.name(), (iin, person.last, person.first, person.middle),
                 self_amount(self.p // 12), self.p)  # fmt: skip
            if k % 3 == 2:
                text = out[-1][1]
                bad_date = rng.choice([f"31.02.{received.year}", f"{received:%Y-%m-%d}", f"{received:%d.%m}.20x6"])
                out[-1] = (received, bad_date + text[10:])

        rng.shuffle(out)
        out.sort(key=lambda item: item[0])  # stable: by day of arrival, random within a day
        return [text for _, text in out]


# --- writing to the database -------------------------------------------------------------------------------


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> int:
    count = 0
    buffer: list[str] = []
    size = 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            line = "\t".join(_copy_text(v) for v in row) + "\n"
            buffer.append(line)
            size += len(line)
            count += 1
            if size >= COPY_CHUNK:
                copy.write("".join(buffer))
                buffer, size = [], 0
        if buffer:
            copy.write("".join(buffer))
    return count


def _copy_lines(cursor, table: str, columns: tuple[str, ...], lines: Iterator[str]) -> int:
    count = 0
    buffer: list[str] = []
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for line in lines:
            buffer.append(line)
            if len(buffer) >= 10_000:
                copy.write("".join(buffer))
                count += len(buffer)
                buffer = []
        copy.write("".join(buffer))
        count += len(buffer)
    return count


def _payment_schema(cursor) -> tuple[list[tuple[str, str]], list[str]]:
    """(constraints as (name, definition), plain index definitions) of payments_payment."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
        "WHERE conrelid = 'payments_payment'::regclass AND contype IN ('p', 'u', 'f') "
        "ORDER BY CASE contype WHEN 'p' THEN 0 WHEN 'u' THEN 1 ELSE 2 END, conname"
    )
    constraints = [(name, definition) for name, definition, _ in cursor.fetchall()]
    cursor.execute(
        "SELECT indexdef FROM pg_indexes i WHERE tablename = 'payments_payment' AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.conrelid = 'payments_payment'::regclass)"
    )
    # A partitioned table's index reads "ON ONLY" (the parent alone); rebuilt, it must cover every partition.
    return constraints, [row[0].replace(" ON ONLY ", " ON ") for row in cursor.fetchall()]


class Command(BaseCommand):
    help = "Generate a realistic population, payment history and register file for benchmarks (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, required=True)
        parser.add_argument("--months", type=int, default=12, help="months of history before the register's month")
        parser.add_argument("--register-rows", type=int, default=None, help="rows in the register (default: people)")
        parser.add_argument("--out", type=Path, default=None, help="register file (default: register-<tag>.csv)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--month", default=None, help="the register's month as MMYYYY (default: last month)")
        parser.add_argument("--tag", default="R", help="prefix of the register's payment numbers")
        parser.add_argument("--register-only", action="store_true", help="write the register, touch no database")

    def handle(self, *args, people, months, register_rows, out, seed, month, tag, register_only, **options):
        if people < 1 or months < 1:
            raise CommandError("--people and --months must be positive")
        today = timezone.localdate()
        if month:
            try:
                p = date(int(month[2:]), int(month[:2]), 1)
            except ValueError:
                raise CommandError("--month is MMYYYY") from None
        else:
            p = month_first(month_index(today) - 1)
        started = time.monotonic()
        load = Load(people=people, months=months, seed=seed, month=p, today=today)
        self._say(f"population of {people} planned", started)
        if not register_only:
            counts = self._store(load)
            self._say(f"stored {counts}", started)
        rows = people if register_rows is None else register_rows
        path = out or Path(f"register-{tag}.csv")
        lines = load.register(rows, tag)
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(";".join(HEADER) + "\n")
            for start in range(0, len(lines), 100_000):
                handle.write("\n".join(lines[start : start + 100_000]) + "\n")
        self._say(f"register {path}: {len(lines)} rows for {p:%m.%Y}", started)

    def _say(self, what: str, started: float) -> None:
        self.stdout.write(f"[{time.monotonic() - started:7.1f}s] {what}")

    # --- storing -------------------------------------------------------------------------------------------

    def _store(self, load: Load) -> dict[str, int]:
        from payments.models import Register

        with transaction.atomic():
            registers = {}
            for offset in range(load.months):
                label = f"{month_first(load.first + offset):%Y-%m}"
                registers[offset] = Register.objects.create(
                    name=f"load-{label}.csv", sha256=f"load-{load.seed}-{label}", state=Register.State.DONE,
                    finished_at=timezone.now(),
                ).pk  # fmt: skip
            counts = self._copy_history(load, registers)
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:  # as autovacuum would leave them, and no autovacuum mid-benchmark
                for table in ("accounts_person", "payments_payment", "payments_categorymembership",
                              "payments_register"):  # fmt: skip
                    cursor.execute(f"VACUUM ANALYZE {table}")
        return counts

    def _copy_history(self, load: Load, registers: dict[int, int]) -> dict[str, int]:
        now = timezone.now().isoformat()
        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # the psycopg 3 cursor
            people = _copy(
                cursor, "accounts_person",
                ("iin", "last_name", "first_name", "middle_name", "birth_date", "sex", "residency", "region",
                 "created_at", "updated_at"),
                ((p.iin, p.last, p.first, p.middle, p.born, p.sex, p.residency, p.region, now, now)
                 for p in load.people),
            )  # fmt: skip
            memberships = _copy(
                cursor, "payments_categorymembership",
                ("person_id", "category_id", "start", '"end"', "created_at", "source"),
                ((iin, code, start, end, now, "generate_load") for iin, code, start, end in load.memberships()),
            )  # fmt: skip
            rebuild = load.count * load.months >= BIG_LOAD
            if rebuild:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the pending FK checks: ALTER TABLE needs none
                constraints, indexes = _payment_schema(cursor)
                for name, _ in reversed(constraints):
                    cursor.execute(f'ALTER TABLE payments_payment DROP CONSTRAINT "{name}"')
                cursor.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'payments_payment'"
                )  # what is left: plain indexes
                for (name,) in cursor.fetchall():
                    cursor.execute(f'DROP INDEX "{name}"')
            payments = 0
            columns = ("register_id", "received_on", "number", "knp", "sender_id", "sender_name", "iin", "last_name",
                       "first_name", "middle_name", "amount", "period", "state")  # fmt: skip
            for offset in range(load.months):
                register = registers[offset]
                payments += _copy_lines(cursor, "payments_payment", columns, load.history_copy_lines(offset, register))
                cursor.execute(
                    "UPDATE payments_register SET rows = %s, imported = %s WHERE id = %s",
                    (payments, payments, register),
                )
            if rebuild:
                cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")  # this session only: a faster sort
                for name, definition in constraints:
                    cursor.execute(f'ALTER TABLE payments_payment ADD CONSTRAINT "{name}" {definition}')
                for definition in indexes:
                    cursor.execute(definition)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence('payments_payment', 'id'), "
                "coalesce((SELECT max(id) FROM payments_payment), 1))"
            )
        return {"people": people, "payments": payments, "memberships": memberships}
