"""Fixtures for the dashboard tests: records built by hand with exact dates, so that every
figure has a known answer, and the summaries refreshed from them.

- `PERIOD` — March to May 2025 (March starts in GMT and ends in BST); the previous period is
  December 2024 to February 2025.
- `london(...)` — an aware moment in Europe/London.
- `make` — builders: `make.referral`, `make.case`, `make.entry`, `make.consultancy`,
  `make.training`, `make.challenge`.
- `refresh()` — rebuild the summary tables.
- `dashboard(scope=...)` — the dashboard of a scope for `PERIOD`, computed afresh.
- `local(world)`, `hub_scope(world)`, `england()` — scopes.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from cases.models import AgencyInvolvement, Case, CaseworkEntry, RiskAssessment, YoungPerson
from consultancy.models import (
    ConsultancyRequest,
    PracticeChallenge,
    TrainingAttendance,
    TrainingSession,
    Urgency,
)
from consultancy.selectors.balance import Month
from dashboards.periods import Period
from dashboards.scopes import ENGLAND_KEY, Scope, ScopeKind
from dashboards.selectors import Dashboard, dashboard_for
from dashboards.services import summaries_refresh
from dashboards.tables import Table
from partners.models import Agency, LocalAuthority, Membership, SpokePlacement
from referrals.models import Referral
from tests.conftest import World

# The balance tests' hand-built month of a worker's work, for the dashboards' balance tables.
from tests.consultancy.balance.conftest import month_of_work  # noqa: F401, E402
from tests.consultancy.conftest import hub_worker  # noqa: F401, E402

LONDON = ZoneInfo("Europe/London")
PERIOD = Period(Month(2025, 3), Month(2025, 5))
TODAY = datetime.date(2025, 6, 15)
_names = itertools.count(1)


def london(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def local(world: World, la: LocalAuthority | None = None) -> Scope:
    la = la or world.la_a
    return Scope(ScopeKind.LOCAL_AUTHORITY, str(la.pk), la.name)


def hub_scope(world: World) -> Scope:
    return Scope(ScopeKind.HUB, str(world.hub.pk), world.hub.name)


def england() -> Scope:
    return Scope(ScopeKind.ENGLAND, ENGLAND_KEY, "England")


def cells(table: Table | None) -> dict[str, list[str]]:
    """A table's rows by label, each the texts of its cells (the total row as 'Total' or its
    label)."""
    assert table is not None
    found = {row.label: [c.text for c in row.cells] for row in table.rows}
    if table.total is not None:
        found[table.total.label] = [c.text for c in table.total.cells]
    return found


class Make:
    """Records as the services would leave them, with the dates a test needs."""

    def __init__(self, world: World) -> None:
        self.world = world

    def referral(
        self,
        *,
        at: datetime.datetime,
        agency: Agency | None = None,
        status: str = Referral.Status.DECLINED,
        la: LocalAuthority | None = None,
        screened_after_hours: int | None = None,
        case: Case | None = None,
    ) -> Referral:
        world = self.world
        screened = (
            at + datetime.timedelta(hours=screened_after_hours) if screened_after_hours else None
        )
        return Referral.objects.create(
            status=status,
            referrer=world.practitioner,
            referrer_agency=agency or world.csc_a,
            local_authority=la or world.la_a,
            hub=world.hub,
            first_name="Robin",
            last_name=f"Example{next(_names)}",
            submitted_at=at if status != Referral.Status.DRAFT else None,
            screening_started_at=screened,
            case=case,
        )

    def case(
        self,
        *,
        opened: datetime.date,
        risk: str = "medium",
        closed: datetime.date | None = None,
        reason: str = "",
        worker: User | None = None,
        la: LocalAuthority | None = None,
        reassessed: tuple[datetime.date, str] | None = None,
        social_care: bool = False,
        first_contact: datetime.datetime | None = None,
    ) -> Case:
        world = self.world
        la = la or world.la_a
        person = YoungPerson.objects.create(
            owning_agency=world.hub,
            local_authority=la,
            first_name="Robin",
            last_name=f"Example{next(_names)}",
        )
        case = Case.objects.create(
            young_person=person,
            owning_agency=world.hub,
            local_authority=la,
            lead_worker=worker if worker is not None else world.spoke_worker,
            risk_level=reassessed[1] if reassessed else risk,
            opened_on=opened,
            status=Case.Status.CLOSED if closed else Case.Status.OPEN,
            closed_on=closed,
            closure_reason=reason,
            first_contact_at=first_contact,
        )
        RiskAssessment.objects.create(
            case=case,
            level=risk,
            rationale="At opening.",
            assessed_on=opened,
            assessed_by=world.hub_manager,
        )
        if reassessed:
            RiskAssessment.objects.create(
                case=case,
                level=reassessed[1],
                rationale="Later.",
                assessed_on=reassessed[0],
                assessed_by=world.hub_manager,
            )
        if social_care:
            self.involvement(case, agency=world.csc_a, from_on=opened)
        return case

    def involvement(
        self,
        case: Case,
        *,
        agency: Agency,
        from_on: datetime.date,
        stepped_back_on: datetime.date | None = None,
    ) -> AgencyInvolvement:
        return AgencyInvolvement.objects.create(
            case=case,
            agency=agency,
            from_on=from_on,
            stepped_back_on=stepped_back_on,
            stepped_back_reason="Stepped back." if stepped_back_on else "",
            recorded_by=self.world.hub_manager,
        )

    def entry(
        self,
        case: Case,
        *,
        at: datetime.datetime,
        kind: str = CaseworkEntry.Kind.ONE_TO_ONE,
        attendance: str = CaseworkEntry.Attendance.ATTENDED,
        minutes: int = 60,
        **fields: Any,
    ) -> CaseworkEntry:
        return CaseworkEntry.objects.create(
            case=case,
            kind=kind,
            occurred_at=at,
            duration_minutes=minutes,
            attendance=attendance,
            summary="Session notes.",
            author=case.lead_worker or self.world.spoke_worker,
            author_agency=self.world.hub,
            **fields,
        )

    def consultancy(
        self,
        *,
        at: datetime.datetime,
        agency: Agency | None = None,
        helpful: bool | None = None,
        la: LocalAuthority | None = None,
    ) -> ConsultancyRequest:
        world = self.world
        return ConsultancyRequest.objects.create(
            status=ConsultancyRequest.Status.CLOSED,
            requester=world.practitioner,
            requester_agency=agency or world.csc_a,
            local_authority=la or world.la_a,
            hub=world.hub,
            about=ConsultancyRequest.About.UNNAMED,
            question="How do we talk about online grooming?",
            urgency=Urgency.ROUTINE,
            preferred_contact=ConsultancyRequest.PreferredContact.PHONE,
            requested_at=at,
            helpful=helpful,
            feedback_at=at if helpful is not None else None,
        )

    def training(
        self,
        *,
        on: datetime.date,
        attendance: list[tuple[Agency, int, str | None, str | None]],
        minutes: int = 120,
        status: str = TrainingSession.Status.DELIVERED,
    ) -> TrainingSession:
        world = self.world
        session = TrainingSession.objects.create(
            hub=world.hub,
            local_authority=world.la_a,
            title="Recognising exploitation",
            audience="Practitioners",
            delivered_on=on,
            duration_minutes=minutes,
            status=status,
            created_by=world.hub_manager,
        )
        session.trainers.set([world.spoke_worker])
        for agency, count, before, after in attendance:
            TrainingAttendance.objects.create(
                session=session,
                agency=agency,
                count=count,
                confidence_before=Decimal(before) if before else None,
                confidence_after=Decimal(after) if after else None,
                recorded_by=world.hub_manager,
            )
        return session

    def challenge(
        self,
        *,
        raised: datetime.date,
        agency: Agency | None = None,
        resolved: datetime.date | None = None,
    ) -> PracticeChallenge:
        world = self.world
        return PracticeChallenge.objects.create(
            hub=world.hub,
            raised_by=world.spoke_worker,
            raised_on=raised,
            challenged_agency=agency or world.csc_a,
            local_authority=world.la_a,
            category=PracticeChallenge.Category.THRESHOLD,
            concern="Threshold not met.",
            status=PracticeChallenge.Status.RESOLVED if resolved else PracticeChallenge.Status.OPEN,
            resolved_on=resolved,
            outcome=PracticeChallenge.Outcome.PRACTICE_CHANGED if resolved else "",
        )


@pytest.fixture
def make(world: World) -> Make:
    # The world's spoke worker has worked for the hub, placed in Ashdown, since 2024.
    Membership.objects.filter(user=world.spoke_worker, agency=world.hub).update(
        starts_on=datetime.date(2024, 1, 1)
    )
    SpokePlacement.objects.filter(pk=world.placement.pk).update(starts_on=datetime.date(2024, 1, 1))
    return Make(world)


@pytest.fixture
def refresh(db: None):
    def run() -> None:
        summaries_refresh(today=TODAY)

    return run


@pytest.fixture
def dashboard(settings: Any, refresh):
    """The dashboard of a scope for PERIOD (or another), with exact counts unless a
    threshold is given."""

    def compute(*, scope: Scope, period: Period = PERIOD, threshold: int = 1) -> Dashboard:
        settings.CSE_HUB_SUPPRESSION_THRESHOLD = threshold
        refresh()
        return dashboard_for(scope=scope, period=period, today=TODAY)

    return compute
