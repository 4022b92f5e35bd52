"""`make bench` runs end to end: production settings, gunicorn really started, every scenario.

A few iterations of each scenario on a small dataset, to prove the benchmark works and its
numbers are all there; what the numbers are is for the benchmark to report, never for a test
(times depend on the machine). The SQL statements per request must be the same for every
request of a scenario, as the query-count tests demand of each page.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db import connection

from ops.bench.catalogue import SCENARIO_NAMES, SCENARIO_ROWS
from tests.conftest import require_service
from tests.ops.conftest import REPO, database_url_for_other_processes

pytestmark = pytest.mark.services

GENERATOR = "generate_national_dataset"
# Environment of the test run that must not reach the benchmark's processes.
_NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "CSE_HUB_VAR_DIR", "DJANGO_SETTINGS_MODULE")
# Generous for a slow, shared machine; a healthy run takes well under a minute.
WITHIN_SECONDS = 300


def _redis_url() -> str:
    """This test worker's own Redis database (the test settings give each worker one)."""
    location = settings.CACHES["default"].get("LOCATION", "")
    return location if str(location).startswith("redis://") else ""


def _port() -> int:
    """BENCH_PORT if set, else one the system says is free."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def bench_data(transactional_db: None) -> None:
    """A small dataset, committed for gunicorn to see: the national one at scale 0.01 when
    the generator exists, else the demo partnership."""
    require_service(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    url = _redis_url()
    reachable = False
    if url:
        try:
            reachable = bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
        except redis.RedisError:
            reachable = False
    require_service(reachable, "Redis (REDIS_URL)")
    with open(os.devnull, "w") as quiet:
        if GENERATOR in get_commands():
            call_command(GENERATOR, "--scale=0.01", "--seed=11", "--no-progress", stdout=quiet)
        else:
            call_command("seed_demo", stdout=quiet)


def test_the_benchmark_runs_every_scenario_and_writes_its_numbers(
    bench_data: None, tmp_path: Path
) -> None:
    """Given a small dataset, when the benchmark runs a few iterations of everything, then the
    JSON has every row with its numbers, constant queries, and both timed jobs."""
    output = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        BENCH_DATABASE_URL=database_url_for_other_processes(tmp_path),
        BENCH_REDIS_URL=_redis_url(),
        PYTHONUNBUFFERED="1",
    )
    collected = (REPO / "staticfiles" / "staticfiles.json").exists()
    command = [
        sys.executable,
        "-m",
        "ops.bench",
        "--iterations=3",
        "--concurrency=2",
        "--warmup=1",
        "--workers=2",
        f"--port={_port()}",
        f"--output={output}",
        *(["--no-collectstatic"] if collected else []),
    ]

    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=WITHIN_SECONDS
    )

    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads(output.read_text())
    assert document["skipped"] == {}
    rows = {row["row"]: row for row in document["rows"]}
    assert list(rows) == [row for name in SCENARIO_NAMES for row in SCENARIO_ROWS[name]]
    for name, row in rows.items():
        assert row["requests"] >= 3, name
        assert row["errors"] == 0, (name, row["first_error"])
        for measure in ("p50_ms", "p95_ms", "p99_ms", "rps", "server_p50_ms"):
            assert isinstance(row[measure], int | float), (name, measure)
        assert row["queries_min"] is not None, name
        assert row["queries_min"] > 0, name
        assert row["queries_constant"], (name, row["queries_min"], row["queries_max"])
        if name != "baseline":
            assert isinstance(row["ratio_to_baseline"], int | float), name
    assert rows["baseline"]["queries_min"] == 1
    jobs = {job["job"]: job for job in document["jobs"]}
    assert set(jobs) == {"summary_refresh", "reminder_sweep"}
    assert all(isinstance(job["seconds"], int | float) for job in jobs.values())
    # What the benchmark referred is withdrawn again, and its broker messages dropped.
    referred = rows["referral_submit"]["requests"]
    assert document["tidied"]["withdrawn"] >= referred
    assert "referral_submit" in result.stdout
