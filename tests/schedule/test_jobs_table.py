"""The table of jobs: every job has its task, its schedule and a service; run_job runs any."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from cse_hub.celery import app as celery_app
from cse_hub.schedule import beat_schedule
from ops.jobs import GROUPS, all_jobs
from ops.models import JobStatus
from ops.tasks import TASKS
from tests.schedule.conftest import london


def test_every_job_has_a_task_of_its_name_a_schedule_and_a_service():
    for name, job in all_jobs().items():
        assert TASKS[name].name == name
        assert name in celery_app.tasks
        assert job.entries, name
        assert callable(job.service()), name
    assert {entry["task"] for entry in beat_schedule().values()} == set(all_jobs())


def test_the_tasks_acknowledge_late_and_retry_database_blips_within_the_visibility_timeout():
    from django.db import OperationalError

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    for task in TASKS.values():
        assert task.acks_late is True
        assert OperationalError in task.autoretry_for
        assert task.retry_backoff_max < visibility


def test_reminder_sweeps_run_hourly_in_the_working_day_and_expire_before_the_next():
    schedule = beat_schedule()
    for name in GROUPS["reminders"]:
        [entry] = [entry for entry in schedule.values() if entry["task"] == name]
        assert entry["schedule"].hour == set(range(7, 20)), name
        assert len(entry["schedule"].minute) == 1, name
        assert entry["options"]["expires"] < 3600, name


def test_the_readme_lists_every_scheduled_entry():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for key, entry in beat_schedule().items():
        assert f"`{key}`" in readme, key
        assert f"`{entry['task']}`" in readme, entry["task"]


@pytest.mark.django_db
def test_run_job_runs_a_job_by_name_and_records_its_status(world):
    out = StringIO()

    call_command("run_job", "cases.remind_no_contact", stdout=out)

    assert out.getvalue().startswith("cases.remind_no_contact: reminders 0 (")
    status = JobStatus.objects.get(name="cases.remind_no_contact")
    assert status.last_succeeded_at is not None
    assert status.last_result == {"reminders": 0}
    assert not status.is_failing


@pytest.mark.django_db
def test_run_job_runs_a_group_as_at_a_time(world, open_case, contact):
    case = open_case(london(2026, 10, 5, 10))
    contact(case, london(2026, 10, 6, 10))
    out = StringIO()

    call_command("run_job", "reminders", "--at", "2026-11-02T09:00", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines[:-1]] == list(GROUPS["reminders"])
    assert "cases.remind_no_contact: reminders 1" in out.getvalue()
    assert lines[-1].startswith(f"{len(GROUPS['reminders'])} jobs in ")


@pytest.mark.django_db
def test_run_job_lists_the_jobs():
    out = StringIO()

    call_command("run_job", "--list", stdout=out)

    for name in all_jobs():
        assert name in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param([], "Name a job", id="no job"),
        pytest.param(["cases.nothing"], "No such job: cases.nothing", id="unknown job"),
        pytest.param(["ops.heartbeat", "--at", "soon"], "ISO 8601", id="a time it cannot read"),
    ],
)
def test_run_job_refuses_what_it_cannot_run(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("run_job", *args, stdout=StringIO())


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_reported_by_health(client, monkeypatch):
    import ops.jobs

    job = all_jobs()["cases.remind_no_contact"]
    broken = type(job)(job.name, "tests.schedule.test_jobs_table.explode", job.why, job.entries)
    monkeypatch.setattr(ops.jobs, "all_jobs", lambda: {**ops.jobs._jobs(), job.name: broken})

    with pytest.raises(RuntimeError):
        call_command("run_job", job.name, stdout=StringIO())

    status = JobStatus.objects.get(name=job.name)
    assert status.is_failing
    assert status.last_error == "RuntimeError"
    body = client.get("/health/").json()
    assert body["checks"]["jobs"] == {
        "ok": False,
        "detail": "last run failed: cases.remind_no_contact",
    }


def explode(*, now):
    raise RuntimeError("a failure whose text must not reach the health endpoint")
