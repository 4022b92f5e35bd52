"""Working days in England and Wales: weekends and bank holidays, substitute days included."""

from __future__ import annotations

import datetime

import pytest

from cse_hub.working_days import (
    is_working_day,
    latest_start_due_by,
    working_day_on_or_after,
    working_days_after,
)

D = datetime.date


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2026, 12, 24), True, id="Christmas Eve is a working day"),
        pytest.param(D(2026, 12, 25), False, id="Christmas Day"),
        pytest.param(D(2026, 12, 26), False, id="Boxing Day on a Saturday"),
        pytest.param(D(2026, 12, 28), False, id="the substitute Boxing Day on Monday"),
        pytest.param(D(2026, 12, 29), True, id="the Tuesday after"),
        pytest.param(D(2027, 3, 26), False, id="Good Friday 2027"),
        pytest.param(D(2027, 3, 29), False, id="Easter Monday 2027"),
        pytest.param(D(2026, 8, 31), False, id="the summer bank holiday"),
        pytest.param(D(2026, 12, 5), False, id="a Saturday"),
        pytest.param(D(2026, 12, 7), True, id="a Monday"),
    ],
)
def test_which_days_are_working_days(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        pytest.param(D(2026, 12, 7), 2, D(2026, 12, 9), id="Monday + 2 is Wednesday"),
        pytest.param(D(2026, 12, 4), 2, D(2026, 12, 8), id="Friday + 2 is Tuesday"),
        pytest.param(D(2026, 12, 5), 2, D(2026, 12, 9), id="Saturday counts from Monday"),
        pytest.param(D(2026, 12, 23), 2, D(2026, 12, 29), id="over Christmas"),
        pytest.param(D(2026, 12, 24), 1, D(2026, 12, 29), id="Christmas Eve + 1"),
        pytest.param(D(2026, 12, 25), 0, D(2026, 12, 29), id="a holiday + 0 is the next working"),
        pytest.param(D(2027, 3, 25), 1, D(2027, 3, 30), id="over Easter"),
    ],
)
def test_deadlines_in_working_days(start, count, due):
    assert working_days_after(start, count) == due


def test_the_first_working_day_on_or_after_a_holiday_weekend():
    assert working_day_on_or_after(D(2026, 12, 25)) == D(2026, 12, 29)


@pytest.mark.parametrize("count", [0, 1, 2, 3, 5, 10])
@pytest.mark.parametrize(
    "today", [D(2026, 12, 21) + datetime.timedelta(days=n) for n in range(0, 14)]
)
def test_the_latest_start_due_by_today_is_exactly_the_boundary(today, count):
    """Given any day around Christmas, then everything started on or before the latest start is
    due by today, and the day after it is not."""
    latest = latest_start_due_by(today, count)

    assert working_days_after(latest, count) <= today
    assert working_days_after(latest + datetime.timedelta(days=1), count) > today


def test_counting_backwards_is_refused():
    with pytest.raises(ValueError, match="forwards"):
        working_days_after(D(2026, 12, 7), -1)
