"""Fixtures for the balance tests: a month of a spoke worker's work, built by hand so that
every row's time is exact.

- `MARCH` — March 2025: it starts in GMT and ends in BST (the clocks went forward on
  30 March), so midnight on its last day is 23:00 UTC.
- `london(...)` — an aware moment in Europe/London.
- `month_of_work(worker=, copies=1)` — the hand-built month below for a worker of the world's
  hub, `copies` times over; returns the minutes each kind should add up to.

What `month_of_work` records for one copy, and what counts (minutes):

| what | when (London) | counts as |
|---|---|---|
| one-to-one, 60 | 1 March 00:10 | direct work |
| phone call, 30 | 31 March 23:30 (BST) | direct work |
| one-to-one, 45 | 28 February 23:50 | nothing: the month before |
| one-to-one, 90 | 1 April 00:30 (BST) | nothing: the month after |
| one-to-one draft, 120 | 10 March | nothing: a draft |
| one-to-one entered in error, 240 | 11 March | nothing: in error |
| group session, 120, three young people attending | 10 March 17:00 | direct work, once |
| group session, 90, of a programme the worker does not facilitate | 12 March | nothing |
| group session, 60 | 2 April | nothing: the month after |
| advice, 50 | 31 March | consultancy |
| advice, 25 | 1 April | nothing: the month after |
| advice, 35, on another hub's request | 20 March | nothing: another hub |
| consultation with a professional, 40 | 15 March | consultancy |
| training delivered, 180, with a colleague | 12 March | training |
| training planned, 120 | 20 March | nothing: not delivered |
| training delivered by another hub, 60 | 14 March | nothing: another hub |
| awareness session, 60 | 5 March | awareness |
| awareness casework entry, 30 | 6 March | awareness |

So one copy is 210 direct, 90 consultancy, 180 training and 90 awareness: 570 minutes.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from cases import casework
from cases import services as case_services
from cases.models import Case, CaseworkEntry, RiskLevel
from consultancy.models import (
    AwarenessSession,
    ConsultancyMessage,
    ConsultancyRequest,
    GroupWorkAttendance,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
    TrainingSession,
    Urgency,
)
from consultancy.selectors.balance import Month
from partners.models import Agency, Membership
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
MARCH = Month(2025, 3)
ONE_COPY = {"direct_work": 210, "consultancy": 90, "training": 180, "awareness": 90}
_names = itertools.count(1)
E = CaseworkEntry.Kind
A = CaseworkEntry.Attendance


def london(month: int, day: int, hour: int = 12, minute: int = 0, year: int = 2025):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def open_case(world: World, *, worker: User) -> Case:
    n = next(_names)
    return case_services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_a,
        risk_level=RiskLevel.MEDIUM,
        rationale="Concerns raised by the school.",
        young_person_data={"first_name": "Robin", "last_name": f"Example{n}"},
        lead_worker=worker,
        opened_on=datetime.date(2025, 1, 2),
    )


def entry(case: Case, *, by: User, kind: str, at, minutes: int, **extra) -> CaseworkEntry:
    return casework.entry_create(
        case=case,
        by=by,
        kind=kind,
        occurred_at=at,
        attendance=A.ATTENDED if kind != E.PROFESSIONAL_CONSULTATION else A.NOT_APPLICABLE,
        summary="Session notes.",
        duration_minutes=minutes,
        **extra,
    )


def _request(world: World, *, hub: Agency) -> ConsultancyRequest:
    return ConsultancyRequest.objects.create(
        status=ConsultancyRequest.Status.ADVISED,
        requester=world.practitioner,
        requester_agency=world.csc_a,
        local_authority=world.la_b if hub != world.hub else world.la_a,
        hub=hub,
        about=ConsultancyRequest.About.UNNAMED,
        question="How do we talk about online grooming with a year 9 pupil?",
        urgency=Urgency.ROUTINE,
        preferred_contact=ConsultancyRequest.PreferredContact.PHONE,
    )


def _advice(request: ConsultancyRequest, *, by: User, on: datetime.date, minutes: int) -> None:
    ConsultancyMessage.objects.create(
        request=request,
        kind=ConsultancyMessage.Kind.ADVICE,
        author=by,
        author_agency=request.hub,
        text="Talked through the signs and the referral route.",
        given_on=on,
        time_spent_minutes=minutes,
    )


def _training(
    world: World, *, hub: Agency, on: datetime.date, minutes: int, status: str, trainers
) -> TrainingSession:
    session = TrainingSession.objects.create(
        hub=hub,
        local_authority=world.la_b if hub != world.hub else world.la_a,
        title="Recognising exploitation",
        audience="Social workers in the MASH",
        delivered_on=on,
        duration_minutes=minutes,
        status=status,
        created_by=world.hub_manager,
    )
    session.trainers.set(trainers)
    return session


def _programme(world: World, *, facilitators) -> GroupWorkProgramme:
    programme = GroupWorkProgramme.objects.create(
        hub=world.hub,
        local_authority=world.la_a,
        title="Healthy relationships group",
        setting_name="Ashdown Youth Centre",
        starts_on=datetime.date(2025, 1, 6),
        created_by=world.hub_manager,
    )
    programme.facilitators.set(facilitators)
    return programme


def _group_session(
    programme: GroupWorkProgramme, *, at, minutes: int, by: User, cases: list[Case]
) -> GroupWorkSession:
    """A session as the group-work service records it: one group-work entry per young person."""
    session = GroupWorkSession.objects.create(
        programme=programme, held_at=at, duration_minutes=minutes, topic="Consent", recorded_by=by
    )
    for case in cases:
        GroupWorkParticipant.objects.get_or_create(
            programme=programme, case=case, defaults={"added_by": by}
        )
        written = entry(case, by=by, kind=E.GROUP_WORK, at=at, minutes=minutes)
        GroupWorkAttendance.objects.create(
            session=session, case=case, attendance=A.ATTENDED, entry=written
        )
    return session


@pytest.fixture
def month_of_work(world: World, hub_worker) -> Callable[..., dict[str, int]]:
    colleague = hub_worker(placed_in=world.la_a, full_name="Hari Hubside")

    def build(*, worker: User, copies: int = 1) -> dict[str, int]:
        # They have worked for the hub since before the month.
        Membership.objects.filter(user__in=[worker, colleague], agency=world.hub).update(
            starts_on=datetime.date(2024, 1, 1)
        )
        case = open_case(world, worker=worker)
        group_cases = [open_case(world, worker=worker) for _ in range(3)]
        own = _programme(world, facilitators=[worker])
        others = _programme(world, facilitators=[colleague])
        for _ in range(copies):
            entry(case, by=worker, kind=E.ONE_TO_ONE, at=london(3, 1, 0, 10), minutes=60)
            entry(case, by=worker, kind=E.PHONE, at=london(3, 31, 23, 30), minutes=30)
            entry(case, by=worker, kind=E.ONE_TO_ONE, at=london(2, 28, 23, 50), minutes=45)
            entry(case, by=worker, kind=E.ONE_TO_ONE, at=london(4, 1, 0, 30), minutes=90)
            entry(case, by=worker, kind=E.ONE_TO_ONE, at=london(3, 10), minutes=120, draft=True)
            in_error = entry(case, by=worker, kind=E.ONE_TO_ONE, at=london(3, 11), minutes=240)
            casework.entry_mark_in_error(entry=in_error, by=worker, reason="Wrong young person.")
            _group_session(own, at=london(3, 10, 17), minutes=120, by=worker, cases=group_cases)
            _group_session(
                others, at=london(3, 12, 17), minutes=90, by=colleague, cases=group_cases[:1]
            )
            _group_session(own, at=london(4, 2, 17), minutes=60, by=worker, cases=group_cases[:2])
            request = _request(world, hub=world.hub)
            _advice(request, by=worker, on=datetime.date(2025, 3, 31), minutes=50)
            _advice(request, by=worker, on=datetime.date(2025, 4, 1), minutes=25)
            elsewhere = _request(world, hub=world.other_hub)
            _advice(elsewhere, by=worker, on=datetime.date(2025, 3, 20), minutes=35)
            entry(case, by=worker, kind=E.PROFESSIONAL_CONSULTATION, at=london(3, 15), minutes=40)
            delivered = TrainingSession.Status.DELIVERED
            _training(
                world,
                hub=world.hub,
                on=datetime.date(2025, 3, 12),
                minutes=180,
                status=delivered,
                trainers=[worker, colleague],
            )
            _training(
                world,
                hub=world.hub,
                on=datetime.date(2025, 3, 20),
                minutes=120,
                status=TrainingSession.Status.PLANNED,
                trainers=[worker],
            )
            _training(
                world,
                hub=world.other_hub,
                on=datetime.date(2025, 3, 14),
                minutes=60,
                status=delivered,
                trainers=[worker],
            )
            awareness = AwarenessSession.objects.create(
                hub=world.hub,
                local_authority=world.la_a,
                setting="school",
                setting_name="Ashdown Academy",
                delivered_on=datetime.date(2025, 3, 5),
                duration_minutes=60,
                young_people_reached=28,
                age_from=13,
                age_to=14,
                created_by=worker,
            )
            awareness.delivered_by.set([worker])
            entry(case, by=worker, kind=E.AWARENESS, at=london(3, 6), minutes=30)
        return {kind: minutes * copies for kind, minutes in ONE_COPY.items()}

    build.colleague = colleague  # type: ignore[attr-defined]
    return build
