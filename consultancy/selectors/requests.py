"""Reads about consultancy requests, over what `consultancy.policies` has already made visible.

Lists page in the database; each is a constant number of queries whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case as SqlCase
from django.db.models import (
    Count,
    Exists,
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
from cases import policies as case_policies
from cases.models import Case
from consultancy.models import ConsultancyMessage, ConsultancyRequest, Urgency
from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from referrals.models import Referral

S = ConsultancyRequest.Status
# What the inbox shows unless a status is chosen: the requests waiting on the hub.
WAITING = tuple(sorted(ConsultancyRequest.AWAITING_HUB))


def _urgency_rank() -> SqlCase:
    return SqlCase(
        When(urgency=Urgency.URGENT, then=Value(1)),
        When(urgency=Urgency.SOON, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class InboxFilters:
    """What the hub's inbox can be narrowed by (all optional)."""

    statuses: tuple[str, ...] = WAITING
    worker_id: int | None = None
    unassigned: bool = False
    local_authority_id: int | None = None
    urgency: str = ""


def consultancy_inbox(
    *, requests: QuerySet[ConsultancyRequest], filters: InboxFilters
) -> QuerySet[ConsultancyRequest]:
    """The hub's requests, urgent first and then oldest first.

    `requests` is the policy's `consultancy_for_hub(user)`; one query per page.
    """
    inbox = requests.filter(status__in=filters.statuses)
    if filters.unassigned:
        inbox = inbox.filter(responding_worker__isnull=True)
    elif filters.worker_id:
        inbox = inbox.filter(responding_worker_id=filters.worker_id)
    if filters.local_authority_id:
        inbox = inbox.filter(local_authority_id=filters.local_authority_id)
    if filters.urgency:
        inbox = inbox.filter(urgency=filters.urgency)
    return (
        inbox.annotate(urgency_rank=_urgency_rank())
        .select_related(
            "requester", "requester_agency", "hub", "local_authority", "responding_worker"
        )
        .order_by("urgency_rank", "requested_at", "pk")
    )


def consultancy_for_requester(
    *, requests: QuerySet[ConsultancyRequest]
) -> QuerySet[ConsultancyRequest]:
    """The requester's (or their agency's) requests, newest first.

    `requests` is the policy's `consultancy_requested(user)`; one query per page.
    """
    return requests.select_related(
        "requester", "requester_agency", "hub", "responding_worker"
    ).order_by("-requested_at", "-pk")


def consultancy_for_page(*, pk: int, requests: QuerySet[ConsultancyRequest]) -> ConsultancyRequest:
    """One request with its thread and everything its page shows (DoesNotExist when not
    visible)."""
    return (
        requests.select_related(
            "requester",
            "requester_agency",
            "hub",
            "local_authority",
            "responding_worker",
            "assigned_by",
            "closed_by",
            "case__young_person",
            "referral",
            "referral_linked_by",
        )
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=ConsultancyMessage.objects.select_related("author", "author_agency"),
            )
        )
        .get(pk=pk)
    )


def requests_made_exist(user: User | AnonymousUser) -> bool:
    from consultancy.policies import consultancy_requested

    return consultancy_requested(user).exists()


# Choices on the request form.


def cases_to_ask_about(user: User | AnonymousUser) -> QuerySet[Case]:
    """Open cases shared with the user's agencies (or the user), by the young person's name."""
    return (
        case_policies.shared_cases(user)
        .filter(status=Case.Status.OPEN)
        .select_related("young_person", "owning_agency")
        .order_by("young_person__last_name", "young_person__first_name", "pk")
    )


def local_authorities_of_agencies(*, agencies: list[Agency]) -> QuerySet[LocalAuthority]:
    covered = Agency.local_authorities.through.objects.filter(
        agency_id__in=[a.pk for a in agencies]
    ).values("localauthority_id")
    return LocalAuthority.objects.filter(pk__in=covered).order_by("name")


def hubs_for_local_authorities(*, local_authorities: QuerySet[LocalAuthority]) -> QuerySet[Agency]:
    """Active hubs covering, or placing a worker in, any of the local authorities."""
    placed = SpokePlacement.objects.active().filter(local_authority__in=local_authorities)
    covering = Agency.local_authorities.through.objects.filter(
        localauthority_id__in=local_authorities
    ).values("agency_id")
    return (
        Agency.objects.hubs()
        .filter(is_active=True)
        .filter(Q(pk__in=covering) | Q(pk__in=placed.values("hub_id")))
        .order_by("name")
    )


# Assigning.


@dataclass
class WorkerChoice:
    """A spoke worker a request could go to, with what a manager weighs."""

    worker: User
    placed_here: bool
    waiting: int


def assignable_workers(*, request: ConsultancyRequest) -> list[WorkerChoice]:
    """The hub's spoke workers today, those placed in the request's local authority first,
    each with the requests already waiting on them. One query."""
    today = timezone.localdate()
    worker_ids = (
        Membership.objects.active(today)
        .filter(agency_id=request.hub_id, role=Role.SPOKE_WORKER)
        .values("user_id")
    )
    placed = SpokePlacement.objects.active(today).filter(
        hub_id=request.hub_id,
        local_authority_id=request.local_authority_id,
        worker_id=OuterRef("pk"),
    )
    waiting_count = Coalesce(
        Subquery(
            ConsultancyRequest.objects.filter(
                status__in=ConsultancyRequest.AWAITING_HUB,
                hub_id=request.hub_id,
                responding_worker_id=OuterRef("pk"),
            )
            .order_by()
            .values("responding_worker_id")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
    workers = (
        User.objects.filter(pk__in=worker_ids, is_active=True)
        .annotate(placed_here=Exists(placed), waiting=waiting_count)
        .order_by("-placed_here", "waiting", "full_name", "pk")
    )
    return [
        WorkerChoice(worker=w, placed_here=w.placed_here, waiting=w.waiting)  # type: ignore[attr-defined]
        for w in workers
    ]


# Linking a referral.


def linkable_referrals(
    *, user: User | AnonymousUser, request: ConsultancyRequest
) -> QuerySet[Referral]:
    """Submitted referrals to the request's hub that the user may see, newest first."""
    from referrals.models import Referral
    from referrals.policies import visible_referrals

    return (
        visible_referrals(user)
        .filter(hub_id=request.hub_id)
        .exclude(status=Referral.Status.DRAFT)
        .select_related("referrer_agency", "local_authority")
        .order_by("-submitted_at", "-pk")
    )
