"""Small-number suppression: primary and secondary, and a reader who tries to work a hidden
count out from everything a table shows.

The reader here is written independently of `dashboards.suppression` (which checks itself with
max-flows): it searches every table of whole numbers that agrees with what is shown, with the
bounds a reader knows (a "fewer than 5" is 1 to 4, a "suppressed" count at least 5, a zero is
shown), and says which hidden counts could only be one value.
"""

from __future__ import annotations

import random

import pytest

from dashboards.suppression import (
    GRAND,
    PRIMARY,
    SECONDARY,
    Grid,
    cell,
    column_total,
    protect,
    row_total,
)
from dashboards.tables import Column, CountTable

THRESHOLD = 5


def worked_out(grid: Grid, hidden: dict, *, threshold: int) -> set:
    """Every hidden entry whose value is the same in all tables agreeing with what is shown:
    for each, a search for an agreeing table where it is smaller, then one where it is larger."""
    entries = grid.entries()
    known = {e: grid.value(e) for e in entries if e not in hidden}
    cap = 3 * sum(grid.value(e) for e in entries) + 20
    unknown = [e for e in entries if e in hidden]
    lines = [[(p, 1) for p in parts] + [(total, -1)] for parts, total in grid.lines()]

    def tighten(low: dict, high: dict) -> bool:
        """Narrow each unknown to what its lines allow; False when nothing fits."""
        changed = True
        while changed:
            changed = False
            for terms in lines:

                def span(e, sign):
                    lo, hi = (known[e], known[e]) if e in known else (low[e], high[e])
                    return (lo * sign, hi * sign) if sign > 0 else (hi * sign, lo * sign)

                spans = [span(e, sign) for e, sign in terms]
                least, most = sum(a for a, _ in spans), sum(b for _, b in spans)
                for (e, sign), (a, b) in zip(terms, spans, strict=True):
                    if e in known:
                        continue
                    # The line sums to zero: this term lies within -(the others' range).
                    term_lo, term_hi = -(most - b), -(least - a)
                    lo, hi = (term_lo, term_hi) if sign > 0 else (-term_hi, -term_lo)
                    if lo > low[e]:
                        low[e], changed = lo, True
                    if hi < high[e]:
                        high[e], changed = hi, True
                    if low[e] > high[e]:
                        return False
        return True

    def exists(low: dict, high: dict) -> bool:
        if not tighten(low, high):
            return False
        open_ = [e for e in unknown if low[e] < high[e]]
        if not open_:
            return True
        e = min(open_, key=lambda x: high[x] - low[x])
        for value in range(low[e], high[e] + 1):
            lo, hi = dict(low), dict(high)
            lo[e] = hi[e] = value
            if exists(lo, hi):
                return True
        return False

    low = {e: 1 if hidden[e] == PRIMARY else threshold for e in unknown}
    high = {e: threshold - 1 if hidden[e] == PRIMARY else cap for e in unknown}
    pinned = set()
    for e in unknown:
        value = grid.value(e)
        smaller = dict(high) | {e: min(high[e], value - 1)}
        larger = dict(low) | {e: max(low[e], value + 1)}
        if not exists(dict(low), smaller) and not exists(larger, dict(high)):
            pinned.add(e)
    return pinned


def protection_of(values, *, rows=True, columns=True, threshold=THRESHOLD):
    grid = Grid.of(values, rows=rows, columns=columns)
    return grid, protect(grid, threshold=threshold)


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_shown():
    """Given a column of 0, 1, 4, 5 and 20 with its total, when protected, then 1 and 4 are
    hidden as primary, 0, 5, 20 and the total shown."""
    grid, protection = protection_of([[0], [1], [4], [5], [20]], rows=False)

    assert protection.hidden[cell(1, 0)] == PRIMARY
    assert protection.hidden[cell(2, 0)] == PRIMARY
    for shown in (cell(0, 0), cell(3, 0), cell(4, 0), column_total(0)):
        assert shown not in protection.hidden


def test_a_lone_hidden_count_in_a_row_takes_the_next_smallest_with_it():
    """Given a row 2, 9, 30 whose total is shown, when protected, then 9 is hidden too (the
    smallest beside it): 41 - 30 gives only the sum of the two."""
    grid, protection = protection_of([[2, 9, 30]], columns=False)

    assert protection.hidden == {cell(0, 0): PRIMARY, cell(0, 1): SECONDARY}


def test_a_hidden_one_beside_a_hidden_five_is_protected_further():
    """Given a row 1, 5, 20 with its total 26 shown: a reader knows the hidden pair adds up to 6,
    that the first is 1 to 4 and the second at least 5, so it can only be 1 and 5. Then more
    is hidden, until it could be otherwise."""
    grid, protection = protection_of([[1, 5, 20]], columns=False)

    assert protection.hidden[cell(0, 0)] == PRIMARY
    assert protection.hidden[cell(0, 2)] == SECONDARY
    assert not worked_out(grid, protection.hidden, threshold=THRESHOLD)


def test_a_small_total_is_hidden_and_protected_in_the_totals_row():
    """Given two columns whose totals are 3 and 40 and a grand total of 43, then the 3 is hidden
    and another column total with it, since 43 - 40 would give it back."""
    grid, protection = protection_of([[3, 10], [0, 30]])

    assert protection.hidden[column_total(0)] == PRIMARY
    assert protection.hidden[cell(0, 0)] == PRIMARY
    assert not worked_out(grid, protection.hidden, threshold=THRESHOLD)
    assert row_total(1) not in protection.hidden or protection.hidden[row_total(1)] == SECONDARY
    assert GRAND not in protection.hidden


@pytest.mark.parametrize("threshold", [3, 5, 10])
def test_the_threshold_decides_what_is_small(threshold):
    """Given counts from 0 to 12, when protected at a threshold, then exactly the counts from 1
    to the threshold less one are primary."""
    values = [[n] for n in range(13)]
    grid, protection = protection_of(values, rows=False, threshold=threshold)

    primary = {e for e, why in protection.hidden.items() if why == PRIMARY}
    assert primary == {cell(n, 0) for n in range(1, threshold)}


def _random_tables(seed: int, count: int):
    pick = random.Random(seed)
    for _ in range(count):
        height, width = pick.randint(1, 4), pick.randint(1, 4)
        values = [
            [pick.choice([0, 0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 20]) for _ in range(width)]
            for _ in range(height)
        ]
        yield values, pick.choice([True, False]), pick.choice([True, False])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hidden_count_can_be_worked_out_from_any_row_column_or_total(seed):
    """Given random small tables (with row totals, column totals, both or neither), when
    protected, then every count from 1 to 4 is hidden, no zero is, and the reader, searching
    every table of whole numbers agreeing with what is shown, pins down no hidden count."""
    for values, rows, columns in _random_tables(seed, 150):
        grid, protection = protection_of(values, rows=rows, columns=columns)
        if protection.withheld:
            continue
        for entry in grid.entries():
            value = grid.value(entry)
            if 0 < value < THRESHOLD:
                assert protection.hidden.get(entry) == PRIMARY, (values, entry)
            if value == 0:
                assert entry not in protection.hidden, (values, entry)
        assert not worked_out(grid, protection.hidden, threshold=THRESHOLD), (values, rows, columns)


def test_the_reader_does_find_what_the_classic_rule_alone_would_give_away():
    """Given the row 1, 5, 20 with its total and only the classic rule's suppression (1 and 5),
    then the reader here works both out: the test's reader can find a real disclosure."""
    grid = Grid.of([[1, 5, 20]], rows=True, columns=False)
    hidden = {cell(0, 0): PRIMARY, cell(0, 1): SECONDARY}

    assert worked_out(grid, hidden, threshold=THRESHOLD) == {cell(0, 0), cell(0, 1)}


def test_a_table_shows_hidden_counts_in_words_and_keeps_no_value():
    """Given a count table with a 2 and a 9 in a row with its total, when built, then the 2 says
    'fewer than 5', the 9 'suppressed', and neither keeps its number."""
    table = CountTable(
        slug="t", title="T", description="", row_heading="Row", rows=["a"], threshold=5
    )
    table.block(
        columns=[Column("x", "X"), Column("y", "Y"), Column("z", "Z")],
        values=[[2, 9, 30]],
        row_total=Column("total", "Total"),
        column_totals=False,
    )
    built = table.build()

    cells = built.rows[0].cells
    assert [c.text for c in cells] == ["fewer than 5", "suppressed", "30", "41"]
    assert [c.value for c in cells] == [None, None, 30, 41]
