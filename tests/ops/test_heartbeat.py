"""The heartbeat task, the beat schedule that sends it, and sending tasks only after commit."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from cse_hub.celery import app as celery_app
from cse_hub.schedule import beat_schedule
from ops.apps import local_state_folders
from ops.models import Heartbeat
from ops.services import SCHEDULER
from ops.tasks import TASKS
from tests.ops.conftest import queued_task_names

heartbeat = TASKS["ops.heartbeat"]


class Rollback(Exception):
    """Raised to roll a transaction back."""


def _send_heartbeat_then_roll_back() -> None:
    with transaction.atomic():
        heartbeat.delay_on_commit()
        raise Rollback


@pytest.mark.django_db
def test_heartbeat_task_records_when_it_ran() -> None:
    """Given no heartbeat, when the task runs, then the scheduler's heartbeat is now."""
    heartbeat.delay()

    beat = Heartbeat.objects.get(name=SCHEDULER)
    assert timezone.now() - beat.beat_at < datetime.timedelta(seconds=5)


@pytest.mark.django_db
def test_repeated_heartbeats_move_one_row_forward() -> None:
    """Given an old heartbeat, when the task runs twice, then one row holds the latest time."""
    old = timezone.now() - datetime.timedelta(hours=1)
    Heartbeat.objects.create(name=SCHEDULER, beat_at=old)

    heartbeat.delay()
    heartbeat.delay()

    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get().beat_at > old


def test_schedule_sends_the_heartbeat_at_the_configured_interval(settings) -> None:
    """Given a heartbeat interval in settings, then beat sends ops.heartbeat that often."""
    settings.CSE_HUB_HEARTBEAT_SECONDS = 7

    entry = beat_schedule()["ops-heartbeat"]

    assert entry["task"] == "ops.heartbeat"
    assert entry["schedule"] == datetime.timedelta(seconds=7)
    # An unsent beat is superseded by the next one instead of piling up while no worker runs.
    assert entry["options"]["expires"] <= 7


def test_every_scheduled_task_is_registered_with_the_app() -> None:
    """Given the beat schedule, then every task it names exists, so no beat is lost."""
    celery_app.loader.import_default_modules()

    assert set(celery_app.conf.beat_schedule) == set(beat_schedule())
    for name, entry in beat_schedule().items():
        assert entry["task"] in celery_app.tasks, name


def test_tasks_carry_json_only() -> None:
    """Given the Celery settings, then messages are JSON and nothing else is accepted."""
    assert celery_app.conf.task_serializer == "json"
    assert celery_app.conf.accept_content == ["json"]


@pytest.mark.django_db
def test_a_task_is_sent_only_when_the_transaction_commits(
    filesystem_broker: Path, django_capture_on_commit_callbacks
) -> None:
    """Given delay_on_commit inside a transaction, then nothing is queued until it commits."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        heartbeat.delay_on_commit()
        assert queued_task_names(filesystem_broker) == []

    assert queued_task_names(filesystem_broker) == ["ops.heartbeat"]


@pytest.mark.django_db
def test_a_rolled_back_transaction_sends_nothing(
    filesystem_broker: Path, django_capture_on_commit_callbacks
) -> None:
    """Given delay_on_commit in a transaction that rolls back, then no task is ever queued."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Rollback):
        _send_heartbeat_then_roll_back()

    assert callbacks == []
    assert queued_task_names(filesystem_broker) == []


def test_embedded_broker_folders_are_made_at_start(settings, tmp_path: Path) -> None:
    """Given the filesystem broker points at missing folders, Django's start-up makes them."""
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(tmp_path / "broker" / "queue"),
        "data_folder_out": str(tmp_path / "broker" / "queue"),
        "control_folder": str(tmp_path / "broker" / "control"),
    }

    apps.get_app_config("ops").ready()

    assert (tmp_path / "broker" / "queue").is_dir()
    assert (tmp_path / "broker" / "control").is_dir()


def test_the_sqlite_file_gets_its_folder(tmp_path: Path) -> None:
    """Given an SQLite file in a folder of its own, then that folder is one to make."""
    folders = local_state_folders(
        broker_url="redis://127.0.0.1:6379/0",
        transport_options={},
        database={"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "data" / "db")},
    )

    assert folders == [tmp_path / "data"]


def test_no_folders_are_made_for_redis_and_postgresql() -> None:
    """Given Redis and PostgreSQL, then there is nothing local to prepare."""
    folders = local_state_folders(
        broker_url="redis://127.0.0.1:6379/0",
        transport_options={"data_folder_in": "queue"},
        database={"ENGINE": "django.db.backends.postgresql", "NAME": "cse_hub"},
    )

    assert folders == []
