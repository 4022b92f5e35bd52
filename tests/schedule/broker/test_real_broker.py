"""On a real Redis broker with real workers: tasks sent on commit run; a worker killed in the
middle of a task leaves it to run again, its effect happening once; with Redis stopped, pages
still answer at once and the next sweep after Redis is back delivers what was missed."""

from __future__ import annotations

import datetime
import os
import signal
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cases import casework
from cases import services as case_services
from cases.models import CaseworkEntry, RiskLevel
from cse_hub.celery import app as celery_app
from cse_hub.celery import broker_circuit
from notifications.models import Notification, Reminder
from notifications.services import notify

# The referral fixtures live beside the referral tests.
from tests.referrals.conftest import make_referral, referral_values  # noqa: F401
from tests.schedule.broker.conftest import VISIBILITY_SECONDS, _send_to, emails, workers_for

pytestmark = pytest.mark.services
# Generous for a slow machine; a healthy worker runs a task within a second or two.
WITHIN = 60


class Rollback(Exception):
    pass


def _tell(user, n=1):
    notify(
        recipients=[user],
        kind=Notification.Kind.REFERRAL_SUBMITTED,
        key=f"referral_submitted:{n}",
        message=f"New routine referral R{n:06d} from Ashdown Children's Services",
        link=f"/referrals/{n}/triage/",
    )


def _roll_back_a_notification(user) -> None:
    with transaction.atomic():
        _tell(user, 1)
        raise Rollback


def test_a_task_is_sent_only_on_commit_and_a_real_worker_runs_it(world, broker, workers, tmp_path):
    """Given a notification made in a transaction that rolls back, then nothing is queued; given
    one that commits, then its email task is queued at the commit and a worker sends it."""
    with pytest.raises(Rollback):
        _roll_back_a_notification(world.hub_manager)
    assert broker.queued() == 0

    with transaction.atomic():
        _tell(world.hub_manager, 2)
        assert broker.queued() == 0
    assert broker.queued() == 1

    workers.start_worker()
    notification = Notification.objects.get()
    sent = workers.wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, emailed_at__isnull=False).exists(),
        within=WITHIN,
    )

    assert sent, workers.logs()
    [email] = emails(tmp_path)
    assert world.hub_manager.email in email
    assert "/referrals/2/triage/" in email
    assert "Task notifications.send_email[" in workers.logs()


def _quiet_case(world):
    """An open case whose last successful contact was 20 days ago: the no-contact job is due."""
    today = timezone.localdate()
    case = case_services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.MEDIUM,
        rationale="Older associates and missing episodes.",
        young_person_data={"first_name": "Robin", "last_name": "Testcase"},
        lead_worker=world.spoke_worker,
        opened_on=today - datetime.timedelta(days=30),
    )
    casework.entry_create(
        case=case,
        by=world.spoke_worker,
        kind=CaseworkEntry.Kind.ONE_TO_ONE,
        occurred_at=timezone.now() - datetime.timedelta(days=20),
        attendance=CaseworkEntry.Attendance.ATTENDED,
        summary="Met at the youth centre.",
    )
    return case


def _lines(marker: Path) -> list[str]:
    """What each run of the slow task wrote: "started" or "ran"."""
    return [line.split()[0] for line in marker.read_text().splitlines()] if marker.exists() else []


def _pid(marker: Path) -> int:
    """The process that wrote the marker's last line."""
    return int(marker.read_text().splitlines()[-1].split()[1])


def _send_slow(task: str, marker: Path) -> None:
    celery_app.send_task(
        task, kwargs={"job": "cases.remind_no_contact", "pause": 5, "marker": str(marker)}
    )


def _told_once() -> None:
    assert Notification.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 1
    assert Reminder.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 1


SLOW_TASKS = [
    pytest.param("tests.run_job_then_pause", ["ran"], id="killed after the effect"),
    pytest.param("tests.pause_then_run_job", ["started"], id="killed before the effect"),
]


@pytest.mark.parametrize(("task", "before_kill"), SLOW_TASKS)
def test_a_worker_killed_mid_task_leaves_it_to_run_again_and_the_effect_happens_once(
    world, broker, workers, tmp_path, task, before_kill
):
    """Given the no-contact sweep running on a worker that is killed (SIGKILL, as when its
    machine dies) in the middle, then the task was never acknowledged, so once the visibility
    timeout passes another worker runs it again; the young person's worker is told once."""
    _quiet_case(world)
    marker = tmp_path / "marker"
    first = workers.start_worker()
    _send_slow(task, marker)
    assert workers.wait_for(lambda: _lines(marker) == before_kill, within=WITHIN), workers.logs()

    first.kill()
    first.wait(timeout=10)
    assert broker.queued() == 0  # taken, unacknowledged: not waiting in the queue
    # A worker starting after the visibility timeout finds the unacknowledged task and takes it
    # (a running one looks again every few minutes).
    time.sleep(VISIBILITY_SECONDS + 1)
    workers.start_worker()

    assert workers.wait_for(
        lambda: _lines(marker)[-1:] == ["ran"] and len(_lines(marker)) > 1, within=WITHIN
    ), workers.logs()
    _told_once()


@pytest.mark.parametrize(("task", "before_kill"), SLOW_TASKS)
def test_a_pool_process_killed_mid_task_has_it_run_again_at_once_and_the_effect_happens_once(
    world, broker, workers, tmp_path, task, before_kill
):
    """Given production's prefork pool, when the process running the sweep is killed (as the
    out-of-memory killer would), then the worker hands the unacknowledged task back at once and
    a fresh process runs it again; the young person's worker is told once."""
    _quiet_case(world)
    marker = tmp_path / "marker"
    workers.start_worker("--pool=prefork", "--concurrency=1")
    _send_slow(task, marker)
    assert workers.wait_for(lambda: _lines(marker) == before_kill, within=WITHIN), workers.logs()
    killed = _pid(marker)

    os.kill(killed, signal.SIGKILL)

    assert workers.wait_for(
        lambda: _lines(marker)[-1:] == ["ran"] and len(_lines(marker)) > 1, within=WITHIN
    ), workers.logs()
    assert _pid(marker) != killed
    assert "WorkerLostError" in workers.logs()
    _told_once()


# Generous: with Redis refused, a send fails in well under a second. Without the short
# timeouts and the circuit, a request with several sends would wait seconds for each.
REQUEST_WITHIN_SECONDS = 5


def test_with_redis_stopped_a_page_that_sends_tasks_answers_and_the_next_sweep_delivers(
    world,
    own_redis,
    monkeypatch,
    settings,
    tmp_path,
    login,
    make_referral,  # noqa: F811
):
    """Given Redis stopped, when a practitioner submits a referral (which tells the hub's
    managers by email through a task), then the page answers at once and the referral is
    submitted; and once Redis is back, the sweeps deliver the email and a reminder that fell
    due meanwhile, each once."""
    prefix = "down-test:"
    _send_to(monkeypatch, own_redis.url, prefix)
    # In production the cache is the same Redis: it is down too.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    referral = make_referral(status="draft")
    _quiet_case(world)
    client = login(world.practitioner)
    own_redis.stop()

    started = time.monotonic()
    response = client.post(
        reverse("referrals:check", kwargs={"pk": referral.pk}), {"version": referral.version}
    )
    took = time.monotonic() - started

    assert response.status_code == 302, response.content[:500]
    assert took < REQUEST_WITHIN_SECONDS, took
    referral.refresh_from_db()
    assert referral.status == "submitted"
    told = Notification.objects.get(kind=Notification.Kind.REFERRAL_SUBMITTED)
    assert told.emailed_at is None
    assert broker_circuit.is_open()

    # Redis is back, and so is a worker; beat sends the sweeps as it would (every ten minutes,
    # and hourly), the first one after the email's five minutes' grace.
    own_redis.start()
    broker_circuit.reset()
    Notification.objects.filter(pk=told.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=6)
    )
    processes = workers_for(tmp_path, type("B", (), {"url": own_redis.url, "prefix": prefix})())
    try:
        processes.start_worker()
        celery_app.send_task("notifications.email_pending")
        celery_app.send_task("cases.remind_no_contact")
        delivered = processes.wait_for(
            lambda: (
                Notification.objects.filter(pk=told.pk, emailed_at__isnull=False).exists()
                and Reminder.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).exists()
            ),
            within=WITHIN,
        )
        assert delivered, processes.logs()
        celery_app.send_task("notifications.email_pending")
        celery_app.send_task("cases.remind_no_contact")
        assert processes.wait_for(
            lambda: processes.logs().count("succeeded in") >= 4, within=WITHIN
        ), processes.logs()
    finally:
        processes.stop()

    assert len([mail for mail in emails(tmp_path) if "/triage/" in mail]) == 1
    assert Notification.objects.filter(kind=Notification.Kind.NO_RECENT_CONTACT).count() == 1
