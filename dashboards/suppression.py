"""Small-number suppression for a table of counts with its totals.

**Primary**: a count from 1 to `threshold - 1` (a cell or a total) is not shown; the page says
"fewer than 5". Zero is shown: it is the usual practice, an absence identifies nobody, and
hiding zeros would hide where nothing happens.

**Secondary**: a published total minus the published cells of its row or column would give a
hidden count back, so more counts are hidden (shown as "suppressed") until none can be worked
out. The classic rule comes first: in any row or column (totals included) with exactly one hidden
count, also hide its smallest non-zero count; repeat until nothing changes. The rule is not
enough on its own (a hidden 1 beside a hidden 5, with the row's total known, can only be 1 and
5), so the result is then checked exactly and more is hidden until the check passes.

**The check** takes the reader's side. They know every shown count, that each "fewer than 5"
is 1 to 4, that each "suppressed" count is at least 5 (secondary suppression never hides a zero,
and any smaller count would have been primary), and that each row and column adds up to its
total. A table of counts whose rows and columns add up is a network flow (sources are rows,
sinks are columns, the grand total closes the circuit), so whether a hidden count could be one
more, or one less, than it is, is a feasibility question that a max-flow answers exactly; and
because such a problem's solutions are whole numbers wherever its bounds are, "could be another
whole number" is the same question. A hidden count that could be nothing else is worked out:
then the smallest non-zero count beside it is hidden too, and the check runs again. If
everything that could be hidden is hidden and something can still be worked out, the table is
withheld.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

PRIMARY = "primary"
SECONDARY = "secondary"

# An entry of a table: a cell (i, j), a row total (i,), a column total (j,), or the grand total.
Entry = tuple[str, int, int]
GRAND: Entry = ("grand", -1, -1)


def cell(i: int, j: int) -> Entry:
    return ("cell", i, j)


def row_total(i: int) -> Entry:
    return ("row", i, -1)


def column_total(j: int) -> Entry:
    return ("column", -1, j)


@dataclass(frozen=True)
class Grid:
    """Counts in rows and columns, and which of their totals the table publishes.

    The grand total is published when both the row and the column totals are.
    """

    cells: tuple[tuple[int, ...], ...]
    row_totals: bool
    column_totals: bool

    @classmethod
    def of(cls, cells: Iterable[Iterable[int]], *, rows: bool, columns: bool) -> Grid:
        return cls(tuple(tuple(int(v) for v in row) for row in cells), rows, columns)

    @property
    def height(self) -> int:
        return len(self.cells)

    @property
    def width(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    @property
    def grand_total_published(self) -> bool:
        return self.row_totals and self.column_totals

    def value(self, entry: Entry) -> int:
        kind, i, j = entry
        if kind == "cell":
            return self.cells[i][j]
        if kind == "row":
            return sum(self.cells[i])
        if kind == "column":
            return sum(row[j] for row in self.cells)
        return sum(sum(row) for row in self.cells)

    def entries(self) -> list[Entry]:
        """Every count the table publishes, cells first."""
        found = [cell(i, j) for i in range(self.height) for j in range(self.width)]
        if self.row_totals:
            found += [row_total(i) for i in range(self.height)]
        if self.column_totals:
            found += [column_total(j) for j in range(self.width)]
        if self.grand_total_published:
            found.append(GRAND)
        return found

    def lines(self) -> list[tuple[list[Entry], Entry]]:
        """Each published sum: its parts, and the total they add up to."""
        found: list[tuple[list[Entry], Entry]] = []
        if self.row_totals:
            for i in range(self.height):
                found.append(([cell(i, j) for j in range(self.width)], row_total(i)))
        if self.column_totals:
            for j in range(self.width):
                found.append(([cell(i, j) for i in range(self.height)], column_total(j)))
        if self.grand_total_published:
            found.append(([row_total(i) for i in range(self.height)], GRAND))
            found.append(([column_total(j) for j in range(self.width)], GRAND))
        return found


@dataclass(frozen=True)
class Protection:
    """What to hide in a grid: each hidden entry with the reason, or the whole table."""

    hidden: dict[Entry, str] = field(default_factory=dict)
    withheld: bool = False

    def state(self, entry: Entry) -> str | None:
        if self.withheld:
            return self.hidden.get(entry, SECONDARY)
        return self.hidden.get(entry)


def protect(grid: Grid, *, threshold: int) -> Protection:
    """Hide what must be hidden so that no hidden count can be worked out."""
    if grid.height == 0 or grid.width == 0:
        return Protection()
    hidden: dict[Entry, str] = {
        entry: PRIMARY for entry in grid.entries() if 0 < grid.value(entry) < threshold
    }
    if not hidden:
        return Protection()
    lines = grid.lines()
    while True:
        _classic_rule(grid, lines, hidden)
        worked_out = [e for e in hidden if is_worked_out(grid, hidden, e, threshold=threshold)]
        if not worked_out:
            return Protection(hidden=hidden)
        extra = _beside(grid, lines, hidden, worked_out[0]) or _smallest(
            grid, hidden, grid.entries()
        )
        if extra is None:
            return Protection(hidden=hidden, withheld=True)
        hidden[extra] = SECONDARY


def _smallest(grid: Grid, hidden: dict[Entry, str], entries: Iterable[Entry]) -> Entry | None:
    """The smallest non-zero count not yet hidden; cells before totals, then in order."""
    candidates = [e for e in entries if e not in hidden and grid.value(e) > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (grid.value(e), e[0] != "cell", e[1], e[2]))


def _classic_rule(
    grid: Grid, lines: list[tuple[list[Entry], Entry]], hidden: dict[Entry, str]
) -> None:
    changed = True
    while changed:
        changed = False
        for parts, total in lines:
            line = [*parts, total]
            if sum(1 for e in line if e in hidden) == 1:
                extra = _smallest(grid, hidden, line)
                if extra is not None:
                    hidden[extra] = SECONDARY
                    changed = True


def _beside(
    grid: Grid, lines: list[tuple[list[Entry], Entry]], hidden: dict[Entry, str], entry: Entry
) -> Entry | None:
    """The smallest count not yet hidden in any row or column the entry is part of."""
    near = [e for parts, total in lines if entry in (*parts, total) for e in (*parts, total)]
    return _smallest(grid, hidden, near)


# The exact check.


def _bounds(
    grid: Grid, hidden: dict[Entry, str], entry: Entry, *, threshold: int, infinity: int
) -> tuple[int, int]:
    """What the reader knows of an entry's value."""
    state = hidden.get(entry)
    if state is None:
        value = grid.value(entry)
        return value, value
    if state == PRIMARY:
        return 1, threshold - 1
    return threshold, infinity


def is_worked_out(grid: Grid, hidden: dict[Entry, str], entry: Entry, *, threshold: int) -> bool:
    """Whether the reader could tell the hidden entry's value from what the table shows."""
    value = grid.value(entry)
    infinity = 4 * (grid.value(GRAND) + threshold * len(grid.entries())) + 10
    low, high = _bounds(grid, hidden, entry, threshold=threshold, infinity=infinity)
    could_be_less = low <= value - 1 and _feasible(
        grid, hidden, threshold=threshold, infinity=infinity, fixed=(entry, low, value - 1)
    )
    if could_be_less:
        return False
    could_be_more = value + 1 <= high and _feasible(
        grid, hidden, threshold=threshold, infinity=infinity, fixed=(entry, value + 1, high)
    )
    return not could_be_more


def _feasible(
    grid: Grid,
    hidden: dict[Entry, str],
    *,
    threshold: int,
    infinity: int,
    fixed: tuple[Entry, int, int],
) -> bool:
    """Whether some table agrees with everything shown, with `fixed`'s entry in its range."""

    def bounds(entry: Entry, published: bool) -> tuple[int, int]:
        if entry == fixed[0]:
            return fixed[1], fixed[2]
        if not published:
            return 0, infinity
        return _bounds(grid, hidden, entry, threshold=threshold, infinity=infinity)

    arcs: list[tuple[str, str, int, int]] = []
    for i in range(grid.height):
        arcs.append(("source", f"r{i}", *bounds(row_total(i), grid.row_totals)))
        for j in range(grid.width):
            arcs.append((f"r{i}", f"c{j}", *bounds(cell(i, j), True)))
    for j in range(grid.width):
        arcs.append((f"c{j}", "sink", *bounds(column_total(j), grid.column_totals)))
    arcs.append(("sink", "source", *bounds(GRAND, grid.grand_total_published)))
    return _circulation_exists(arcs)


def _circulation_exists(arcs: list[tuple[str, str, int, int]]) -> bool:
    """Whether flows within each arc's bounds balance at every node (lower bounds moved to
    demands, then one max-flow)."""
    capacity: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    excess: dict[str, int] = defaultdict(int)
    for start, end, low, high in arcs:
        if low > high:
            return False
        capacity[start][end] += high - low
        capacity[end][start] += 0
        excess[end] += low
        excess[start] -= low
    needed = 0
    for node, amount in list(excess.items()):
        if amount > 0:
            capacity["in"][node] += amount
            capacity[node]["in"] += 0
            needed += amount
        elif amount < 0:
            capacity[node]["out"] += -amount
            capacity["out"][node] += 0
    return _max_flow(capacity, "in", "out") == needed


def _max_flow(capacity: dict[str, dict[str, int]], source: str, sink: str) -> int:
    """Edmonds-Karp on a residual graph, changed in place."""
    total = 0
    while True:
        parents: dict[str, str] = {source: source}
        queue = deque([source])
        while queue and sink not in parents:
            node = queue.popleft()
            for neighbour, left in capacity[node].items():
                if left > 0 and neighbour not in parents:
                    parents[neighbour] = node
                    queue.append(neighbour)
        if sink not in parents:
            return total
        path_capacity = None
        node = sink
        while node != source:
            parent = parents[node]
            left = capacity[parent][node]
            path_capacity = left if path_capacity is None else min(path_capacity, left)
            node = parent
        assert path_capacity is not None
        node = sink
        while node != source:
            parent = parents[node]
            capacity[parent][node] -= path_capacity
            capacity[node][parent] += path_capacity
            node = parent
        total += path_capacity
