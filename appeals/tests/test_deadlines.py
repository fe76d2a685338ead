"""Appeal deadlines on Kazakhstan's working calendar (rules section 7; APC art. 76).

Every expected date is counted by hand in the comments: day 0 is the registration day, then each
working day is numbered. "off" marks a day off that falls on a weekday. The calendar is the pinned
`holidays` package's; if a new version changes a year, these tests say so.
"""

from datetime import date

import pytest

from appeals import deadlines


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 1, 1), False),  # Thu, New Year
        (date(2026, 1, 2), False),  # Fri, New Year (second day)
        (date(2026, 1, 5), True),  # Mon
        (date(2026, 1, 7), False),  # Wed, Orthodox Christmas
        (date(2026, 3, 8), False),  # Sun, Women's Day on a Sunday
        (date(2026, 3, 9), False),  # Mon, the day off moved from Sunday 8 March
        (date(2026, 3, 10), True),  # Tue
        (date(2026, 3, 23), False),  # Mon, Nauryz
        (date(2026, 3, 24), False),  # Tue, moved from Nauryz on Saturday 21 March
        (date(2026, 3, 25), False),  # Wed, moved from Nauryz on Sunday 22 March
        (date(2026, 3, 26), True),  # Thu
        (date(2026, 5, 1), False),  # Fri, Unity Day
        (date(2026, 5, 7), False),  # Thu, Defender of the Fatherland Day
        (date(2026, 5, 8), True),  # Fri between two holidays: no transfer for 2026 in the package
        (date(2026, 5, 11), False),  # Mon, moved from Victory Day on Saturday 9 May
        (date(2026, 7, 6), False),  # Mon, Capital Day
        (date(2026, 10, 26), False),  # Mon, moved from Republic Day on Sunday 25 October
        (date(2026, 12, 16), False),  # Wed, Independence Day
        (date(2026, 12, 17), True),  # Thu: 17 December is no longer a holiday (since 2022)
        (date(2026, 12, 31), True),  # Thu, New Year's Eve is worked
        (date(2027, 1, 4), False),  # Mon, moved from New Year's 2 January on a Saturday
        (date(2026, 3, 7), False),  # Sat
        (date(2024, 5, 4), True),  # Sat worked by decree, so that Wed 8 May 2024 was off
        (date(2024, 5, 8), False),
        (date(2025, 1, 3), False),  # Fri off by decree, for Sunday 5 January 2025
        (date(2025, 1, 5), True),
    ],
)
def test_working_days(day, working):
    assert deadlines.is_working_day(day) is working


def test_due_date_across_womens_day_and_nauryz_2026():
    # Registered Thu 5 March 2026. 1: Fri 6; Sat 7, Sun 8 (Women's Day), Mon 9 off (moved from the
    # 8th); 2: Tue 10, 3: Wed 11, 4: Thu 12, 5: Fri 13, 6: Mon 16, 7: Tue 17, 8: Wed 18, 9: Thu 19,
    # 10: Fri 20; Sat 21 - Mon 23 Nauryz, Tue 24 and Wed 25 off (moved from 21 and 22);
    # 11: Thu 26, 12: Fri 27, 13: Mon 30, 14: Tue 31, 15: Wed 1 April.
    # Without the holidays it would have been Thu 26 March: the calendar costs four working days.
    assert deadlines.due_date(date(2026, 3, 5)) == date(2026, 4, 1)


def test_due_date_registered_on_a_friday_before_the_may_holidays_2026():
    # Registered Fri 24 April 2026. 1: Mon 27, 2: Tue 28, 3: Wed 29, 4: Thu 30; Fri 1 May off;
    # 5: Mon 4, 6: Tue 5, 7: Wed 6; Thu 7 May off; 8: Fri 8; Sat 9 (Victory Day), Mon 11 off (moved);
    # 9: Tue 12, 10: Wed 13, 11: Thu 14, 12: Fri 15, 13: Mon 18, 14: Tue 19, 15: Wed 20 May.
    assert deadlines.due_date(date(2026, 4, 24)) == date(2026, 5, 20)
    # Forwarding: 1: Mon 27, 2: Tue 28, 3: Wed 29 April.
    assert deadlines.forward_due(date(2026, 4, 24)) == date(2026, 4, 29)


def test_due_date_registered_on_a_holiday():
    # Registered Mon 23 March 2026, Nauryz: the day itself is day 0 as any other. Tue 24, Wed 25 off;
    # 1: Thu 26, 2: Fri 27, 3: Mon 30, 4: Tue 31, 5: Wed 1 April, 6: Thu 2, 7: Fri 3, 8: Mon 6,
    # 9: Tue 7, 10: Wed 8, 11: Thu 9, 12: Fri 10, 13: Mon 13, 14: Tue 14, 15: Wed 15 April.
    assert deadlines.due_date(date(2026, 3, 23)) == date(2026, 4, 15)
    # 1: Thu 26, 2: Fri 27, 3: Mon 30 March.
    assert deadlines.forward_due(date(2026, 3, 23)) == date(2026, 3, 30)


def test_due_date_registered_on_a_saturday():
    # Registered Sat 7 March 2026: Sun 8 and Mon 9 off; 1: Tue 10, 2: Wed 11, 3: Thu 12.
    assert deadlines.forward_due(date(2026, 3, 7)) == date(2026, 3, 12)


def test_due_date_across_the_year_end_2026_2027():
    # Registered Wed 16 December 2026, Independence Day. 1: Thu 17, 2: Fri 18, 3: Mon 21, 4: Tue 22,
    # 5: Wed 23, 6: Thu 24, 7: Fri 25, 8: Mon 28, 9: Tue 29, 10: Wed 30, 11: Thu 31;
    # Fri 1 and Sat 2 January 2027 New Year, Mon 4 off (moved from the 2nd); 12: Tue 5, 13: Wed 6;
    # Thu 7 Christmas; 14: Fri 8, 15: Mon 11 January 2027.
    assert deadlines.due_date(date(2026, 12, 16)) == date(2027, 1, 11)


def test_due_date_across_the_year_end_2025_2026():
    # Registered Thu 25 December 2025. 1: Fri 26, 2: Mon 29, 3: Tue 30, 4: Wed 31; Thu 1 and Fri 2
    # January 2026 New Year; 5: Mon 5, 6: Tue 6; Wed 7 Christmas; 7: Thu 8, 8: Fri 9, 9: Mon 12,
    # 10: Tue 13, 11: Wed 14, 12: Thu 15, 13: Fri 16, 14: Mon 19, 15: Tue 20 January 2026.
    assert deadlines.due_date(date(2025, 12, 25)) == date(2026, 1, 20)


@pytest.mark.parametrize(
    ("registered", "due"),
    [
        # Fri 3 July 2026: Mon 6 Capital Day; 1: Tue 7, 2: Wed 8, 3: Thu 9.
        (date(2026, 7, 3), date(2026, 7, 9)),
        # Fri 23 October 2026: Sun 25 Republic Day, Mon 26 off (moved); 1: Tue 27, 2: Wed 28, 3: Thu 29.
        (date(2026, 10, 23), date(2026, 10, 29)),
        # Fri 29 August 2025: Sat 30 Constitution Day, Mon 1 September off (moved); 1: Tue 2, 2: Wed 3,
        # 3: Thu 4.
        (date(2025, 8, 29), date(2025, 9, 4)),
        # Fri 28 August 2026: the package has no Constitution Day on 30 August from 2026 (it moves to
        # 15 March from 2027), so Mon 31 August is worked: 1: Mon 31, 2: Tue 1, 3: Wed 2 September.
        (date(2026, 8, 28), date(2026, 9, 2)),
        # Tue 26 May 2026: Wed 27 Kurban Ait (the package's estimate); 1: Thu 28, 2: Fri 29, 3: Mon 1 June.
        (date(2026, 5, 26), date(2026, 6, 1)),
        # Thu 2 May 2024: 1: Fri 3, 2: Sat 4 (worked by decree), 3: Mon 6.
        (date(2024, 5, 2), date(2024, 5, 6)),
        # Thu 2 January 2025 (New Year): Fri 3 off by decree, Sat 4; 1: Sun 5 (worked by decree),
        # 2: Mon 6; Tue 7 Christmas; 3: Wed 8.
        (date(2025, 1, 2), date(2025, 1, 8)),
    ],
)
def test_forward_due_around_holidays_and_transfers(registered, due):
    assert deadlines.forward_due(registered) == due


def test_due_date_through_a_decreed_transfer():
    # Thu 2 May 2024. 1: Fri 3, 2: Sat 4 (worked by decree), 3: Mon 6; Tue 7 holiday, Wed 8 off by
    # decree, Thu 9 Victory Day; 4: Fri 10, 5: Mon 13, 6: Tue 14, 7: Wed 15, 8: Thu 16, 9: Fri 17,
    # 10: Mon 20, 11: Tue 21, 12: Wed 22, 13: Thu 23, 14: Fri 24, 15: Mon 27 May.
    assert deadlines.due_date(date(2024, 5, 2)) == date(2024, 5, 27)


def test_extension_notice_due():
    # Decided Fri 20 March 2026, the eve of Nauryz: Sat 21 - Wed 25 off; 1: Thu 26, 2: Fri 27, 3: Mon 30.
    assert deadlines.extension_notice_due(date(2026, 3, 20)) == date(2026, 3, 30)


def test_add_working_days_counts_from_the_next_day():
    assert deadlines.add_working_days(date(2026, 3, 10), 0) == date(2026, 3, 10)
    assert deadlines.add_working_days(date(2026, 3, 8), 0) == date(2026, 3, 8)  # 0 is the start, even a holiday
    assert deadlines.add_working_days(date(2026, 3, 10), 1) == date(2026, 3, 11)
    # Fri 13 March 2026: 1: Mon 16.
    assert deadlines.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 16)
    with pytest.raises(ValueError):
        deadlines.add_working_days(date(2026, 3, 10), -1)


def test_a_long_count_across_years():
    # 250 working days from Thu 1 January 2026 ends in January 2027; counted day by day.
    day, count = date(2026, 1, 1), 0
    end = deadlines.add_working_days(day, 250)
    while day < end:
        day = date.fromordinal(day.toordinal() + 1)
        count += deadlines.is_working_day(day)
    assert count == 250 and deadlines.is_working_day(end)
    assert end.year == 2027


@pytest.mark.parametrize(
    ("registered", "latest"),
    [
        (date(2026, 3, 5), date(2026, 5, 5)),
        (date(2026, 7, 31), date(2026, 9, 30)),  # no 31 September: its last day
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),  # leap year
        (date(2027, 12, 29), date(2028, 2, 29)),
        (date(2026, 12, 30), date(2027, 2, 28)),
        (date(2026, 11, 15), date(2027, 1, 15)),  # across the year end
        (date(2026, 1, 31), date(2026, 3, 31)),
        (date(2026, 3, 21), date(2026, 5, 21)),  # not moved for holidays either way
    ],
)
def test_latest_extension(registered, latest):
    assert deadlines.latest_extension(registered) == latest


def test_due_date_always_comes_before_the_latest_extension():
    day = date(2026, 1, 1)
    for offset in range(0, 730, 7):
        registered = date.fromordinal(day.toordinal() + offset)
        assert deadlines.due_date(registered) < deadlines.latest_extension(registered)


@pytest.mark.parametrize(
    ("answered", "deadline"),
    [
        (date(2026, 3, 5), date(2026, 4, 4)),  # 26 days left in March, 4 in April
        (date(2026, 12, 20), date(2027, 1, 19)),  # 11 in December, 19 in January
        (date(2024, 2, 1), date(2024, 3, 2)),  # 28 in a leap February (2-29), then 2 in March
        (date(2026, 3, 20), date(2026, 4, 19)),  # calendar days: Nauryz is not skipped
    ],
)
def test_reopen_deadline(answered, deadline):
    assert deadlines.reopen_deadline(answered) == deadline
