"""`manage.py generate_national_dataset`: England-wide synthetic data for benchmarks."""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ops.national.generate import DatasetNotEmpty, Options, national_dataset_generate
from ops.national.load import LoadReport, Progress


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date like 2026-04-01, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Generate a synthetic national dataset (scale 1.0: 153 local authorities, 300,000 "
        "cases, 10,000,000 casework entries) into an empty database, for benchmarks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is England (default).")
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same data.")
        parser.add_argument(
            "--today",
            type=_day,
            default=None,
            help="The day the history runs up to (YYYY-MM-DD; default: today). Every date is "
            "counted from it, so a seed and a day always give the same data.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Empty the database first: every table except those migrations fill, the "
            "audit log and sessions included.",
        )
        parser.add_argument(
            "--no-dashboards", action="store_true", help="Skip refreshing the dashboard summaries."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        settings = Options(
            scale=options["scale"],
            seed=options["seed"],
            today=options["today"] or timezone.localdate(),
            replace=options["replace"],
            refresh_dashboards=not options["no_dashboards"],
        )
        if settings.scale <= 0:
            raise CommandError("--scale must be more than 0.")
        progress = Progress(stream=sys.stderr, enabled=not options["no_progress"])
        try:
            report = national_dataset_generate(options=settings, progress=progress)
        except DatasetNotEmpty as exc:
            raise CommandError(
                f"{exc} Generate into an empty database, or pass --replace."
            ) from exc
        self._print(report, settings, time.monotonic() - started)

    def _print(self, report: LoadReport, settings: Options, elapsed: float) -> None:
        write = self.stdout.write
        write(
            f"National dataset at scale {settings.scale:g}, seed {settings.seed}, "
            f"up to {settings.today.isoformat()}:"
        )
        write(f"  {'table':<44} {'rows':>12} {'seconds':>9} {'rows/s':>11}")
        for stats in sorted(report.tables.values(), key=lambda s: -s.rows):
            write(
                f"  {stats.table:<44} {stats.rows:>12,} {stats.seconds:>9.2f} {stats.rate:>11,.0f}"
            )
        loaded = sum(s.seconds for s in report.tables.values())
        write(
            f"  {'all tables (loading)':<44} {report.rows:>12,} {loaded:>9.2f} "
            f"{report.rows / max(loaded, 1e-9):>11,.0f}"
        )
        for name, seconds in report.steps:
            write(f"  {name:<44} {'':>12} {seconds:>9.2f}")
        write(
            f"{report.rows:,} rows in {elapsed:.1f} s = {report.rows / max(elapsed, 1e-9):,.0f} "
            "rows/s"
        )
