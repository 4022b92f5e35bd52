"""Reads about awareness sessions and group work, over what `consultancy.policies` has already
made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
Young people's names come only through `policies.participant_cases`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from consultancy.models import (
    AwarenessSession,
    GroupWorkAttendance,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
)
from consultancy.services.common import hub_staff

if TYPE_CHECKING:
    from partners.models import Agency


# Awareness sessions.


@dataclass(frozen=True)
class AwarenessFilters:
    local_authority_id: int | None = None
    month: datetime.date | None = None  # the first day of a calendar month


def _month_range(first: datetime.date) -> tuple[datetime.date, datetime.date]:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following


def awareness_filtered(
    *, sessions: QuerySet[AwarenessSession], filters: AwarenessFilters
) -> QuerySet[AwarenessSession]:
    """Awareness sessions newest first, narrowed by local authority and month.

    `sessions` is the policy's `visible_awareness(user)`; one query per page, one for the
    people who delivered them.
    """
    if filters.local_authority_id:
        sessions = sessions.filter(local_authority_id=filters.local_authority_id)
    if filters.month is not None:
        start, end = _month_range(filters.month)
        sessions = sessions.filter(delivered_on__gte=start, delivered_on__lt=end)
    return (
        sessions.select_related("local_authority", "hub")
        .prefetch_related(
            Prefetch("delivered_by", queryset=User.objects.order_by("full_name", "pk"))
        )
        .order_by("-delivered_on", "-pk")
    )


@dataclass(frozen=True)
class AwarenessTotals:
    sessions: int
    young_people: int


def awareness_totals(*, sessions: QuerySet[AwarenessSession]) -> AwarenessTotals:
    """How many sessions and young people reached, in one query."""
    totals = sessions.order_by().aggregate(
        sessions=Count("pk"), young_people=Coalesce(Sum("young_people_reached"), 0)
    )
    return AwarenessTotals(sessions=totals["sessions"], young_people=totals["young_people"])


def awareness_for_page(*, pk: int, sessions: QuerySet[AwarenessSession]) -> AwarenessSession:
    """One awareness session with what its page shows (DoesNotExist when not visible)."""
    return (
        sessions.select_related("local_authority", "hub", "created_by")
        .prefetch_related(
            Prefetch("delivered_by", queryset=User.objects.order_by("full_name", "pk"))
        )
        .get(pk=pk)
    )


# Group-work programmes.


@dataclass(frozen=True)
class ProgrammeFilters:
    local_authority_id: int | None = None
    status: str = "current"  # current | ended | all


def _participant_count(*, current: bool) -> Coalesce:
    participants = GroupWorkParticipant.objects.filter(programme_id=OuterRef("pk"))
    if current:
        participants = participants.filter(left_at__isnull=True)
    return Coalesce(
        Subquery(
            participants.order_by().values("programme_id").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def _session_count() -> Coalesce:
    return Coalesce(
        Subquery(
            GroupWorkSession.objects.filter(programme_id=OuterRef("pk"))
            .order_by()
            .values("programme_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def programmes_filtered(
    *,
    programmes: QuerySet[GroupWorkProgramme],
    filters: ProgrammeFilters,
    today: datetime.date | None = None,
) -> QuerySet[GroupWorkProgramme]:
    """Programmes, latest start first, with how many young people are in each and how many
    sessions it has held. One query per page, one for the facilitators."""
    today = today or timezone.localdate()
    if filters.local_authority_id:
        programmes = programmes.filter(local_authority_id=filters.local_authority_id)
    running = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    if filters.status == "current":
        programmes = programmes.filter(running)
    elif filters.status == "ended":
        programmes = programmes.exclude(running)
    return (
        programmes.select_related("local_authority", "hub")
        .annotate(
            current_participants=_participant_count(current=True), session_count=_session_count()
        )
        .prefetch_related(
            Prefetch("facilitators", queryset=User.objects.order_by("full_name", "pk"))
        )
        .order_by("-starts_on", "-pk")
    )


def programme_for_page(*, pk: int, programmes: QuerySet[GroupWorkProgramme]) -> GroupWorkProgramme:
    """One programme with its facilitators (DoesNotExist when not visible)."""
    return (
        programmes.select_related("local_authority", "hub", "created_by")
        .prefetch_related(
            Prefetch("facilitators", queryset=User.objects.order_by("full_name", "pk"))
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class ParticipantRow:
    """A young person in a programme, named only when the reader may see their case."""

    participant: GroupWorkParticipant
    case: Case | None  # None: the reader may not see who this is

    @property
    def name(self) -> str:
        return self.case.young_person.display_name if self.case is not None else ""

    @property
    def has_left(self) -> bool:
        return self.participant.left_at is not None


def participant_rows(
    *, programme: GroupWorkProgramme, named: QuerySet[Case]
) -> list[ParticipantRow]:
    """The programme's young people, current first and then by when they joined.

    `named` is the policy's `participant_cases(user, programme)`; one query for the rows, one
    for the cases the reader may see by name.
    """
    participants = list(
        GroupWorkParticipant.objects.filter(programme_id=programme.pk)
        .select_related("added_by")
        .order_by(F("left_at").desc(nulls_first=True), "added_at", "pk")
    )
    cases = {
        case.pk: case
        for case in named.select_related("young_person", "lead_worker").filter(
            pk__in=[p.case_id for p in participants]
        )
    }
    return [ParticipantRow(participant=p, case=cases.get(p.case_id)) for p in participants]


def sessions_of(*, programme: GroupWorkProgramme) -> QuerySet[GroupWorkSession]:
    """The programme's sessions, latest first, with how many came and how many were expected."""
    return (
        GroupWorkSession.objects.filter(programme_id=programme.pk)
        .select_related("recorded_by")
        .annotate(
            attended=Count("attendance", filter=Q(attendance__attendance="attended")),
            recorded=Count("attendance"),
        )
        .order_by("-held_at", "-pk")
    )


def session_for_page(*, programme: GroupWorkProgramme, pk: int) -> GroupWorkSession:
    """One session of the programme (DoesNotExist when it is another programme's)."""
    return GroupWorkSession.objects.select_related("recorded_by").get(
        pk=pk, programme_id=programme.pk
    )


@dataclass(frozen=True)
class AttendanceRow:
    attendance: GroupWorkAttendance
    case: Case | None  # None: the reader may not see who this is

    @property
    def name(self) -> str:
        return self.case.young_person.display_name if self.case is not None else ""


def attendance_rows(*, session: GroupWorkSession, named: QuerySet[Case]) -> list[AttendanceRow]:
    """Who was expected at a session and whether they came; two queries."""
    register = list(
        GroupWorkAttendance.objects.filter(session_id=session.pk)
        .select_related("entry")
        .order_by("pk")
    )
    cases = {
        case.pk: case
        for case in named.select_related("young_person").filter(
            pk__in=[row.case_id for row in register]
        )
    }
    return [AttendanceRow(attendance=row, case=cases.get(row.case_id)) for row in register]


# Choices on the forms.


def hub_staff_people(*, hub: Agency) -> QuerySet[User]:
    """The hub's spoke workers and managers today, by name: who may deliver or facilitate."""
    return User.objects.filter(
        pk__in=hub_staff(hub=hub).values("user_id"), is_active=True
    ).order_by("full_name", "pk")
