"""Run scheduled jobs once, here and now, by name: for operators, the benchmark and tests."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ops.jobs import GROUPS, all_jobs, job_run


class Command(BaseCommand):
    help = (
        "Run scheduled jobs once, in this process, as the worker would. Name jobs (see --list) "
        f"or a group ({', '.join(GROUPS)})."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="Job names, or a group name.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")
        parser.add_argument(
            "--at",
            help="Run as at this time (ISO 8601, e.g. 2026-12-07T09:00), for a dry look ahead "
            "on a copy of the data; the default is now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = all_jobs()
        if options["list"]:
            for job in jobs.values():
                when = "; ".join(entry.every for entry in job.entries) or "not scheduled"
                self.stdout.write(f"{job.name}  ({when})\n    {job.why}")
            return
        names: list[str] = []
        for name in options["names"]:
            names.extend(GROUPS.get(name, (name,)))
        if not names:
            raise CommandError("Name a job to run (see --list), or a group: " + ", ".join(GROUPS))
        unknown = [name for name in names if name not in jobs]
        if unknown:
            raise CommandError(f"No such job: {', '.join(unknown)}. See --list.")
        at = self._at(options["at"])
        total = time.monotonic()
        for name in names:
            started = time.monotonic()
            result = job_run(name=name, now=at)
            seconds = time.monotonic() - started
            counts = ", ".join(f"{key} {value}" for key, value in result.items()) or "nothing"
            self.stdout.write(f"{name}: {counts} ({seconds:.2f} s)")
        if len(names) > 1:
            self.stdout.write(f"{len(names)} jobs in {time.monotonic() - total:.2f} s")

    def _at(self, value: str | None) -> datetime.datetime | None:
        if not value:
            return None
        at = parse_datetime(value)
        if at is None:
            raise CommandError(
                f"Give --at as an ISO 8601 time, such as 2026-12-07T09:00: {value!r}"
            )
        return timezone.make_aware(at) if timezone.is_naive(at) else at
