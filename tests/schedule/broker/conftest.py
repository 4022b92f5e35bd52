"""A real Redis broker and real Celery workers, for the tests of what happens when things fail.

The test process sends tasks to Redis (REDIS_URL's database for this test worker, under a key
prefix of the test's own, so parallel runs and other users of that Redis never meet); workers
are the Procfile.dev worker command, on the test's PostgreSQL database, with
`tests.support.worker_settings`. The Redis-stopped test runs a Redis server of its own (the
machine's `redis-server`), since stopping the shared one would break everything else.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from cse_hub.celery import app as celery_app
from cse_hub.celery import broker_circuit
from tests.conftest import require_service
from tests.ops.conftest import CeleryProcesses, database_url_for_other_processes

# Short, so that a task whose worker died is handed to another within seconds, not hours.
VISIBILITY_SECONDS = 6


@pytest.fixture(autouse=True)
def _clock() -> None:
    """Real time here (not the frozen clock of the other schedule tests): the workers run on
    the real clock too."""
    return


def _reachable(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@dataclass
class Broker:
    url: str
    prefix: str

    def queued(self) -> int:
        """Messages waiting in the default queue."""
        return int(redis.Redis.from_url(self.url).llen(f"{self.prefix}celery"))


def _send_to(monkeypatch: pytest.MonkeyPatch, url: str, prefix: str) -> None:
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "global_keyprefix": prefix,
        "visibility_timeout": VISIBILITY_SECONDS,
    }
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", url)
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", options)
    # The app caches its connection pools; start from none so they use the broker above.
    monkeypatch.setattr(celery_app, "_pool", None)
    monkeypatch.setattr(celery_app.amqp, "_producer_pool", None)


def _close_pools() -> None:
    pool = getattr(celery_app, "_pool", None)
    if pool is not None:
        pool.force_close_all()
    broker_circuit.reset()


@pytest.fixture
def broker(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Broker]:
    """This test's queues on the machine's Redis; the test process sends tasks there."""
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    url = settings.CACHES["default"].get("LOCATION", "") if settings.REDIS_URL else ""
    require_service(bool(url) and _reachable(url), "Redis (REDIS_URL)")
    made = Broker(url=url, prefix=f"test-{uuid.uuid4().hex[:12]}:")
    broker_circuit.reset()
    _send_to(monkeypatch, made.url, made.prefix)
    yield made
    _close_pools()
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{made.prefix}*"):
        client.delete(key)


def workers_for(tmp_path: Path, made: Broker) -> CeleryProcesses:
    mails = tmp_path / "mail"
    mails.mkdir(exist_ok=True)
    return CeleryProcesses(
        tmp_path=tmp_path,
        database_url=database_url_for_other_processes(tmp_path),
        redis_url=made.url,
        settings_module="tests.support.worker_settings",
        extra_env={
            "BROKER_KEY_PREFIX": made.prefix,
            "BROKER_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
            "EMAIL_FILE_PATH": str(mails),
        },
    )


@pytest.fixture
def workers(broker: Broker, tmp_path: Path) -> Iterator[CeleryProcesses]:
    processes = workers_for(tmp_path, broker)
    try:
        yield processes
    finally:
        processes.stop()


def emails(tmp_path: Path) -> list[str]:
    return [path.read_text() for path in sorted((tmp_path / "mail").glob("*.log"))]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """A Redis server of the test's own, to stop and start again."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = _free_port()
        self.tmp_path = tmp_path
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.process = subprocess.Popen(  # noqa: S603 - the machine's redis-server, our arguments
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while not _reachable(self.url):
            assert time.monotonic() < deadline, "the test's Redis did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(transactional_db: None, tmp_path: Path) -> Iterator[RedisServer]:
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    require_service(shutil.which("redis-server") is not None, "redis-server")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        _close_pools()
