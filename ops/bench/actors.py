"""Who acts in the benchmark, chosen from whatever data the database holds.

Each is the busiest of their kind, so the pages measured are among the heaviest a real person
would open: the spoke worker with the most open cases, their case with the most casework, the
manager of the hub with the most referrals waiting, a partnership manager of the local
authority with the most cases, a practitioner there to refer, and a manager of the worker's hub
as the API's token holder. Only ids leave this module, never a name.

The worker logs the benchmark's casework on another of their cases (their open case with the
lowest id), chosen first and left out of the choice of the case read, so the pages measured
never grow with the runs before.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cases.models import Case, CaseworkEntry
from partners.models import Agency, LocalAuthority, Membership, Role
from referrals.models import Referral
from referrals.services import default_hub_for, hubs_for

# How many candidates of each kind are tried, busiest first, before giving up on one.
CANDIDATES = 20


@dataclass(frozen=True)
class Actors:
    """The memberships the benchmark acts as (each with its user and agency), and what they
    act on; None where the data has no one of that kind."""

    spoke_worker: Membership | None
    case: Case | None
    # Where the benchmark logs casework: never `case`, while the worker has another.
    casework_case: Case | None
    hub_manager: Membership | None
    partnership_manager: Membership | None
    dashboard_local_authority: LocalAuthority | None
    referrer: Membership | None
    referral_local_authority: LocalAuthority | None
    referral_hub: Agency | None
    api_user: Membership | None
    baseline_local_authority: LocalAuthority | None

    def summary(self) -> dict[str, int | None]:
        """The ids chosen, for the report."""

        def pk(record: object | None) -> int | None:
            return getattr(record, "pk", None)

        return {
            "spoke_worker_user_id": pk(self.spoke_worker and self.spoke_worker.user),
            "case_id": pk(self.case),
            "casework_case_id": pk(self.casework_case),
            "hub_manager_user_id": pk(self.hub_manager and self.hub_manager.user),
            "triage_hub_id": pk(self.hub_manager and self.hub_manager.agency),
            "partnership_manager_user_id": pk(
                self.partnership_manager and self.partnership_manager.user
            ),
            "dashboard_local_authority_id": pk(self.dashboard_local_authority),
            "referrer_user_id": pk(self.referrer and self.referrer.user),
            "referral_local_authority_id": pk(self.referral_local_authority),
            "referral_hub_id": pk(self.referral_hub),
            "api_user_id": pk(self.api_user and self.api_user.user),
            "baseline_local_authority_id": pk(self.baseline_local_authority),
        }


def _memberships(role: str) -> QuerySet[Membership]:
    return (
        Membership.objects.active()
        .filter(role=role, user__is_active=True, agency__is_active=True)
        .select_related("user", "agency")
        .order_by("pk")
    )


def _busiest_spoke_worker() -> Membership | None:
    workers = _memberships(Role.SPOKE_WORKER)
    busiest = (
        Case.objects.filter(status=Case.Status.OPEN, lead_worker__in=workers.values("user_id"))
        .values("lead_worker")
        .annotate(open_cases=Count("pk"))
        .order_by("-open_cases", "lead_worker")[:1]
    )
    for row in busiest:
        return workers.filter(user_id=row["lead_worker"]).first()
    return None


def _cases_of(worker: Membership) -> tuple[Case | None, Case | None]:
    """The worker's open case with the most casework (to read), and the one to write to."""
    open_cases = Case.objects.filter(lead_worker_id=worker.user_id, status=Case.Status.OPEN)
    written = open_cases.order_by("pk").first()
    if written is None:
        return None, None
    others = open_cases.exclude(pk=written.pk)
    fullest = (
        CaseworkEntry.objects.filter(case__in=others)
        .values("case")
        .annotate(entries=Count("pk"))
        .order_by("-entries", "case")[:1]
    )
    for row in fullest:
        return Case.objects.get(pk=row["case"]), written
    return others.first() or written, written


def _manager_of_the_busiest_triage() -> Membership | None:
    waiting = (
        Referral.objects.filter(status__in=[Referral.Status.SUBMITTED, Referral.Status.SCREENING])
        .values("hub")
        .annotate(waiting=Count("pk"))
        .order_by("-waiting", "hub")[:CANDIDATES]
    )
    managers = _memberships(Role.HUB_MANAGER)
    for row in waiting:
        manager = managers.filter(agency_id=row["hub"]).first()
        if manager is not None:
            return manager
    return None


def _largest_local_authorities() -> list[LocalAuthority]:
    largest = (
        Case.objects.values("local_authority")
        .annotate(cases=Count("pk"))
        .order_by("-cases", "local_authority")[:CANDIDATES]
    )
    ids = [row["local_authority"] for row in largest]
    found = LocalAuthority.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _partnership_manager(
    local_authorities: list[LocalAuthority],
) -> tuple[Membership | None, LocalAuthority | None]:
    managers = _memberships(Role.PARTNERSHIP_MANAGER).filter(
        agency__kind=Agency.Kind.SAFEGUARDING_PARTNERSHIP
    )
    for local_authority in local_authorities:
        manager = managers.filter(agency__local_authorities=local_authority).first()
        if manager is not None:
            return manager, local_authority
    return None, None


def _referrer(
    local_authorities: list[LocalAuthority],
) -> tuple[Membership | None, LocalAuthority | None, Agency | None]:
    practitioners = _memberships(Role.PRACTITIONER).exclude(agency__kind=Agency.Kind.CSE_HUB)
    for local_authority in local_authorities:
        hub = default_hub_for(local_authority=local_authority) or (
            hubs_for(local_authority=local_authority).first()
        )
        practitioner = practitioners.filter(agency__local_authorities=local_authority).first()
        if hub is not None and practitioner is not None:
            return practitioner, local_authority, hub
    return None, None, None


def actors_choose() -> Actors:
    """The benchmark's actors, from the data as it is now."""
    worker = _busiest_spoke_worker()
    case, casework_case = _cases_of(worker) if worker is not None else (None, None)
    largest = _largest_local_authorities()
    partnership_manager, dashboard_la = _partnership_manager(largest)
    referrer, referral_la, referral_hub = _referrer(largest)
    api_user = None
    if case is not None:
        api_user = _memberships(Role.HUB_MANAGER).filter(agency_id=case.owning_agency_id).first()
    return Actors(
        spoke_worker=worker,
        case=case,
        casework_case=casework_case,
        hub_manager=_manager_of_the_busiest_triage(),
        partnership_manager=partnership_manager,
        dashboard_local_authority=dashboard_la,
        referrer=referrer,
        referral_local_authority=referral_la,
        referral_hub=referral_hub,
        api_user=api_user or worker,
        baseline_local_authority=LocalAuthority.objects.order_by("pk").first(),
    )
