"""Reads about training for practitioners, over what `consultancy.policies` has made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from consultancy.models import TrainingAttendance, TrainingSession
from partners.models import Agency, Membership, Role

# Who attends training: practitioners and their managers in partner agencies.
ATTENDEE_ROLES = (Role.PRACTITIONER, Role.TEAM_MANAGER, Role.PARTNERSHIP_MANAGER)
# Hubs train others; funders and national bodies are not the audience.
NOT_ATTENDING_KINDS = (Agency.Kind.CSE_HUB, Agency.Kind.COMMISSIONER)


class When:
    """Which sessions a list shows by date."""

    ALL = ""
    UPCOMING = "upcoming"
    PAST = "past"


@dataclass(frozen=True)
class TrainingFilters:
    """What the hub's list can be narrowed by (all optional)."""

    local_authority_id: int | None = None
    status: str = ""
    trainer_id: int | None = None
    when: str = When.ALL


def _trainers() -> Prefetch:  # type: ignore[type-arg]
    return Prefetch("trainers", queryset=User.objects.order_by("full_name", "pk"))


def _attended_total() -> Coalesce:
    people = (
        TrainingAttendance.objects.filter(session_id=OuterRef("pk"))
        .order_by()
        .values("session_id")
        .annotate(n=Sum("count"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(people, output_field=IntegerField()), 0)


def training_list(
    *,
    sessions: QuerySet[TrainingSession],
    filters: TrainingFilters,
    today: datetime.date | None = None,
) -> QuerySet[TrainingSession]:
    """The hub's sessions with how many attended: upcoming ones soonest first, otherwise the
    latest first. `sessions` is the policy's `hub_training(user)`; two queries per page (the
    page, and the trainers of its sessions)."""
    today = today or timezone.localdate()
    listed = sessions
    if filters.local_authority_id:
        listed = listed.filter(local_authority_id=filters.local_authority_id)
    if filters.status:
        listed = listed.filter(status=filters.status)
    if filters.trainer_id:
        listed = listed.filter(
            pk__in=TrainingSession.trainers.through.objects.filter(
                user_id=filters.trainer_id
            ).values("trainingsession_id")
        )
    order = ["-delivered_on", "-pk"]
    if filters.when == When.UPCOMING:
        listed = listed.filter(delivered_on__gte=today, status=TrainingSession.Status.PLANNED)
        order = ["delivered_on", "pk"]
    elif filters.when == When.PAST:
        listed = listed.filter(delivered_on__lt=today)
    return (
        listed.annotate(attended=_attended_total())
        .select_related("local_authority", "hub")
        .prefetch_related(_trainers())
        .order_by(*order)
    )


def training_attended_rows(*, user: User) -> QuerySet[TrainingAttendance]:
    """The user's own attendance rows, latest session first, each with its session, agency and
    the session's trainers; two queries per page."""
    return (
        TrainingAttendance.objects.filter(attendee_id=user.pk)
        .select_related("session", "session__local_authority", "session__hub", "agency")
        .prefetch_related(
            Prefetch("session__trainers", queryset=User.objects.order_by("full_name", "pk"))
        )
        .order_by("-session__delivered_on", "-session_id")
    )


def training_for_page(*, pk: int, sessions: QuerySet[TrainingSession]) -> TrainingSession:
    """One session with what its pages show (raises DoesNotExist when not visible)."""
    return (
        sessions.select_related("hub", "local_authority", "created_by")
        .prefetch_related(_trainers())
        .get(pk=pk)
    )


def training_attendance_rows(*, session: TrainingSession) -> QuerySet[TrainingAttendance]:
    """Every attendance row of a session by agency, named people first within each."""
    return (
        TrainingAttendance.objects.filter(session_id=session.pk)
        .select_related("agency", "attendee")
        .order_by("agency__name", F("attendee__full_name").asc(nulls_last=True), "pk")
    )


def own_attendance(*, session: TrainingSession, user: User) -> TrainingAttendance | None:
    return (
        TrainingAttendance.objects.filter(session_id=session.pk, attendee_id=user.pk)
        .select_related("agency")
        .first()
    )


def training_trainer_choices(*, hub_ids: set[int]) -> QuerySet[User]:
    """The hubs' spoke workers and managers today, who may be named as trainers."""
    members = Membership.objects.active().filter(
        agency_id__in=hub_ids, role__in=(Role.SPOKE_WORKER, Role.HUB_MANAGER)
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by(
        "full_name", "pk"
    )


def attending_agencies(*, local_authority_id: int) -> QuerySet[Agency]:
    """Active statutory and partner agencies covering the local authority."""
    return (
        Agency.objects.filter(local_authorities=local_authority_id, is_active=True)
        .exclude(kind__in=NOT_ATTENDING_KINDS)
        .order_by("name")
    )


def attendee_memberships(*, session: TrainingSession) -> QuerySet[Membership]:
    """The memberships in force of people who could have attended: practitioners and managers of
    the agencies covering the session's local authority, with their user and agency."""
    return (
        Membership.objects.active()
        .filter(
            role__in=ATTENDEE_ROLES,
            user__is_active=True,
            agency__in=attending_agencies(local_authority_id=session.local_authority_id),
        )
        .select_related("user", "agency")
        .order_by("user__full_name", "agency__name", "pk")
    )


def attendee_options(*, session: TrainingSession, term: str) -> QuerySet[Membership]:
    """People matching a name or email search who could be recorded and are not yet."""
    recorded = TrainingAttendance.objects.filter(
        session_id=session.pk, attendee__isnull=False
    ).values("attendee_id")
    return (
        attendee_memberships(session=session)
        .exclude(user_id__in=recorded)
        .filter(Q(user__full_name__icontains=term) | Q(user__email__icontains=term))
    )


# Attendance totals.

TWO_PLACES = Decimal("0.01")


def _average(weighted_sum: Decimal | None, weight: int | None) -> Decimal | None:
    if not weight or weighted_sum is None:
        return None
    return (Decimal(weighted_sum) / Decimal(weight)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AgencyTotals:
    agency_id: int
    agency_name: str
    people: int
    named: int
    confidence_before: Decimal | None
    confidence_after: Decimal | None


@dataclass(frozen=True)
class AttendanceSummary:
    """Who came, by agency, and the average confidence before and after (weighted by count,
    over the people whose scores were recorded)."""

    by_agency: list[AgencyTotals] = field(default_factory=list)
    people: int = 0
    confidence_before: Decimal | None = None
    confidence_after: Decimal | None = None
    scored_before: int = 0
    scored_after: int = 0

    @property
    def agencies(self) -> int:
        return len(self.by_agency)

    @property
    def confidence_change(self) -> Decimal | None:
        if self.confidence_before is None or self.confidence_after is None:
            return None
        return self.confidence_after - self.confidence_before


def attendance_summary(*, session: TrainingSession) -> AttendanceSummary:
    """Totals by agency and overall, aggregated in the database in one query."""
    weighted = DecimalField(max_digits=12, decimal_places=2)
    has_before = Q(confidence_before__isnull=False)
    has_after = Q(confidence_after__isnull=False)
    rows = (
        TrainingAttendance.objects.filter(session_id=session.pk)
        .order_by()
        .values("agency_id", "agency__name")
        .annotate(
            people=Sum("count"),
            named=Count("attendee"),
            before_weight=Sum("count", filter=has_before),
            before_sum=Sum(
                ExpressionWrapper(F("count") * F("confidence_before"), output_field=weighted),
                filter=has_before,
            ),
            after_weight=Sum("count", filter=has_after),
            after_sum=Sum(
                ExpressionWrapper(F("count") * F("confidence_after"), output_field=weighted),
                filter=has_after,
            ),
        )
        .order_by("agency__name", "agency_id")
    )
    by_agency = []
    people = before_weight = after_weight = 0
    before_sum = after_sum = Decimal(0)
    for row in rows:
        by_agency.append(
            AgencyTotals(
                agency_id=row["agency_id"],
                agency_name=row["agency__name"],
                people=row["people"] or 0,
                named=row["named"] or 0,
                confidence_before=_average(row["before_sum"], row["before_weight"]),
                confidence_after=_average(row["after_sum"], row["after_weight"]),
            )
        )
        people += row["people"] or 0
        before_weight += row["before_weight"] or 0
        after_weight += row["after_weight"] or 0
        before_sum += Decimal(row["before_sum"] or 0)
        after_sum += Decimal(row["after_sum"] or 0)
    return AttendanceSummary(
        by_agency=by_agency,
        people=people,
        confidence_before=_average(before_sum, before_weight),
        confidence_after=_average(after_sum, after_weight),
        scored_before=before_weight,
        scored_after=after_weight,
    )


def hubs_for_training(*, hub_ids: set[int]) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=hub_ids, is_active=True).order_by("name")
