"""The worker and the scheduler really run: beat sends ops.heartbeat, a worker records it."""

from __future__ import annotations

import os

import pytest
import redis

from ops.services import SCHEDULER
from tests.conftest import require_service
from tests.ops.conftest import CeleryProcesses, read_heartbeat

# Generous for a slow machine; a healthy pair lands the first heartbeat in a few seconds.
WITHIN_SECONDS = 60


def _assert_heartbeat_lands(processes: CeleryProcesses) -> None:
    assert read_heartbeat(processes.database_url, SCHEDULER) is None
    processes.start_worker_and_beat()

    landed = processes.wait_for(
        lambda: read_heartbeat(processes.database_url, SCHEDULER) is not None,
        within=WITHIN_SECONDS,
    )

    assert landed, f"no heartbeat within {WITHIN_SECONDS}s\n{processes.logs()}"
    # The worker ran it (beat could otherwise have run it in its own process).
    assert "Task ops.heartbeat[" in processes.logs()
    assert " succeeded in " in processes.logs()


def test_worker_and_beat_run_on_the_embedded_filesystem_broker(
    celery_processes: CeleryProcesses,
) -> None:
    """Given Procfile.dev's worker and beat on the filesystem broker, a heartbeat lands."""
    _assert_heartbeat_lands(celery_processes)
    assert (celery_processes.tmp_path / "var" / "broker" / "queue").is_dir()


@pytest.mark.services
def test_worker_and_beat_run_on_redis(celery_processes: CeleryProcesses) -> None:
    """Given Procfile.dev's worker and beat on the Redis in REDIS_URL, a heartbeat lands."""
    url = os.environ.get("REDIS_URL", "")
    reachable = False
    if url:
        try:
            reachable = bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
        except redis.RedisError:
            reachable = False
    require_service(reachable, "Redis (REDIS_URL)")
    celery_processes.redis_url = url

    _assert_heartbeat_lands(celery_processes)
