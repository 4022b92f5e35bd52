"""A dashboard table as every reader gets it: the page, its chart, the API and the CSV show the
same rows and the same cells, already suppressed.

A hidden count keeps no value: nothing downstream of `CountTable.build` can show what the
suppression hid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dashboards.suppression import (
    GRAND,
    PRIMARY,
    Grid,
    Protection,
    cell,
    column_total,
    protect,
    row_total,
)

# What a cell holds.
SHOWN = "shown"
HIDDEN_PRIMARY = PRIMARY
HIDDEN_SECONDARY = "secondary"
NOT_SHOWN = "not_shown"  # a rate or average resting on a hidden or too small count
NONE = "none"  # nothing to report: no referral, no case
SECONDARY_TEXT = "suppressed"
NOT_SHOWN_TEXT = "not shown"
NONE_TEXT = "none"
ONE_PLACE = Decimal("0.1")
CELL_STATES = [
    (SHOWN, "Shown"),
    (HIDDEN_PRIMARY, "Fewer than the threshold"),
    (HIDDEN_SECONDARY, "Suppressed so that smaller counts cannot be worked out"),
    (NOT_SHOWN, "A rate or average resting on hidden or too few counts"),
    (NONE, "Nothing to report"),
]


def fewer_than(threshold: int) -> str:
    return f"fewer than {threshold}"


@dataclass(frozen=True)
class Cell:
    """What one cell shows (`text`), its number when shown (`value`), and why not otherwise."""

    text: str
    value: int | Decimal | None = None
    state: str = SHOWN

    @property
    def is_hidden(self) -> bool:
        return self.state != SHOWN

    def as_data(self) -> dict[str, Any]:
        return {"value": self.value, "text": self.text, "state": self.state}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = True


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of some columns of the table (`series`), one bar group per row."""

    series: tuple[str, ...]
    stacked: bool = False
    unit: str = ""


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    description: str
    row_heading: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    total: Row | None = None
    # Whether small counts in it are suppressed (counts about young people are; counts of
    # professionals, hours and agreements are not).
    suppressed: bool = True
    withheld: bool = False
    notes: tuple[str, ...] = ()
    chart: Chart | None = None
    empty_text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.rows and not self.withheld

    @property
    def has_hidden(self) -> bool:
        every = [
            c for row in (*self.rows, *([self.total] if self.total else [])) for c in row.cells
        ]
        return any(c.state in (HIDDEN_PRIMARY, HIDDEN_SECONDARY) for c in every)

    def column_index(self, key: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.key == key)

    def chart_data(self) -> dict[str, Any] | None:
        """The chart's labels and series, from the same cells: a hidden count is a gap."""
        if self.chart is None or self.withheld or not self.rows:
            return None
        series = []
        for key in self.chart.series:
            index = self.column_index(key)
            series.append(
                {
                    "label": self.columns[index].label,
                    "values": [_chart_value(row.cells[index]) for row in self.rows],
                }
            )
        return {
            "slug": self.slug,
            "labels": [row.label for row in self.rows],
            "series": series,
            "stacked": self.chart.stacked,
            "unit": self.chart.unit,
        }


def _chart_value(made: Cell) -> float | None:
    return None if made.value is None else float(made.value)


def count_cell(value: int) -> Cell:
    return Cell(f"{value:,}", value)


def number_cell(value: Decimal | int | None, *, suffix: str = "") -> Cell:
    if value is None:
        return Cell(NONE_TEXT, None, NONE)
    if isinstance(value, int):
        return Cell(f"{value:,}{suffix}", value)
    rounded = value.quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return Cell(f"{rounded:,}{suffix}", rounded)


def not_shown() -> Cell:
    return Cell(NOT_SHOWN_TEXT, None, NOT_SHOWN)


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """Percent to one place, or None when there is no whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def percent_cell(part: int | Decimal, whole: int | Decimal) -> Cell:
    value = share(part, whole)
    return number_cell(value, suffix="%") if value is not None else Cell(NONE_TEXT, None, NONE)


def small(value: int, threshold: int) -> bool:
    return 0 < value < threshold


@dataclass
class _Block:
    columns: list[Column]
    values: list[list[int]]
    row_total: Column | None
    column_totals: bool
    protection: Protection = field(default_factory=Protection)


class CountTable:
    """Builds a table of counts in blocks of columns, each block suppressed as one grid with
    its own totals, then derived columns (rates, shares) that may read the blocks' counts and
    whether they are hidden."""

    def __init__(
        self,
        *,
        slug: str,
        title: str,
        description: str,
        row_heading: str,
        rows: Sequence[str],
        threshold: int,
        suppressed: bool = True,
        total_label: str = "Total",
    ) -> None:
        self.slug, self.title, self.description = slug, title, description
        self.row_heading, self.row_labels = row_heading, list(rows)
        self.threshold, self.suppressed, self.total_label = threshold, suppressed, total_label
        self._parts: list[_Block | tuple[Column, list[Cell], Cell | None]] = []

    def block(
        self,
        *,
        columns: Sequence[Column],
        values: Sequence[Sequence[int]],
        row_total: Column | None = None,
        column_totals: bool = True,
    ) -> int:
        """Add columns of counts (`values[row][column]`); returns the block's number."""
        block = _Block(list(columns), [list(v) for v in values], row_total, column_totals)
        if self.suppressed and self.row_labels and block.columns:
            grid = Grid.of(block.values, rows=row_total is not None, columns=column_totals)
            block.protection = protect(grid, threshold=self.threshold)
        self._parts.append(block)
        return sum(1 for part in self._parts if isinstance(part, _Block)) - 1

    def derived(self, column: Column, cells: Sequence[Cell], total: Cell | None = None) -> None:
        self._parts.append((column, list(cells), total))

    def _blocks(self) -> list[_Block]:
        return [part for part in self._parts if isinstance(part, _Block)]

    def count(self, block: int, row: int | None, column: int | None) -> tuple[int, bool]:
        """A count of a block (a row total with `column=None`, a column total with `row=None`,
        the grand total with both), and whether it is hidden."""
        chosen = self._blocks()[block]
        grid = Grid.of(chosen.values, rows=True, columns=True)
        if row is not None and column is not None:
            entry = cell(row, column)
        elif row is not None:
            entry = row_total(row)
        elif column is not None:
            entry = column_total(column)
        else:
            entry = GRAND
        hidden = chosen.protection.withheld or chosen.protection.state(entry) is not None
        return grid.value(entry), hidden

    def _count_cell(self, block: _Block, entry: Any, value: int) -> Cell:
        if block.protection.withheld:
            return Cell(SECONDARY_TEXT, None, HIDDEN_SECONDARY)
        state = block.protection.state(entry)
        if state == PRIMARY:
            return Cell(fewer_than(self.threshold), None, HIDDEN_PRIMARY)
        if state is not None:
            return Cell(SECONDARY_TEXT, None, HIDDEN_SECONDARY)
        return count_cell(value)

    def build(
        self,
        *,
        notes: Sequence[str] = (),
        chart: Chart | None = None,
        empty_text: str = "",
        with_total: bool = True,
    ) -> Table:
        columns: list[Column] = []
        row_cells: list[list[Cell]] = [[] for _ in self.row_labels]
        total_cells: list[Cell] = []
        any_totals = False
        for part in self._parts:
            if isinstance(part, _Block):
                grid = Grid.of(part.values, rows=True, columns=True)
                columns += part.columns
                for i in range(len(self.row_labels)):
                    for j in range(len(part.columns)):
                        entry = cell(i, j)
                        row_cells[i].append(self._count_cell(part, entry, grid.value(entry)))
                for j in range(len(part.columns)):
                    if part.column_totals:
                        any_totals = True
                        entry = column_total(j)
                        total_cells.append(self._count_cell(part, entry, grid.value(entry)))
                    else:
                        total_cells.append(Cell(""))
                if part.row_total is not None:
                    columns.append(part.row_total)
                    for i in range(len(self.row_labels)):
                        entry = row_total(i)
                        row_cells[i].append(self._count_cell(part, entry, grid.value(entry)))
                    if part.column_totals:
                        total_cells.append(self._count_cell(part, GRAND, grid.value(GRAND)))
                    else:
                        total_cells.append(Cell(""))
            else:
                column, cells, total = part
                columns.append(column)
                for i, made in enumerate(cells):
                    row_cells[i].append(made)
                total_cells.append(total if total is not None else Cell(""))
                any_totals = any_totals or total is not None
        withheld = any(block.protection.withheld for block in self._blocks())
        rows = tuple(
            Row(label, tuple(cells))
            for label, cells in zip(self.row_labels, row_cells, strict=True)
        )
        return Table(
            slug=self.slug,
            title=self.title,
            description=self.description,
            row_heading=self.row_heading,
            columns=tuple(columns),
            rows=() if withheld else rows,
            total=Row(self.total_label, tuple(total_cells))
            if with_total and any_totals and rows and not withheld
            else None,
            suppressed=self.suppressed,
            withheld=withheld,
            notes=tuple(notes),
            chart=chart,
            empty_text=empty_text,
        )


def rate_cell(
    numerator: tuple[int, bool],
    denominator: tuple[int, bool],
    *,
    threshold: int,
    compute: Callable[[int, int], Cell],
) -> Cell:
    """A rate of two counts (each with whether it is hidden): not shown when it rests on a
    hidden count, or when the part or the rest of the whole is small enough to be hidden."""
    part, part_hidden = numerator
    whole, whole_hidden = denominator
    if whole == 0:
        return Cell(NONE_TEXT, None, NONE)
    if part_hidden or whole_hidden or small(part, threshold) or small(whole - part, threshold):
        return not_shown()
    return compute(part, whole)
