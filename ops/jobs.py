"""Every scheduled job: its name (also its Celery task's), what it runs, when, and why.

`cse_hub.schedule` builds Celery beat's schedule from this table, `ops.tasks` makes one thin
task per job, and `manage.py run_job NAME` runs any of them once, here and now. A job is a
service that takes the time to run "as at" and returns counts of what it did; it selects what
is due whenever it last ran, so a run missed while the broker or a worker was down is caught
up by the next (decision 0015).
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

Counts = Mapping[str, int]


@dataclass(frozen=True)
class Entry:
    """One line of the beat schedule: when, and for how long a queued run is still worth it."""

    key: str
    schedule: Any
    every: str
    expires: float | None = None


@dataclass(frozen=True)
class Job:
    """A job: `run` is the dotted path of a service called with `now=` that returns counts.

    A path rather than the function itself, so the scheduler can read this table before
    Django's models are loaded.
    """

    name: str
    run: str
    why: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    def service(self) -> Callable[..., Counts]:
        return import_string(self.run)  # type: ignore[no-any-return]


# Reminder sweeps run hourly through the working day (and at weekends, for the thresholds in
# calendar days), so none wakes anyone at night and a missed hour is caught up by the next.
WORKING_HOURS = "7-19"
HOURLY = "hourly from 07:MM to 19:MM"


def _hourly(key: str, minute: int) -> Entry:
    return Entry(
        key=key,
        schedule=crontab(minute=minute, hour=WORKING_HOURS),
        every=HOURLY.replace("MM", f"{minute:02d}"),
        # A run still queued when the next is due adds nothing: let it expire.
        expires=55 * 60,
    )


# Services whose own signature is not (now=) -> counts, adapted.


def run_heartbeat(*, now: datetime.datetime) -> Counts:
    from ops.services import heartbeat_record

    heartbeat_record()
    return {"beats": 1}


def run_clear_sessions(*, now: datetime.datetime) -> Counts:
    from accounts.services import sessions_clear_expired

    return {"removed": sessions_clear_expired()}


def run_expire_shares(*, now: datetime.datetime) -> Counts:
    from cases.sharing import case_shares_expire

    return {"ended": case_shares_expire(today=timezone.localdate(now))}


def run_send_digests(*, now: datetime.datetime) -> Counts:
    from notifications.services import notifications_send_digests

    return {"digests": notifications_send_digests(now=now)}


def run_refresh_dashboards(*, now: datetime.datetime) -> Counts:
    from dashboards.services import summaries_refresh

    state = summaries_refresh(today=timezone.localdate(now))
    return {"version": state.version, "duration_ms": state.duration_ms}


def run_email_pending(*, now: datetime.datetime) -> Counts:
    from notifications.services import notifications_email_pending

    return {"emails": notifications_email_pending(now=now)}


def _jobs() -> dict[str, Job]:
    heartbeat = datetime.timedelta(seconds=settings.CSE_HUB_HEARTBEAT_SECONDS)
    jobs = [
        Job(
            "ops.heartbeat",
            "ops.jobs.run_heartbeat",
            "Proves the scheduler, the broker, a worker and the database work together; "
            "/health/ shows how long ago it last landed",
            (
                Entry(
                    "ops-heartbeat",
                    heartbeat,
                    f"every {int(heartbeat.total_seconds())} s (HEARTBEAT_SECONDS)",
                    expires=heartbeat.total_seconds(),
                ),
            ),
        ),
        Job(
            "accounts.clear_expired_sessions",
            "ops.jobs.run_clear_sessions",
            "Removes expired sessions and their tracking rows (expired sessions are already "
            "refused)",
            (Entry("accounts-clear-expired-sessions", crontab(hour=3, minute=17), "daily 03:17"),),
        ),
        Job(
            "cases.expire_shares",
            "ops.jobs.run_expire_shares",
            "Revokes case shares whose end date has passed, removing the access they gave, and "
            "tells whoever shared; the hourly run catches a missed night",
            (
                Entry("cases-expire-shares-daily", crontab(hour=0, minute=2), "daily 00:02"),
                Entry("cases-expire-shares-hourly", crontab(minute=32), "hourly at :32"),
            ),
        ),
        Job(
            "referrals.remind_unscreened",
            "referrals.reminders.referrals_remind_unscreened",
            "Tells a hub's managers of a referral not yet screened after 2 working days",
            (_hourly("referrals-remind-unscreened", 5),),
        ),
        Job(
            "cases.remind_first_contact",
            "cases.reminders.cases_remind_first_contact",
            "Allocated case with no first contact: tells the lead worker after 5 working days "
            "and the hub's managers after 10",
            (_hourly("cases-remind-first-contact", 10),),
        ),
        Job(
            "cases.remind_no_contact",
            "cases.reminders.cases_remind_no_contact",
            "Open case with no successful contact for 14 days: tells the lead worker",
            (_hourly("cases-remind-no-contact", 15),),
        ),
        Job(
            "cases.remind_reviews",
            "cases.reminders.cases_remind_reviews",
            "Schedules the next review of any open case without one (every 4, 8 or 12 weeks "
            "at high, medium or low risk), tells the worker a week before it is due and the "
            "managers once it is overdue",
            (_hourly("cases-remind-reviews", 20),),
        ),
        Job(
            "consultancy.remind_unanswered",
            "consultancy.reminders.consultancy_remind_unanswered",
            "Tells the responding worker (or, with none yet, the managers) of a consultancy "
            "request or follow-up question unanswered after 3 working days",
            (_hourly("consultancy-remind-unanswered", 25),),
        ),
        Job(
            "cases.remind_shares_ending",
            "cases.reminders.cases_remind_shares_ending",
            "Tells whoever shared a case that the share ends within 7 days",
            (_hourly("cases-remind-shares-ending", 30),),
        ),
        Job(
            "partners.remind_agreement_reviews",
            "partners.reminders.partners_remind_agreement_reviews",
            "Tells the managers of each hub party to a sharing agreement that its review is "
            "due within 30 days, or late",
            (_hourly("partners-remind-agreement-reviews", 40),),
        ),
        Job(
            "partners.remind_supervision",
            "partners.reminders.partners_remind_supervision",
            "Tells a hub's managers of each spoke worker with no supervision recorded for 4 weeks",
            (_hourly("partners-remind-supervision", 45),),
        ),
        Job(
            "cases.apply_retention",
            "cases.retention.cases_apply_retention",
            "Anonymises closed cases past their retention date unless on legal hold (audited; "
            "the audit log is untouched), and warns the managers 30 days before",
            (Entry("cases-apply-retention", crontab(hour=2, minute=30), "daily 02:30"),),
        ),
        Job(
            "notifications.send_digests",
            "ops.jobs.run_send_digests",
            "Sends each person who chose it one email a day listing their notifications; "
            "later runs that morning catch up a missed one, never a second digest",
            (
                Entry(
                    "notifications-send-digests",
                    crontab(minute=0, hour="7-10"),
                    "daily 07:00, again at 08:00, 09:00 and 10:00",
                ),
            ),
        ),
        Job(
            "notifications.email_pending",
            "ops.jobs.run_email_pending",
            "Sends immediate emails whose queued task never went (the broker was down)",
            (
                Entry(
                    "notifications-email-pending",
                    datetime.timedelta(minutes=10),
                    "every 10 minutes",
                    expires=10 * 60,
                ),
            ),
        ),
        Job(
            "dashboards.refresh_summaries",
            "ops.jobs.run_refresh_dashboards",
            "Rebuilds the dashboards' summary tables from the records, so no figure is more "
            "than about an hour old",
            (
                Entry(
                    "dashboards-refresh-summaries",
                    crontab(minute=5),
                    "hourly at :05",
                    # A run still queued when the next is due is stale.
                    expires=55 * 60,
                ),
            ),
        ),
    ]
    return {job.name: job for job in jobs}


def all_jobs() -> dict[str, Job]:
    """Every job by name, in the order the README lists them."""
    return _jobs()


def job_names() -> list[str]:
    return list(_jobs())


# Groups an operator (or the benchmark) can run by one name.
GROUPS: dict[str, tuple[str, ...]] = {
    "reminders": (
        "referrals.remind_unscreened",
        "cases.remind_first_contact",
        "cases.remind_no_contact",
        "cases.remind_reviews",
        "consultancy.remind_unanswered",
        "cases.remind_shares_ending",
        "partners.remind_agreement_reviews",
        "partners.remind_supervision",
    ),
}


class UnknownJobError(KeyError):
    """No job has that name."""


def job_run(*, name: str, now: datetime.datetime | None = None) -> Counts:
    """Run one job now (or as at `now`), recording how it went; returns what it did."""
    job = all_jobs().get(name)
    if job is None:
        raise UnknownJobError(name)
    from ops.services import job_failed, job_started, job_succeeded

    started = timezone.now()
    job_started(name=name, at=started)
    clock = time.monotonic()
    try:
        result = job.service()(now=now or started)
    except Exception as error:
        job_failed(name=name, error=error)
        logger.exception("job failed job=%s", name)
        raise
    duration_ms = int((time.monotonic() - clock) * 1000)
    job_succeeded(name=name, duration_ms=duration_ms, result=result)
    logger.info("job done job=%s duration_ms=%s result=%s", name, duration_ms, dict(result))
    return result
