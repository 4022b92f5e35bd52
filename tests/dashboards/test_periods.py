"""The period a dashboard covers: whole months, the same length before it to compare, and what
cannot be asked for."""

from __future__ import annotations

import datetime

import pytest

from consultancy.selectors.balance import Month
from dashboards.periods import Period, PeriodNotValid

TODAY = datetime.date(2026, 4, 15)


def test_by_default_the_twelve_whole_months_before_this_one():
    """Given 15 April 2026, then the default is April 2025 to March 2026, against April 2024
    to March 2025."""
    period = Period.parse(None, None, today=TODAY)

    assert (period.first, period.last) == (Month(2025, 4), Month(2026, 3))
    assert (period.previous.first, period.previous.last) == (Month(2024, 4), Month(2025, 3))
    assert period.months == 12


def test_a_period_across_a_new_year_compares_with_as_many_months_before():
    """Given November 2025 to February 2026, then the previous period is July to October 2025."""
    period = Period.parse("2025-11", "2026-02", today=TODAY)

    assert period.label == "November 2025 to February 2026"
    assert (period.previous.first, period.previous.last) == (Month(2025, 7), Month(2025, 10))
    assert period.first_day == datetime.date(2025, 11, 1)
    assert period.last_day == datetime.date(2026, 2, 28)


def test_only_a_first_month_runs_to_this_month():
    """Given only `from`, then the period runs to the current month, which is still open."""
    period = Period.parse("2026-01", None, today=TODAY)

    assert period.last == Month(2026, 4)


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        pytest.param("2026-03", "2026-01", "to", id="the last month before the first"),
        pytest.param("2026-13", None, "from", id="no such month"),
        pytest.param("2025-01", "2026-05", "to", id="a month still to come"),
        pytest.param("2016-01", "2026-01", "from", id="more than five years"),
        pytest.param("March", None, "from", id="not a year and month"),
    ],
)
def test_what_cannot_be_asked_for_says_which_month_and_why(first, last, field):
    """Given an unreadable, backwards, future or too long period, then it is refused with the
    field to correct."""
    with pytest.raises(PeriodNotValid) as refused:
        Period.parse(first, last, today=TODAY)

    assert refused.value.field == field
    assert str(refused.value)
