"""Real scheduled jobs wrapped with a pause, so a test can kill the worker in the middle.

Each run appends a line to a marker file: "started" before the pause (pause first) or "ran"
once the job has run, with the id of the process running it, so the test knows where the
worker was and which process to kill.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery import shared_task

from cse_hub.celery import Task
from ops.jobs import job_run


def _mark(marker: str, line: str) -> None:
    with Path(marker).open("a") as file:
        file.write(f"{line} {os.getpid()}\n")


@shared_task(name="tests.run_job_then_pause", base=Task)
def run_job_then_pause(*, job: str, pause: float, marker: str) -> None:
    """The job's effect happens, then the task waits before it can be acknowledged."""
    job_run(name=job)
    _mark(marker, "ran")
    time.sleep(pause)


@shared_task(name="tests.pause_then_run_job", base=Task)
def pause_then_run_job(*, job: str, pause: float, marker: str) -> None:
    """The task waits first: killed then, the job's effect has not happened yet."""
    _mark(marker, "started")
    time.sleep(pause)
    job_run(name=job)
    _mark(marker, "ran")
