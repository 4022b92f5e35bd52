"""One thin, named task per scheduled job (ops.jobs): beat sends them, a worker runs them.

Each task takes no arguments and runs its job as at the moment it runs; the job selects what is
due then, so a repeated or late run is harmless (decision 0015).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from cse_hub.celery import Task
from ops.jobs import all_jobs, job_run


def _task_for(name: str) -> Any:
    def run_job() -> None:
        job_run(name=name)

    run_job.__doc__ = f"Run the scheduled job {name}."
    run_job.__name__ = run_job.__qualname__ = name.replace(".", "_")
    return shared_task(name=name, base=Task)(run_job)


# The tasks by job name; importing this module registers them with the Celery app.
TASKS: dict[str, Any] = {name: _task_for(name) for name in all_jobs()}
