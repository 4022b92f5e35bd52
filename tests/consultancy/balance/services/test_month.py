"""Months as the balance pages and API take them: `YYYY-MM`, this month or earlier."""

from __future__ import annotations

import datetime

import pytest

from consultancy.selectors.balance import Month, MonthNotValid

TODAY = datetime.date(2026, 3, 14)


def test_no_month_is_this_month():
    """No month given means the current month in London."""
    assert Month.parse(None, today=TODAY) == Month(2026, 3)
    assert Month.parse("", today=TODAY) == Month(2026, 3)


@pytest.mark.parametrize("value", ["2026-3", "March", "2026-13", "2026-00", "1999-12", "2026-04"])
def test_unreadable_or_later_months_are_refused(value):
    """A month that is not `YYYY-MM`, not real, too early, or not yet begun is refused."""
    with pytest.raises(MonthNotValid):
        Month.parse(value, today=TODAY)


def test_the_current_month_has_no_next():
    """The current month has a previous month but no next."""
    month = Month.current()
    assert month.has_previous
    assert not month.has_next
    assert month.previous.has_next


def test_bounds_follow_london_clocks():
    """A month's bounds are London midnights: GMT in winter, BST in summer."""
    march = Month(2025, 3)
    assert march.starts_at.astimezone(datetime.UTC) == datetime.datetime(
        2025, 3, 1, 0, tzinfo=datetime.UTC
    )
    assert march.ends_at.astimezone(datetime.UTC) == datetime.datetime(
        2025, 3, 31, 23, tzinfo=datetime.UTC
    )
    assert march.last_day == datetime.date(2025, 3, 31)
    assert Month(2024, 12).next == Month(2025, 1)
    assert Month(2025, 1).previous == Month(2024, 12)
    assert Month(2025, 1).label == "January 2025"
    assert Month(2025, 1).param == "2025-01"
