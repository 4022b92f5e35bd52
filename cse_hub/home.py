"""Reads for the home page of each role: what exists for that role now, through the policies.

Every queryset starts from a `partners.policies.visible_*` answer (or an accounts policy), so a
home page never shows what the matching list or detail page would refuse. Lists are cut at
`HOME_LIST_LIMIT` rows in the database, with a flag saying there is more, and each home runs
a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from accounts.policies import may_administer, visible_users
from consultancy.models import ConsultancyRequest
from consultancy.policies import consultancy_for_hub, consultancy_requested
from partners import policies, selectors
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    Role,
    SpokePlacement,
    in_force_on,
)
from referrals.policies import hub_referrals
from referrals.selectors import QueueFilters

if TYPE_CHECKING:
    from accounts.models import User

HOME_LIST_LIMIT = 25
# Shared with the partners pages, so a home page and its list agree on what is overdue.
AGREEMENT_REVIEW_NOTICE = selectors.AGREEMENT_REVIEW_NOTICE
SUPERVISION_GAP = selectors.SUPERVISION_GAP

Row = TypeVar("Row")
RowModel = TypeVar("RowModel", bound=Model)
Dated = TypeVar("Dated", SpokePlacement, Membership)


@dataclass(frozen=True)
class Listing(Generic[Row]):
    """Up to `HOME_LIST_LIMIT` rows, and whether more exist beyond them."""

    rows: list[Row]
    more: bool

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


def _listing(queryset: QuerySet[RowModel]) -> Listing[RowModel]:
    limit = HOME_LIST_LIMIT
    # One row past the limit tells us there is more without counting the whole table.
    rows = list(queryset[: limit + 1])
    return Listing(rows=rows[:limit], more=len(rows) > limit)


def _in_force(queryset: QuerySet[Dated], day: datetime.date) -> QuerySet[Dated]:
    # The querysets here come typed as plain QuerySets; the rule is the models' own.
    return queryset.filter(in_force_on(day))


@dataclass(frozen=True)
class AgreementDue:
    agreement: InformationSharingAgreement
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class AgreementState:
    agreement: InformationSharingAgreement
    current: bool


@dataclass(frozen=True)
class LocationModelCount:
    label: str
    total: int
    with_champion: int | None = None


def _by_location_model(
    placements: QuerySet[SpokePlacement], *, with_champion: bool
) -> list[LocationModelCount]:
    """Placements per location model, every model listed (zero where none), in one query."""
    annotations: dict[str, Any] = {"total": Count("pk")}
    if with_champion:
        annotations["champions"] = Count("pk", filter=~Q(champion_name=""))
    grouped = placements.order_by().values("location_model").annotate(**annotations)
    counts: dict[str, dict[str, Any]] = {row["location_model"]: dict(row) for row in grouped}
    rows = []
    for value, label in SpokePlacement.LocationModel.choices:
        found = counts.get(value, {})
        rows.append(
            LocationModelCount(
                label=str(label),
                total=int(found.get("total", 0)),
                with_champion=int(found.get("champions", 0)) if with_champion else None,
            )
        )
    return rows


# One function per role; each takes the user, the membership they act in and today.


def spoke_worker_home(
    *, user: User, membership: Membership, today: datetime.date
) -> dict[str, Any]:
    """The worker's placements from this hub, and their last supervision."""
    placements = _in_force(
        policies.visible_placements(user).filter(worker_id=user.pk, hub_id=membership.agency_id),
        today,
    ).select_related("local_authority", "host_agency")
    last_supervision = (
        policies.visible_supervision_records(user)
        .filter(worker_id=user.pk)
        .order_by("-held_on", "-pk")
        .first()
    )
    gap_since = today - SUPERVISION_GAP
    # Requests they hold that wait on them, and ones nobody has taken yet where they are placed.
    consultancy_waiting = (
        consultancy_for_hub(user)
        .filter(hub_id=membership.agency_id, status__in=ConsultancyRequest.AWAITING_HUB)
        .count()
    )
    return {
        "consultancy_waiting": consultancy_waiting,
        "placements": _listing(placements.order_by("local_authority__name", "starts_on")),
        "last_supervision": last_supervision,
        "supervision_overdue": last_supervision is None or last_supervision.held_on < gap_since,
    }


def hub_manager_home(*, user: User, membership: Membership, today: datetime.date) -> dict[str, Any]:
    """Referrals waiting on the hub, its placements, agreements due for review, and workers
    short of supervision."""
    hub_id = membership.agency_id
    placements = _in_force(
        policies.visible_placements(user).filter(hub_id=hub_id), today
    ).select_related("worker", "local_authority", "host_agency")

    due = selectors.agreements_filtered(
        agreements=policies.visible_agreements(user).filter(parties__id=hub_id),
        review_due_only=True,
        on=today,
    ).order_by("review_due_on", "title", "pk")
    due_listing = _listing(due)
    agreements_due = Listing(
        rows=[
            AgreementDue(agreement=a, days_left=(a.review_due_on - today).days)  # type: ignore[operator]
            for a in due_listing.rows
        ],
        more=due_listing.more,
    )

    # The policy decides which hubs' workers the user oversees; here, at most this one.
    hub_ids = {hub_id} & policies.managed_hub_ids(user)
    overview = selectors.supervision_overview(hub_ids=hub_ids, on=today)
    unsupervised = overview.filter(supervision_overdue=True)  # type: ignore[misc]
    # What the triage queue shows by default: submitted, being screened, accepted.
    waiting = hub_referrals(user).filter(hub_id=hub_id, status__in=QueueFilters().statuses)
    unassigned = consultancy_for_hub(user).filter(
        hub_id=hub_id, status=ConsultancyRequest.Status.REQUESTED
    )
    return {
        "referrals_waiting": waiting.count(),
        "consultancy_unassigned": unassigned.count(),
        "placements": _listing(placements.order_by("local_authority__name", "worker__full_name")),
        "agreements_due": agreements_due,
        "unsupervised": _listing(unsupervised),
        "review_due_within_days": AGREEMENT_REVIEW_NOTICE.days,
        "supervision_gap_weeks": SUPERVISION_GAP.days // 7,
    }


def statutory_home(*, user: User, membership: Membership, today: datetime.date) -> dict[str, Any]:
    """Spoke workers placed in the agency or its areas, and the agency's sharing agreements."""
    agency = membership.agency
    agency_areas = LocalAuthority.objects.filter(agencies=agency).values("pk")
    placements = _in_force(
        policies.visible_placements(user).filter(
            Q(host_agency_id=agency.pk) | Q(local_authority_id__in=agency_areas)
        ),
        today,
    ).select_related("worker", "hub", "local_authority", "host_agency")
    agreements = (
        policies.visible_agreements(user)
        .filter(parties__id=agency.pk)
        .select_related("local_authority")
        .prefetch_related("parties")
        .order_by("local_authority__name", "title")
    )
    advised = consultancy_requested(user).filter(status=ConsultancyRequest.Status.ADVISED)
    return {
        "consultancy_advised": advised.count(),
        "placements": _listing(placements.order_by("local_authority__name", "worker__full_name")),
        "agreements": _listing(agreements),
    }


def partnership_manager_home(
    *, user: User, membership: Membership, today: datetime.date
) -> dict[str, Any]:
    """The partnership's local authorities, placements there by model, and agreements."""
    local_authorities = list(
        policies.visible_local_authorities(user)
        .filter(agencies=membership.agency_id)
        .order_by("name")
    )
    la_ids = [la.pk for la in local_authorities]
    placements = _in_force(
        policies.visible_placements(user).filter(local_authority_id__in=la_ids), today
    )
    agreements = (
        policies.visible_agreements(user)
        .filter(local_authority_id__in=la_ids)
        .select_related("local_authority")
        .order_by("local_authority__name", "title")
    )
    agreement_listing = _listing(agreements)
    return {
        "local_authorities": local_authorities,
        "by_location_model": _by_location_model(placements, with_champion=True),
        "placements": _listing(
            placements.select_related("worker", "hub", "local_authority", "host_agency").order_by(
                "local_authority__name", "location_model", "worker__full_name"
            )
        ),
        "agreements": Listing(
            rows=[
                AgreementState(agreement=a, current=a.is_current_on(today))
                for a in agreement_listing.rows
            ],
            more=agreement_listing.more,
        ),
    }


def commissioner_home(
    *, user: User, membership: Membership, today: datetime.date
) -> dict[str, Any]:
    """Counts only: hubs, and placements in force by location model."""
    hubs = policies.visible_agencies(user).filter(kind=Agency.Kind.CSE_HUB)
    # Counts only: no worker or case is named on this page.
    placements = _in_force(policies.placements_for_aggregates(user), today)
    by_model = _by_location_model(placements, with_champion=False)
    return {
        "hub_count": hubs.count(),
        "placement_count": sum(row.total for row in by_model),
        "local_authority_count": placements.order_by()
        .values("local_authority_id")
        .distinct()
        .count(),
        "by_location_model": by_model,
    }


def administrator_home(
    *, user: User, membership: Membership, today: datetime.date
) -> dict[str, Any]:
    """Counts of what administrators manage, and how many accounts are locked."""
    locked = 0
    if may_administer(user):
        # The rule accounts.services.user_is_locked_out applies to one user, counted.
        locked = AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).count()
    return {
        "user_count": visible_users(user).filter(is_active=True).count(),
        "agency_count": policies.visible_agencies(user).count(),
        "membership_count": _in_force(policies.visible_memberships(user), today).count(),
        "locked_count": locked,
    }


HomeSelector = Callable[..., dict[str, Any]]

HOMES: dict[str, HomeSelector] = {
    Role.SPOKE_WORKER: spoke_worker_home,
    Role.HUB_MANAGER: hub_manager_home,
    Role.PRACTITIONER: statutory_home,
    Role.TEAM_MANAGER: statutory_home,
    Role.PARTNERSHIP_MANAGER: partnership_manager_home,
    Role.COMMISSIONER: commissioner_home,
    Role.ADMINISTRATOR: administrator_home,
}


def home_for(
    *, user: User, membership: Membership, today: datetime.date | None = None
) -> dict[str, Any]:
    """The context of the home page for the role of `membership`."""
    day = today or timezone.localdate()
    context = HOMES[membership.role](user=user, membership=membership, today=day)
    return {"membership": membership, "today": day, **context}
