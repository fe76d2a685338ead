"""The rules document's numbers as plain data (sections 2, 4 and 6), 2017 through 2026.

A migration copies these rows into editable tables; fund staff add next year's values there without a
code change. Keep this file flat: one row per table cell, dates as `date`, money and percentages as
`Decimal`. The calculator (`payments.rules`) reads rows only through a `RuleBook`.

Sources: the rules document (which wins over the leaflets), seeds 000-003 for the worked examples.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from .rules import (
    EXEMPT,
    INCOME,
    MZP,
    NOT_IN_FORCE,
    BaseRate,
    Category,
    MinimumWage,
    Rate,
    RuleBook,
    StateRate,
)

# --- section 2: minimum monthly wage (MZP / ЕТЖ), KZT -------------------------------------------------

MINIMUM_WAGES: tuple[MinimumWage, ...] = (
    MinimumWage(2017, D("24459")),
    MinimumWage(2018, D("28284")),
    MinimumWage(2019, D("42500")),
    MinimumWage(2020, D("42500")),
    MinimumWage(2021, D("42500")),
    MinimumWage(2022, D("60000")),
    MinimumWage(2023, D("70000")),
    MinimumWage(2024, D("85000")),
    MinimumWage(2025, D("85000")),
    MinimumWage(2026, D("85000")),
)

# --- section 2: rates ----------------------------------------------------------------------------------
# One row per cell of the table. Both dates inclusive. basis: INCOME = percent of income, at most
# cap_mzp x MZP counted (121: per employer; 122: all incomes together); MZP = fixed percent of
# base_mzp x MZP; NOT_IN_FORCE = "–"; EXEMPT = "exempt". share = percent of the computed sum that goes
# to this KNP (single payment). A cell without a row is NoRules: the single payment 2022-2025
# (21.5% in 2024, 23.8% in 2025) has no row because our sources do not give its 121/122 shares.

RATES: tuple[Rate, ...] = (
    # employer transfers, KNP 121, % of the employee's income; from 1 July 2017
    Rate("employer", 121, date(2017, 1, 1), date(2017, 6, 30), NOT_IN_FORCE),
    Rate("employer", 121, date(2017, 7, 1), date(2017, 12, 31), INCOME, D("1"), cap_mzp=D("15")),
    Rate("employer", 121, date(2018, 1, 1), date(2019, 12, 31), INCOME, D("1.5"), cap_mzp=D("15")),
    Rate("employer", 121, date(2020, 1, 1), date(2021, 12, 31), INCOME, D("2"), cap_mzp=D("10")),
    Rate("employer", 121, date(2022, 1, 1), date(2025, 12, 31), INCOME, D("3"), cap_mzp=D("10")),
    Rate("employer", 121, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("3"), cap_mzp=D("40")),
    # employee contributions, KNP 122, % of income, cap over all jobs together
    Rate("employee", 122, date(2017, 1, 1), date(2019, 12, 31), NOT_IN_FORCE),
    Rate("employee", 122, date(2020, 1, 1), date(2020, 12, 31), INCOME, D("1"), cap_mzp=D("10")),
    Rate("employee", 122, date(2021, 1, 1), date(2025, 12, 31), INCOME, D("2"), cap_mzp=D("10")),
    Rate("employee", 122, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("2"), cap_mzp=D("20")),
    # contract (GPC) workers, KNP 122: same rate and cap as an employee
    Rate("contract", 122, date(2017, 1, 1), date(2019, 12, 31), NOT_IN_FORCE),
    Rate("contract", 122, date(2020, 1, 1), date(2020, 12, 31), INCOME, D("1"), cap_mzp=D("10")),
    Rate("contract", 122, date(2021, 1, 1), date(2025, 12, 31), INCOME, D("2"), cap_mzp=D("10")),
    Rate("contract", 122, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("2"), cap_mzp=D("20")),
    # individual entrepreneur, private practice, notary, lawyer, farm head, KNP 122: 5% x 1.4 MZP
    Rate("entrepreneur", 122, date(2017, 1, 1), date(2017, 12, 31), NOT_IN_FORCE),
    Rate("entrepreneur", 122, date(2018, 1, 1), date(2019, 12, 31), EXEMPT),
    Rate("entrepreneur", 122, date(2020, 1, 1), date(2026, 12, 31), MZP, D("5"), base_mzp=D("1.4")),
    # self-payer (independent payer), KNP 122: 5% x 1 MZP
    Rate("self", 122, date(2017, 1, 1), date(2019, 12, 31), NOT_IN_FORCE),
    Rate("self", 122, date(2020, 1, 1), date(2026, 12, 31), MZP, D("5"), base_mzp=D("1")),
    # platform worker (special tax regime), KNP 122: 1% of monthly income, at most 20 MZP counted
    Rate("platform", 122, date(2017, 1, 1), date(2025, 12, 31), NOT_IN_FORCE),
    Rate("platform", 122, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("1"), cap_mzp=D("20")),
    # single-payment payer: one sum of 24.8% of income; of that sum 12.1% is 121 and 8.1% is 122
    Rate("single", 121, date(2017, 1, 1), date(2021, 12, 31), NOT_IN_FORCE),
    Rate("single", 122, date(2017, 1, 1), date(2021, 12, 31), NOT_IN_FORCE),
    Rate("single", 121, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("24.8"), share=D("12.1")),
    Rate("single", 122, date(2026, 1, 1), date(2026, 12, 31), INCOME, D("24.8"), share=D("8.1")),
)

# --- section 2: the state's contribution (information only) ------------------------------------------
# Percent of the average monthly wage two years earlier, per person in a preferential category.
# From 2027 it rises from 2.2% to 4.7% in 2037; the yearly steps are not in our sources, so no rows yet.

STATE_RATES: tuple[StateRate, ...] = (
    StateRate(2023, D("1.8")),
    StateRate(2024, D("1.9")),
    StateRate(2025, D("2")),
    StateRate(2026, D("2")),
)

# --- section 4: the National Bank of Kazakhstan's base (refinancing) rate, percent -----------------------
# FUND STAFF MUST VERIFY THIS TABLE against nationalbank.kz before relying on penalties. Only
# 10.5% on 2017-07-01 comes from our sources (seed 000); the other rows are the base-rate history as
# best known when this file was written, dated from the day each rate took effect. The seeded
# database table is editable: correct it there.

BASE_RATES: tuple[BaseRate, ...] = (
    BaseRate(date(2016, 11, 14), D("12")),
    BaseRate(date(2017, 2, 27), D("11")),
    BaseRate(date(2017, 6, 5), D("10.5")),
    BaseRate(date(2017, 8, 28), D("10.25")),
    BaseRate(date(2018, 1, 15), D("9.75")),
    BaseRate(date(2018, 3, 5), D("9.5")),
    BaseRate(date(2018, 4, 16), D("9.25")),
    BaseRate(date(2018, 6, 4), D("9")),
    BaseRate(date(2018, 10, 15), D("9.25")),
    BaseRate(date(2019, 4, 22), D("9")),
    BaseRate(date(2019, 9, 9), D("9.25")),
    BaseRate(date(2020, 3, 10), D("12")),
    BaseRate(date(2020, 4, 6), D("9.5")),
    BaseRate(date(2020, 7, 20), D("9")),
    BaseRate(date(2021, 7, 26), D("9.25")),
    BaseRate(date(2021, 9, 13), D("9.5")),
    BaseRate(date(2021, 10, 25), D("9.75")),
    BaseRate(date(2022, 1, 24), D("10.25")),
    BaseRate(date(2022, 2, 24), D("13.5")),
    BaseRate(date(2022, 4, 25), D("14")),
    BaseRate(date(2022, 7, 25), D("14.5")),
    BaseRate(date(2022, 10, 24), D("16")),
    BaseRate(date(2022, 12, 5), D("16.75")),
    BaseRate(date(2023, 8, 28), D("16.5")),
    BaseRate(date(2023, 10, 9), D("16")),
    BaseRate(date(2023, 11, 27), D("15.75")),
    BaseRate(date(2024, 1, 22), D("15.25")),
    BaseRate(date(2024, 3, 4), D("14.75")),
    BaseRate(date(2024, 4, 15), D("14.5")),
    BaseRate(date(2024, 7, 15), D("14.25")),
    BaseRate(date(2024, 12, 2), D("15.25")),
    BaseRate(date(2025, 3, 10), D("16.5")),
    BaseRate(date(2025, 10, 13), D("18")),
)

# --- section 6: preferential categories and the budget that pays ------------------------------------------
# Same codes, English labels and budgets as migration 0002. The registered unemployed are paid by local
# budgets (seed 001, 2026); the other fifteen by the republican budget.

REPUBLIC = "republic"
LOCAL = "local"

CATEGORIES: tuple[Category, ...] = (
    Category("child", "Children under 18", REPUBLIC),
    Category("pregnant", "Non-working pregnant women", REPUBLIC),
    Category("parent_child_under_3", "Non-working people raising a child under 3", REPUBLIC),
    Category("childcare_leave", "People on maternity, adoption or child-care leave (child under 3)", REPUBLIC),
    Category(
        "mother_many_children",
        "Mothers of many children awarded Altyn alqa, Kümis alqa, Batyr ana or Ana dańqy I/II",
        REPUBLIC,
    ),
    Category("carer_disabled_child", "Non-working carers of a child with a disability", REPUBLIC),
    Category("carer_disabled_since_childhood", "Carers of people disabled since childhood", REPUBLIC),
    Category("carer_group1", "Non-working carers of a person with group I disability", REPUBLIC),
    Category("disabled", "People with disabilities", REPUBLIC),
    Category("pensioner", "Pensioners and Great Patriotic War veterans", REPUBLIC),
    Category(
        "student", "Full-time students (technical and vocational, post-secondary, higher and postgraduate)", REPUBLIC
    ),
    Category("unemployed", "Registered unemployed", LOCAL),
    Category("targeted_assistance", "Non-working recipients of targeted social assistance", REPUBLIC),
    Category("kandas", "Non-working kandas", REPUBLIC),
    Category("prisoner", "People serving sentences (except minimum-security institutions)", REPUBLIC),
    Category("detained", "Non-working people in pre-trial detention or under house arrest", REPUBLIC),
    Category("welfare_de", "People at welfare levels D and E (crisis, emergency)", LOCAL),
)


def default_rulebook() -> RuleBook:
    """A `RuleBook` of this file's rows (tests and tools; the portal builds its own from the database)."""
    return RuleBook(
        minimum_wages=MINIMUM_WAGES,
        rates=RATES,
        base_rates=BASE_RATES,
        state_rates=STATE_RATES,
        categories=CATEGORIES,
    )
