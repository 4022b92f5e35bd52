"""Fixtures for the Celery tests: a filesystem broker of their own, real worker and beat."""

from __future__ import annotations

import os
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from honcho.environ import parse_procfile

from cse_hub.celery import app as celery_app

REPO = Path(__file__).resolve().parents[2]
# Environment the test process may carry that must not leak into the processes it starts.
_NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "CSE_HUB_VAR_DIR", "DJANGO_SETTINGS_MODULE")


@pytest.fixture
def filesystem_broker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Send tasks for real, to a filesystem broker of this test's own; yields its queue folder."""
    queue = tmp_path / "queue"
    control = tmp_path / "control"
    queue.mkdir()
    control.mkdir()
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(
        celery_app.conf,
        "broker_transport_options",
        {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "control_folder": str(control),
        },
    )
    # The app caches its connection pools; start from none so they use the broker above.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)
    yield queue
    pool = getattr(celery_app, "_pool", None)
    if pool is not None:
        pool.force_close_all()


def queued_task_names(queue: Path) -> list[str]:
    """The task name of every message waiting in a filesystem broker's queue folder."""
    import json

    names = []
    for message in sorted(queue.glob("*.msg")):
        payload = json.loads(message.read_text())
        names.append(payload["headers"]["task"])
    return names


def procfile_command(name: str) -> list[str]:
    """A process's command from Procfile.dev, run with this interpreter's Celery."""
    processes = parse_procfile((REPO / "Procfile.dev").read_text()).processes
    argv = shlex.split(processes[name])
    assert argv[0] == "celery", f"Procfile.dev's {name} is expected to run celery"
    return [sys.executable, "-m", "celery", *argv[1:]]


def database_url_for_other_processes(tmp_path: Path) -> str:
    """A DATABASE_URL at which another process sees the test database (or a copy of it)."""
    if connection.vendor == "sqlite":
        # The test database lives in this process's memory: copy it, migrated, to a file.
        target = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    db = connection.settings_dict
    credentials = quote(db["USER"] or "")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"])
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


def read_heartbeat(database_url: str, name: str) -> str | None:
    """When the named heartbeat last landed, read as the other processes wrote it."""
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(path, timeout=5)) as db:
            row = db.execute("SELECT beat_at FROM ops_heartbeat WHERE name = ?", [name]).fetchone()
        return row[0] if row else None
    with connection.cursor() as cursor:
        cursor.execute("SELECT beat_at FROM ops_heartbeat WHERE name = %s", [name])
        row = cursor.fetchone()
    return str(row[0]) if row else None


@dataclass
class CeleryProcesses:
    """Worker and beat started from Procfile.dev against a broker and database of the test's."""

    tmp_path: Path
    database_url: str
    redis_url: str = ""
    settings_module: str = "cse_hub.settings.local"
    # More environment for the processes, such as a broker key prefix.
    extra_env: dict[str, str] = field(default_factory=dict)
    running: list[tuple[subprocess.Popen[bytes], Path]] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
        env.update(
            DJANGO_SETTINGS_MODULE=self.settings_module,
            CSE_HUB_VAR_DIR=str(self.tmp_path / "var"),
            DATABASE_URL=self.database_url,
            # Short, so the test waits seconds; at least two, longer than the broker's poll.
            HEARTBEAT_SECONDS="2",
            PYTHONUNBUFFERED="1",
        )
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(self.extra_env)
        return env

    def start(self, name: str, *extra: str) -> subprocess.Popen[bytes]:
        log = self.tmp_path / f"{name}-{len(self.running)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*procfile_command(name), *extra],
                cwd=REPO,
                env=self.environment(),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        self.running.append((process, log))
        return process

    def start_worker(self, *extra: str) -> subprocess.Popen[bytes]:
        """Procfile.dev's worker (a pool of threads), with any options given overriding it."""
        suffix = uuid.uuid4().hex[:8]
        return self.start(
            "worker",
            f"--pidfile={self.tmp_path / f'worker-{suffix}.pid'}",
            f"--hostname=test-{suffix}@%h",
            *extra,
        )

    def start_worker_and_beat(self) -> None:
        suffix = uuid.uuid4().hex[:8]
        self.start(
            "worker",
            f"--pidfile={self.tmp_path / 'worker.pid'}",
            f"--hostname=test-{suffix}@%h",
        )
        self.start(
            "beat",
            f"--pidfile={self.tmp_path / 'beat.pid'}",
            f"--schedule={self.tmp_path / 'beat-schedule'}",
        )

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')}" for _, log in self.running
        )

    def wait_for(self, ready: Callable[[], bool], *, within: float) -> bool:
        """Poll until `ready()` or the deadline; stop early if a process has died (other than
        one the test killed)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if ready():
                return True
            if any(
                process.poll() is not None and process.returncode != -signal.SIGKILL
                for process, _ in self.running
            ):
                return ready()
            time.sleep(0.2)
        return ready()

    def stop(self) -> None:
        for process, _ in self.running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _ in self.running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@pytest.fixture
def celery_processes(transactional_db: None, tmp_path: Path) -> Iterator[CeleryProcesses]:
    """Real worker and beat processes, always stopped; the database commits, for them to see."""
    processes = CeleryProcesses(
        tmp_path=tmp_path, database_url=database_url_for_other_processes(tmp_path)
    )
    try:
        yield processes
    finally:
        processes.stop()
