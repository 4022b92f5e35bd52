"""Writing generated rows into the real tables: COPY on PostgreSQL, batched inserts on SQLite.

Rows arrive as tuples of text in COPY's text format (see `ops.national.text`), one tuple per
row, in the order of the columns named for the table. Every concrete column of a table must be
named, so a migration that adds one makes the generator fail loudly instead of loading rows
that the application would not write.

On PostgreSQL the loaded tables' foreign keys and non-unique indexes are dropped for the load
and made again at the end, in the same transaction: checking each of ten million rows against
four foreign keys one at a time costs far more than one validating join per key, and an index
built once is faster than one kept up row by row. Primary keys and unique indexes stay.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.management.color import no_style
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper

from ops.national.text import FALSE, NULL, TRUE

Row = Sequence[str]
SQLITE_BATCH = 2000
COPY_CHUNK_ROWS = 4000


@dataclass
class TableStats:
    table: str
    rows: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@dataclass
class LoadReport:
    tables: dict[str, TableStats] = field(default_factory=dict)
    # Other timed steps (constraints, sequences, analyse, dashboards), in order.
    steps: list[tuple[str, float]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(stats.rows for stats in self.tables.values())

    def rows_of(self, model: type[models.Model]) -> int:
        stats = self.tables.get(model._meta.db_table)
        return stats.rows if stats else 0


class Progress:
    """A progress line on stderr for the table being loaded (redrawn in a terminal)."""

    def __init__(self, *, stream: IO[str] | None = None, enabled: bool = True) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interactive = enabled and self.stream.isatty()
        self._label = ""
        self._total: int | None = None
        self._started = 0.0
        self._last_draw = 0.0
        self._last_fraction = 0.0

    def start(self, label: str, total: int | None) -> None:
        self._label, self._total = label, total
        self._started = self._last_draw = time.monotonic()
        self._last_fraction = 0.0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        fraction = done / self._total if self._total else 0.0
        if self.interactive:
            if now - self._last_draw < 0.25:
                return
            self._draw(done, now, fraction, end="\r")
        elif fraction - self._last_fraction >= 0.25 and self._total and self._total >= 200_000:
            self._last_fraction = fraction
            self._draw(done, now, fraction, end="\n")
        self._last_draw = now

    def finish(self, done: int) -> None:
        if self.enabled:
            self._draw(done, time.monotonic(), 1.0, end="\n")

    def _draw(self, done: int, now: float, fraction: float, *, end: str) -> None:
        elapsed = max(now - self._started, 1e-9)
        width = 30
        filled = int(width * min(fraction, 1.0))
        bar = "#" * filled + "-" * (width - filled)
        total = f"/{self._total:,}" if self._total else ""
        eta = ""
        if self._total and 0 < fraction < 1:
            eta = f" eta {elapsed / fraction - elapsed:5.0f}s"
        self.stream.write(
            f"{self._label:<40} [{bar}] {done:>11,}{total} {done / elapsed:>9,.0f} rows/s{eta}"
            f"\033[K{end}"
            if self.interactive
            else f"{self._label:<40} {done:>11,}{total} {done / elapsed:>9,.0f} rows/s{eta}{end}"
        )
        self.stream.flush()


class _CopyStream:
    """A file-like object COPY reads from, generating the rows as it goes."""

    def __init__(self, rows: Iterator[Row], on_rows: Any) -> None:
        self.rows = rows
        self.on_rows = on_rows
        self.count = 0

    def read(self, size: int = -1) -> str:
        chunk: list[Row] = []
        append = chunk.append
        for row in self.rows:
            append(row)
            if len(chunk) >= COPY_CHUNK_ROWS:
                break
        if not chunk:
            return ""
        self.count += len(chunk)
        self.on_rows(self.count)
        return "\n".join(map("\t".join, chunk)) + "\n"

    def readline(self, size: int = -1) -> str:
        return self.read(size)


def _columns_of(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


class Loader:
    """Loads tables through one database connection and times each of them."""

    def __init__(self, *, connection: BaseDatabaseWrapper, progress: Progress) -> None:
        self.connection = connection
        self.progress = progress
        self.report = LoadReport()
        self.is_postgresql = connection.vendor == "postgresql"
        self._deferred: list[str] = []

    def load(
        self,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Iterable[Row],
        *,
        total: int | None = None,
    ) -> int:
        """Write `rows` (tuples of text in the order of `columns`) into the model's table."""
        table = model._meta.db_table
        fields = {str(f.column): f for f in _columns_of(model)}
        if set(columns) != set(fields) or len(columns) != len(fields):
            missing = sorted(set(fields) - set(columns))
            unknown = sorted(set(columns) - set(fields))
            raise RuntimeError(f"{table}: columns missing {missing}, unknown {unknown}")
        stats = self.report.tables.setdefault(table, TableStats(table))
        self.progress.start(table, total)
        started = time.monotonic()
        base = stats.rows
        if self.is_postgresql:
            count = self._copy(table, columns, iter(rows), base)
        else:
            count = self._insert(table, [fields[c] for c in columns], iter(rows), base)
        stats.rows += count
        stats.seconds += time.monotonic() - started
        self.progress.finish(stats.rows)
        return count

    def _copy(self, table: str, columns: Sequence[str], rows: Iterator[Row], base: int) -> int:
        quote = self.connection.ops.quote_name
        sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        stream = _CopyStream(rows, lambda n: self.progress.update(base + n))
        with self.connection.cursor() as cursor:
            # The driver's own cursor: the wrapper's copy_expert takes no read size.
            cursor.cursor.copy_expert(sql, stream, size=1 << 20)
        return stream.count

    def _insert(
        self,
        table: str,
        fields: Sequence[models.Field[Any, Any]],
        rows: Iterator[Row],
        base: int,
    ) -> int:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(str(f.column)) for f in fields)
        marks = ", ".join("%s" for _ in fields)
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - model tables
        converters = [_sqlite_converter(f) for f in fields]
        count = 0
        batch: list[list[Any]] = []
        with self.connection.cursor() as cursor:
            for row in rows:
                batch.append(
                    [convert(value) for convert, value in zip(converters, row, strict=True)]
                )
                if len(batch) >= SQLITE_BATCH:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch.clear()
                    self.progress.update(base + count)
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def timed(self, name: str, seconds: float) -> None:
        self.report.steps.append((name, seconds))

    # PostgreSQL: constraints and indexes around the load.

    def defer_constraints(self, models_: Sequence[type[models.Model]]) -> None:
        """Drop the foreign keys and non-unique indexes of the tables (PostgreSQL only)."""
        if not self.is_postgresql:
            return
        started = time.monotonic()
        tables = [m._meta.db_table for m in models_]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.contype = 'f' "
                "AND c.conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i WHERE NOT i.indisunique AND NOT i.indisprimary "
                "AND i.indrelid::regclass::text = ANY(%s) ORDER BY 1",
                [tables],
            )
            indexes = cursor.fetchall()
            for table, name, _ in foreign_keys:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
            for name, _ in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        self._deferred = [definition for _, definition in indexes] + [
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}'
            for table, name, definition in foreign_keys
        ]
        self.timed("drop foreign keys and indexes", time.monotonic() - started)

    def restore_constraints(self) -> None:
        """Build the dropped indexes and re-add (so re-check) the foreign keys."""
        if not self._deferred:
            return
        started = time.monotonic()
        with self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            for statement in self._deferred:
                self.progress.start("index or key: " + statement.split(" ")[2][:26], None)
                cursor.execute(statement)
        self._deferred = []
        self.timed("build indexes and check foreign keys", time.monotonic() - started)

    def reset_sequences(self, models_: Sequence[type[models.Model]]) -> None:
        started = time.monotonic()
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(models_))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.timed("reset id sequences", time.monotonic() - started)


def _sqlite_converter(field_: models.Field[Any, Any]) -> Any:
    kind = field_.get_internal_type()
    if kind == "BooleanField":
        return lambda v: None if v == NULL else {TRUE: 1, FALSE: 0}[v]
    if kind == "DateTimeField":
        return lambda v: None if v == NULL else v.removesuffix("+00")
    return lambda v: None if v == NULL else v
