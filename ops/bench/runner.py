"""The benchmark, in order: data, static files, the summary refresh (timed), actors and their
sessions, gunicorn, each scenario's clients, the reminder sweep (timed), tidying, the report.

Runs in a Django process on production settings (`python -m ops.bench` sets them up); the
web servers and the clients are processes of their own. Nothing here changes the data except
through the application itself: the pages the scenarios post to, the accounts services for
the API token, the referral services to withdraw what the benchmark referred, and the two
timed jobs, which do what the scheduler would.
"""

from __future__ import annotations

import http.client
import io
import json
import math
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
import redis
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection, connections, transaction
from django.utils import timezone

from accounts.models import User
from cases.models import Case, CaseworkEntry, YoungPerson
from notifications.models import Notification, Reminder
from ops.bench import report
from ops.bench.actors import Actors, actors_choose
from ops.bench.catalogue import DESCRIPTIONS
from ops.bench.client import Credentials, Job, Outcome, Server, run_clients
from ops.bench.report import JobResult, RowResult
from ops.bench.scenarios import Scenario, scenarios_build
from ops.bench.sessions import (
    api_token_close,
    api_token_open,
    authorization_header,
    session_open,
    sessions_close,
)
from partners.models import Agency, LocalAuthority
from referrals.models import Referral
from referrals.services import referral_draft_delete, referral_withdraw

REPO = Path(__file__).resolve().parents[2]
GENERATOR = "generate_national_dataset"
# Keys the benchmark's broker messages are stored under, so they can be cleared afterwards.
BROKER_KEY_PREFIX = "cse-hub-bench:"
WITHDRAWN_REASON = "Withdrawn by the benchmark that made it, so the hub's queue does not grow."
HEALTH_SECONDS = 90
# Time for clients to prepare and warm up, on top of what they are asked to run for.
CLIENT_GRACE_SECONDS = 300


class BenchError(Exception):
    """The benchmark cannot run as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Options:
    scenarios: list[str]
    # Seconds each scenario runs for, unless `iterations` is given.
    duration: float
    # Iterations of each scenario in all (split between its clients), instead of a duration.
    iterations: int | None
    concurrency: int
    warmup: int
    workers: int
    host: str
    port: int
    output: Path
    jobs: bool
    collectstatic: bool
    compare: Path | None
    scale: float
    # The generator's seed; None for its own default.
    seed: int | None


def say(message: str) -> None:
    print(f"==> {message}", file=sys.stderr, flush=True)


# The data


def _data_counts() -> dict[str, int]:
    return {
        "local_authorities": LocalAuthority.objects.count(),
        "agencies": Agency.objects.count(),
        "users": User.objects.count(),
        "young_people": YoungPerson.objects.count(),
        "cases": Case.objects.count(),
        "open_cases": Case.objects.filter(status=Case.Status.OPEN).count(),
        "casework_entries": CaseworkEntry.objects.count(),
        "referrals": Referral.objects.count(),
    }


def _data_ensure(options: Options) -> None:
    """Data to measure: what the database holds, or the national dataset generated first."""
    if Case.objects.exists():
        return
    if GENERATOR not in get_commands():
        raise BenchError(
            "The database holds no cases, and this version has no dataset generator "
            f"(manage.py {GENERATOR}) to make them. Load data into BENCH_DATABASE_URL first."
        )
    say(f"No data yet: generating the national dataset at scale {options.scale}")
    subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            GENERATOR,
            "--scale",
            str(options.scale),
            *(["--seed", str(options.seed)] if options.seed is not None else []),
        ],
        cwd=REPO,
        check=True,
    )


# The timed jobs


def _timed_command(name: str, *args: str) -> tuple[float, list[str]]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command(name, *args, stdout=out)
    seconds = time.perf_counter() - started
    return seconds, [line for line in out.getvalue().splitlines() if line.strip()]


def _summary_refresh() -> JobResult:
    say("Timing a full refresh of the dashboard summaries (manage.py refresh_dashboards)")
    seconds, output = _timed_command("refresh_dashboards")
    return report.job_judged(
        JobResult(
            job="summary_refresh",
            description="manage.py refresh_dashboards: every summary table rebuilt",
            seconds=round(seconds, 2),
            output=output,
        )
    )


def _forget_reminders() -> int:
    """Put the benchmark database back as generated, with no reminder issued, so that every
    run times the heaviest sweep (the first, which issues all that are due) rather than one
    finding all of them issued by the last run. The dataset is made without reminders or
    notifications, so nothing else is lost."""

    with transaction.atomic():
        forgotten, _ = Reminder.objects.all().delete()
        Notification.objects.all().delete()
        User.objects.exclude(unread_notifications=0).update(unread_notifications=0)
    return forgotten


def _reminder_sweep() -> JobResult:
    forgotten = _forget_reminders()
    say(
        f"Timing a full reminder sweep (manage.py run_job reminders), from none issued "
        f"({forgotten} reminders of earlier runs forgotten)"
    )
    seconds, output = _timed_command("run_job", "reminders")
    return report.job_judged(
        JobResult(
            job="reminder_sweep",
            description="manage.py run_job reminders: every reminder sweep over the open cases",
            seconds=round(seconds, 2),
            output=output,
        )
    )


# The web servers


class Gunicorn:
    """The production web server, with the benchmark's environment, on one port."""

    def __init__(self, *, host: str, port: int, workers: int, log: Path) -> None:
        self.host, self.port, self.workers, self.log = host, port, workers, log
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "cse_hub.wsgi:application",
            "--config=python:ops.bench.gunicorn_hooks",
            f"--bind={self.host}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=120",
            "--graceful-timeout=10",
            "--log-level=warning",
        ]

    def start(self) -> None:
        with socket.socket() as probe:
            if probe.connect_ex((self.host, self.port)) == 0:
                raise BenchError(f"Something already listens on {self.host}:{self.port}.")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                self.command(),
                cwd=REPO,
                env=dict(os.environ),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_SECONDS
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn stopped at start:\n{self.log_tail()}")
            if self._health() == 200:
                return
            time.sleep(0.3)
        raise BenchError(f"gunicorn did not answer /health/ within {HEALTH_SECONDS} s")

    def _health(self) -> int:
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=5)
            conn.request("GET", "/health/", headers={"X-Forwarded-Proto": "https"})
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError:
            return 0

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


@contextmanager
def gunicorn_running(server: Gunicorn) -> Iterator[Gunicorn]:
    try:
        server.start()
        yield server
    finally:
        server.stop()


# Scenarios


def _credentials(scenario: Scenario, *, session_key: str | None, token: str | None) -> Credentials:
    keep = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    if scenario.token:
        assert token is not None
        return Credentials(headers={"Authorization": authorization_header(token)})
    if session_key is not None:
        return Credentials(cookies={settings.SESSION_COOKIE_NAME: session_key}, keep_cookies=keep)
    return Credentials()


def _scenario_run(
    scenario: Scenario, *, options: Options, server: Server, token: str | None
) -> tuple[list[RowResult], list[Outcome]]:
    clients = 1 if scenario.one_client else options.concurrency
    # Fresh sessions for each scenario: the idle expiry is renewed once a minute, and a
    # scenario that runs for less than that never pays for the renewal in one request only.
    keys = (
        [session_open(membership=scenario.session_for) for _ in range(clients)]
        if scenario.session_for is not None
        else []
    )
    per_client = math.ceil(options.iterations / clients) if options.iterations else None
    jobs = [
        Job(
            plan=scenario.plan,
            server=server,
            credentials=_credentials(scenario, session_key=keys[i] if keys else None, token=token),
            warmup=options.warmup,
            duration=None if per_client else options.duration,
            iterations=per_client,
        )
        for i in range(clients)
    ]
    # The clients are new processes: they must not inherit this one's database connection.
    connections.close_all()
    try:
        timeout = CLIENT_GRACE_SECONDS + (0 if per_client else options.duration)
        outcomes = run_clients(jobs, timeout=timeout if not per_client else 1800)
    finally:
        sessions_close(keys=keys)
    samples = [sample for outcome in outcomes for sample in outcome.samples]
    error = next((o.error for o in outcomes if o.error), None)
    rows = [
        report.row_result(
            row=row,
            description=DESCRIPTIONS.get(row, row),
            clients=clients,
            samples=[s for s in samples if s.row == row],
            error=error,
        )
        for row in scenario.rows
    ]
    return rows, outcomes


# Tidying


def _referrals_tidy(ids: list[int], actors: Actors) -> dict[str, int]:
    """Withdraw what the benchmark referred (and discard drafts it left), through the
    services, so the hub's triage queue is the same size after every run."""
    tidied = {"withdrawn": 0, "discarded": 0}
    referrer = actors.referrer.user if actors.referrer else None
    if referrer is None:
        return tidied
    for referral in Referral.objects.filter(pk__in=ids, referrer=referrer):
        if referral.status == Referral.Status.DRAFT:
            referral_draft_delete(referral=referral, by=referrer, version=referral.version)
            tidied["discarded"] += 1
        elif referral.status == Referral.Status.SUBMITTED:
            referral_withdraw(
                referral=referral, by=referrer, version=referral.version, reason=WITHDRAWN_REASON
            )
            tidied["withdrawn"] += 1
    return tidied


def _broker_tidy(redis_url: str) -> int:
    """Drop the tasks the run queued (no worker runs during the benchmark: it would take the
    cores being measured); they are only emails of notifications to synthetic people."""
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{BROKER_KEY_PREFIX}*", count=1000))
    if keys:
        client.delete(*keys)
    return len(keys)


# The whole run


def _git_commit() -> str:
    try:
        return subprocess.run(  # noqa: S603
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _load_average() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _database_label() -> str:
    db = connection.settings_dict
    return f"{db['NAME']} on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"


@dataclass(frozen=True)
class BenchResult:
    rows: list[RowResult]
    jobs: list[JobResult]
    # What was written to the output file.
    document: dict[str, Any]


def bench_run(options: Options, *, progress: Callable[[str], None] = say) -> BenchResult:
    """Run the benchmark, write its JSON to `options.output`, and return what it found."""
    started_at = timezone.now()
    load_at_start = _load_average()
    if load_at_start > (os.cpu_count() or 1):
        progress(
            f"The machine is busy (load average {load_at_start:.1f} on {os.cpu_count()} cores): "
            "the numbers will say more about that than about CSE Hub"
        )
    progress(f"Database {_database_label()}: applying any migrations")
    call_command("migrate", interactive=False, verbosity=0)
    _data_ensure(options)
    if options.collectstatic:
        progress("Collecting static files (production serves them from the manifest)")
        call_command("collectstatic", interactive=False, verbosity=0)
    counts = _data_counts()
    progress("Data: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    jobs: list[JobResult] = []
    if options.jobs:
        jobs.append(_summary_refresh())

    actors = actors_choose()
    today = timezone.localdate()
    label = started_at.strftime("%Y%m%d%H%M%S")
    built = scenarios_build(
        actors=actors,
        names=options.scenarios,
        redis_url=settings.REDIS_URL,
        today=today,
        label=label,
    )
    for name, why in built.skipped.items():
        progress(f"Skipping {name}: {why}")
    token = None
    if any(s.token for s in built.scenarios) and actors.api_user is not None:
        token = api_token_open(user=actors.api_user.user)

    rows: list[RowResult] = []
    created: list[int] = []
    gunicorn = Gunicorn(
        host=options.host,
        port=options.port,
        workers=options.workers,
        log=options.output.parent / "gunicorn.log",
    )
    server = Server(host=options.host, port=options.port)
    try:
        progress(
            f"Starting gunicorn: {options.workers} sync workers on {options.host}:{options.port}"
        )
        with gunicorn_running(gunicorn):
            for scenario in built.scenarios:
                how = (
                    f"{options.iterations} iterations"
                    if options.iterations
                    else f"{options.duration:g} s"
                )
                clients = 1 if scenario.one_client else options.concurrency
                progress(f"Scenario {scenario.name}: {clients} client(s), {how}")
                scenario_rows, outcomes = _scenario_run(
                    scenario, options=options, server=server, token=token
                )
                rows += scenario_rows
                created += [pk for outcome in outcomes for pk in outcome.created]
    finally:
        tidied = _referrals_tidy(created, actors)
        if token is not None and actors.api_user is not None:
            api_token_close(user=actors.api_user.user, token=token)
    if options.jobs:
        jobs.append(_reminder_sweep())
    dropped = _broker_tidy(settings.REDIS_URL)

    rows = report.rows_judged(rows)
    document = report.as_json(
        rows=rows,
        jobs=jobs,
        meta={
            "started_at": started_at.isoformat(),
            "finished_at": timezone.now().isoformat(),
            "commit": _git_commit(),
            "settings": os.environ.get("DJANGO_SETTINGS_MODULE", ""),
            "database": _database_label(),
            "data": counts,
            "cores": os.cpu_count(),
            # The one-minute load average before and after: how busy the machine was otherwise.
            "load_average": [round(load_at_start, 2), round(_load_average(), 2)],
            "gunicorn_workers": options.workers,
            "concurrency": options.concurrency,
            "duration_seconds": None if options.iterations else options.duration,
            "iterations": options.iterations,
            "warmup_iterations_per_client": options.warmup,
            "python": platform.python_version(),
            "django": django.get_version(),
            "today": today.isoformat(),
        },
        actors=actors.summary(),
        skipped=built.skipped,
        tidied={**tidied, "broker_keys_dropped": dropped},
    )
    if options.compare is not None:
        earlier = json.loads(options.compare.read_text())
        document["queries_compared"] = report.queries_compared(rows, earlier)
    report.results_write(options.output, document)
    return BenchResult(rows=rows, jobs=jobs, document=document)
