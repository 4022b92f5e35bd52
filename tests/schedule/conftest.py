"""Fixtures for the scheduled jobs: a clock to move, a job to run as at a time, and cases,
referrals and requests made at a given moment through the real services.

The clock starts at 09:00 on 1 October 2026 for every test (the world is made then) and moves
forward with `at(moment)`.

Times are Europe/London. December 2026 has Christmas on Friday 25th, Boxing Day on Saturday
26th and its substitute bank holiday on Monday 28th, so 24th (Thursday) and 29th (Tuesday) are
consecutive working days.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from cases import casework
from cases import services as case_services
from cases.models import Case, CaseworkEntry, RiskLevel
from notifications.models import Notification
from ops.jobs import job_run

# The referral and consultancy fixtures live beside their tests; the sweeps need them too.
from tests.consultancy.conftest import hub_worker, shared_case  # noqa: F401
from tests.consultancy.requests.conftest import colleague, make_request  # noqa: F401
from tests.referrals.conftest import (  # noqa: F401
    known_young_person,
    make_referral,
    referral_values,
)

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


# Every test here starts on this day, so the world's memberships and placements (which start
# "today") are in force at every moment the tests travel to, whenever the suite runs.
START = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    with time_machine.travel(START, tick=False):
        yield


@contextmanager
def at(moment: datetime.datetime) -> Iterator[None]:
    """Stop the clock at a moment: everything done inside happens then."""
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture
def run() -> Callable[..., dict[str, int]]:
    """Run a job by name as at a moment (with the clock there too), returning its counts."""

    def _run(name: str, moment: datetime.datetime) -> dict[str, int]:
        with at(moment):
            return dict(job_run(name=name))

    return _run


def told(kind: str) -> list[tuple[int, str]]:
    """Who was told what, of one kind of notification, in the order they were told."""
    return list(
        Notification.objects.filter(kind=kind).order_by("pk").values_list("recipient_id", "message")
    )


def recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


@pytest.fixture
def open_case(world: Any) -> Callable[..., Case]:
    """A case of the world's hub opened (and allocated) at a moment."""

    def _open(
        moment: datetime.datetime,
        *,
        hub: Any = None,
        lead_worker: Any = "default",
        risk_level: str = RiskLevel.MEDIUM,
        first_name: str = "Robin",
        last_name: str = "Testcase",
    ) -> Case:
        hub = hub or world.hub
        manager = world.hub_manager if hub == world.hub else world.other_hub_manager
        worker = world.spoke_worker if hub == world.hub else world.other_spoke_worker
        with at(moment):
            return case_services.case_open(
                by=manager,
                hub=hub,
                local_authority=world.la_a if hub == world.hub else world.la_b,
                risk_level=risk_level,
                rationale="Older associates and missing episodes.",
                young_person_data={
                    "first_name": first_name,
                    "last_name": last_name,
                    "date_of_birth": datetime.date(2011, 3, 14),
                },
                lead_worker=worker if lead_worker == "default" else lead_worker,
                opened_on=moment.date(),
            )

    return _open


@pytest.fixture
def contact(world: Any) -> Callable[..., CaseworkEntry]:
    """A successful one-to-one session with the young person, logged at a moment."""

    def _contact(case: Case, moment: datetime.datetime, *, by: Any = None) -> CaseworkEntry:
        author = by or case.lead_worker
        assert author is not None
        with at(moment):
            return casework.entry_create(
                case=case,
                by=author,
                kind=CaseworkEntry.Kind.ONE_TO_ONE,
                occurred_at=moment,
                attendance=CaseworkEntry.Attendance.ATTENDED,
                summary="Met at the youth centre; talked about keeping safe online.",
                duration_minutes=45,
            )

    return _contact
