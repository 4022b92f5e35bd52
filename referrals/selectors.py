"""Reads about referrals, over what `referrals.policies` has already made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from cases.models import Case
from partners.models import Agency, Membership, Role, SpokePlacement
from referrals.models import Referral

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def _urgency_rank() -> SqlCase:
    return SqlCase(
        When(urgency=Referral.Urgency.URGENT, then=Value(1)),
        When(urgency=Referral.Urgency.PRIORITY, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class QueueFilters:
    """What the triage queue can be narrowed and sorted by (all optional)."""

    statuses: tuple[str, ...] = (
        Referral.Status.SUBMITTED,
        Referral.Status.SCREENING,
        Referral.Status.ACCEPTED,
    )
    urgency: str = ""
    local_authority_id: int | None = None
    agency_kind: str = ""
    sort: str = "urgency"  # urgency | age | local_authority | agency_kind, "-" for descending


QUEUE_SORTS = {
    "urgency": ["urgency_rank", "submitted_at", "pk"],
    "age": ["submitted_at", "pk"],
    "local_authority": ["local_authority__name", "urgency_rank", "submitted_at", "pk"],
    "agency_kind": ["referrer_agency__kind", "urgency_rank", "submitted_at", "pk"],
}


def triage_queue(*, referrals: QuerySet[Referral], filters: QueueFilters) -> QuerySet[Referral]:
    """The hub's referrals waiting on it, most urgent and oldest first unless sorted otherwise.

    `referrals` is the policy's `hub_referrals(user)`; one query per page.
    """
    queue = referrals.filter(status__in=filters.statuses)
    if filters.urgency:
        queue = queue.filter(urgency=filters.urgency)
    if filters.local_authority_id:
        queue = queue.filter(local_authority_id=filters.local_authority_id)
    if filters.agency_kind:
        queue = queue.filter(referrer_agency__kind=filters.agency_kind)
    key = filters.sort.lstrip("-")
    order = QUEUE_SORTS.get(key, QUEUE_SORTS["urgency"])
    if filters.sort.startswith("-") and key in QUEUE_SORTS:
        order = [f"-{order[0]}", *order[1:]]
    return (
        queue.annotate(urgency_rank=_urgency_rank())
        .select_related("referrer_agency", "local_authority", "hub", "screened_by")
        .order_by(*order)
    )


def referrals_for_referrer(*, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """The referrer's (or their team's) referrals, newest first: drafts, then by submission.

    `referrals` is the policy's `referrals_made(user)`; one query per page.
    """
    return referrals.select_related(
        "referrer", "referrer_agency", "hub", "local_authority", "allocated_worker"
    ).order_by("-created_at", "-pk")


def referrals_for_worker(*, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("referrer_agency", "local_authority", "hub", "case").order_by(
        "-allocated_at", "-pk"
    )


@dataclass
class WorkerOption:
    """A spoke worker a referral could be allocated to, with what a manager weighs."""

    worker: User
    open_cases: int
    high_risk_cases: int
    placements: list[SpokePlacement]

    @property
    def works_in(self) -> list[str]:
        return [p.local_authority.name for p in self.placements]


def allocation_options(
    *, hub: Agency, local_authority_id: int | None, today: datetime.date | None = None
) -> list[WorkerOption]:
    """The hub's spoke workers today, those placed in the referral's LA first, with their
    current caseload and placements. Two queries: workers with counts, placements."""
    today = today or timezone.localdate()
    worker_ids = (
        Membership.objects.active(today)
        .filter(agency_id=hub.pk, role=Role.SPOKE_WORKER, user__is_active=True)
        .values("user_id")
    )
    open_cases = Case.objects.filter(owning_agency_id=hub.pk, status=Case.Status.OPEN)
    placed_here = SpokePlacement.objects.active(today).filter(
        hub_id=hub.pk, worker_id=OuterRef("pk"), local_authority_id=local_authority_id
    )
    workers = (
        User.objects.filter(pk__in=worker_ids)
        .annotate(
            open_cases=Coalesce(
                Subquery(
                    open_cases.filter(lead_worker_id=OuterRef("pk"))
                    .order_by()
                    .values("lead_worker_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            high_risk_cases=Coalesce(
                Subquery(
                    open_cases.filter(lead_worker_id=OuterRef("pk"), risk_level="high")
                    .order_by()
                    .values("lead_worker_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1],
                    output_field=IntegerField(),
                ),
                0,
            ),
            placed_here=Coalesce(
                Subquery(placed_here.values("pk")[:1], output_field=IntegerField()), 0
            ),
        )
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=SpokePlacement.objects.active(today)
                .filter(hub_id=hub.pk)
                .select_related("local_authority", "host_agency")
                .order_by("local_authority__name"),
                to_attr="current_placements",
            )
        )
        .order_by(
            SqlCase(When(~Q(placed_here=0), then=Value(0)), default=Value(1)),
            "open_cases",
            "full_name",
        )
    )
    return [
        WorkerOption(
            worker=w,
            open_cases=w.open_cases,
            high_risk_cases=w.high_risk_cases,
            placements=w.current_placements,
        )
        for w in workers
    ]


def open_case_of(*, young_person_id: int | None, hub_id: int) -> Case | None:
    """The young person's open case with the hub (with its lead worker), which a referral
    about them joins rather than opening a second case."""
    if young_person_id is None:
        return None
    return (
        Case.objects.filter(
            young_person_id=young_person_id, owning_agency_id=hub_id, status=Case.Status.OPEN
        )
        .select_related("lead_worker")
        .order_by("-opened_on", "-pk")
        .first()
    )


def referral_for_page(*, pk: int, referrals: QuerySet[Referral]) -> Referral:
    """One referral with what its pages show (raises DoesNotExist when not visible)."""
    return referrals.select_related(
        "referrer",
        "referrer_agency",
        "hub",
        "local_authority",
        "screened_by",
        "decided_by",
        "allocated_worker",
        "allocated_by",
        "young_person",
        "case",
    ).get(pk=pk)


def has_referrals(user: User | AnonymousUser) -> bool:
    from referrals.policies import referrals_made

    return referrals_made(user).exists()
