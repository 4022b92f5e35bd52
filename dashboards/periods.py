"""The period a dashboard covers: whole calendar months (Europe/London), and the period of the
same length just before it, to compare with.

Summary tables key every figure by a month *index* (`year * 12 + month - 1`), so a period is a
range of integers and "the months between" is a subtraction, in SQL as in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from consultancy.selectors.balance import EARLIEST_YEAR, Month, MonthNotValid

# The longest period a dashboard covers: five years, with five more before it to compare.
LONGEST_MONTHS = 60
# What a dashboard shows until someone chooses: the twelve whole months before this one.
DEFAULT_MONTHS = 12


class PeriodNotValid(ValueError):
    """The period asked for cannot be shown; the message says why, for the form or the API."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def month_index(month: Month) -> int:
    return month.year * 12 + month.number - 1


def month_of_index(index: int) -> Month:
    return Month(index // 12, index % 12 + 1)


def index_of_day(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


@dataclass(frozen=True)
class Period:
    """From the first month to the last, both included."""

    first: Month
    last: Month

    @classmethod
    def default(cls, *, today: datetime.date | None = None) -> Period:
        this_month = Month.current(today=today)
        last = this_month.previous
        return cls.of_indexes(month_index(last) - DEFAULT_MONTHS + 1, month_index(last))

    @classmethod
    def of_indexes(cls, first: int, last: int) -> Period:
        return cls(month_of_index(first), month_of_index(last))

    @classmethod
    def parse(
        cls, first: str | None, last: str | None, *, today: datetime.date | None = None
    ) -> Period:
        """The months `YYYY-MM` to `YYYY-MM`; the default period when both are left out."""
        if not first and not last:
            return cls.default(today=today)
        default = cls.default(today=today)
        try:
            start = Month.parse(first, today=today) if first else default.first
        except MonthNotValid as error:
            raise PeriodNotValid(str(error), field="from") from None
        try:
            end = Month.parse(last, today=today) if last else Month.current(today=today)
        except MonthNotValid as error:
            raise PeriodNotValid(str(error), field="to") from None
        if end < start:
            raise PeriodNotValid(
                "The last month must be the same as or after the first.", field="to"
            )
        period = cls(start, end)
        if period.months > LONGEST_MONTHS:
            raise PeriodNotValid(
                f"Choose a period of at most {LONGEST_MONTHS} months.", field="from"
            )
        if period.previous.first.year < EARLIEST_YEAR:
            raise PeriodNotValid(f"Choose a period from {EARLIEST_YEAR + 5} onwards.", field="from")
        return period

    @property
    def first_index(self) -> int:
        return month_index(self.first)

    @property
    def last_index(self) -> int:
        return month_index(self.last)

    @property
    def months(self) -> int:
        return self.last_index - self.first_index + 1

    @property
    def previous(self) -> Period:
        """The period of the same length that ends the month before this one starts."""
        return Period.of_indexes(self.first_index - self.months, self.first_index - 1)

    @property
    def first_day(self) -> datetime.date:
        return self.first.first_day

    @property
    def last_day(self) -> datetime.date:
        return self.last.last_day

    @property
    def is_current(self) -> bool:
        """Whether the period runs into this month, whose figures are still coming in."""
        return self.last >= Month.current()

    @property
    def key(self) -> str:
        return f"{self.first.param}_{self.last.param}"

    @property
    def label(self) -> str:
        if self.first == self.last:
            return self.first.label
        return f"{self.first.label} to {self.last.label}"

    def query(self) -> str:
        """The query string that asks for this period."""
        return f"from={self.first.param}&to={self.last.param}"


def months_offered(*, today: datetime.date | None = None) -> list[Month]:
    """The months a period may start or end in, newest first: this one and the 59 before."""
    month = Month.current(today=today or timezone.localdate())
    offered = [month]
    for _ in range(LONGEST_MONTHS - 1):
        month = month.previous
        offered.append(month)
    return offered
