"""Working days in England and Wales: Monday to Friday, except bank holidays.

Bank holidays come from the maintained `holidays` package (England's calendar, which Wales
shares), including substitute days such as Boxing Day observed on a Monday.

A working-day deadline counts from the first working day on or after the event: a referral
submitted on Saturday has the same two working days as one submitted on Monday, and one
submitted on Friday afternoon is due on Tuesday.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def working_day_on_or_after(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += ONE_DAY
    return day


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days after the first working day on or after `day`."""
    if count < 0:
        raise ValueError("Count working days forwards only.")
    day = working_day_on_or_after(day)
    for _ in range(count):
        day = working_day_on_or_after(day + ONE_DAY)
    return day


def latest_start_due_by(today: datetime.date, count: int) -> datetime.date:
    """The latest day whose `count`-working-day deadline falls on or before `today`.

    Everything that started on or before it is due; a sweep selects those with one indexed
    comparison instead of working out each record's deadline. Deadlines never move backwards
    as the start moves forwards, so walking back from today finds it within a few weeks.
    """
    day = today
    while working_days_after(day, count) > today:
        day -= ONE_DAY
    return day


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of a day in the current time zone (Europe/London), as an aware time."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
