"""Working days in Vietnam: Monday to Friday, less the public holidays (Tết, compensatory days, …)
of the maintained `holidays` calendar. The warehouse reads the same days from the seed
ref_public_holidays.csv, which scripts/write_holidays_seed.py writes from this module."""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

FIRST_YEAR, LAST_YEAR = 2009, 2032  # the years dim_period covers, with a margin


@functools.cache
def public_holidays(language: str = "vi") -> dict[date, str]:
    days = holidays.Vietnam(years=range(FIRST_YEAR, LAST_YEAR + 1), language=language)
    return dict(sorted(days.items()))


def is_working_day(d: date) -> bool:
    return d.weekday() < 5 and d not in public_holidays()


def nth_working_day_after(d: date, n: int) -> date:
    """The n-th working day after d (n ≥ 1)."""
    day = d
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_late(deadline: date, arrived: date) -> int:
    """Working days from the day after the deadline to the day of arrival; a report that arrives on
    a day off counts as received on the next working day. 0 when on time."""
    if arrived <= deadline:
        return 0
    late = sum(1 for k in range(1, (arrived - deadline).days + 1) if is_working_day(deadline + timedelta(days=k)))
    return late if is_working_day(arrived) else late + 1
