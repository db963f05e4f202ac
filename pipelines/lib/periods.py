"""The statistical calendar, computed once: a statistical year runs from 1 October to 30 September
and is named by the year it ends in (domain.md §3.1); a period is cumulative from 1 October to a
month end."""

from __future__ import annotations

from datetime import date, timedelta

YEAR_START_MONTH = 10


def month_end(year: int, month: int) -> date:
    """Last day of a calendar month."""
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def is_month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def stat_year_of(d: date) -> int:
    """The statistical year a day belongs to (1/10/2022 – 30/9/2023 is 2023)."""
    return d.year + 1 if d.month >= YEAR_START_MONTH else d.year


def stat_year_start(stat_year: int) -> date:
    """1 October of the previous calendar year: the start of every period of that year."""
    return date(stat_year - 1, YEAR_START_MONTH, 1)


def period_start_of(period_end: date) -> date:
    """Cumulative periods all start on 1 October of their statistical year."""
    return stat_year_start(stat_year_of(period_end))


def period_end_of(stat_year: int, months: int) -> date:
    """End of the `months`-month period of `stat_year` (months=1 is October of stat_year − 1)."""
    month = (YEAR_START_MONTH - 1 + months - 1) % 12 + 1
    year = stat_year - 1 if month >= YEAR_START_MONTH else stat_year
    return month_end(year, month)


def months_between(start: date, end: date) -> int:
    """Number of months of a cumulative period from `start` to `end` (both inclusive)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def latest_complete_month(today: date) -> date:
    """End of the last month that has ended before `today`."""
    return date(today.year, today.month, 1) - timedelta(days=1)


def year_month_ends(stat_year: int) -> tuple[date, ...]:
    """The twelve period ends of a statistical year (31/10 of the year before … 30/9)."""
    return tuple(period_end_of(stat_year, m) for m in range(1, 13))
