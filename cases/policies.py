"""Who may see and do what with a case: the one place case access is decided.

The "who may see what" table of DESIGN.md, as code. A user's access to a case is one level:

- ``OWNER`` — inside the owning hub and responsible for the case: its hub managers and the
  workers allocated to it (lead or co-worker). Everything, including restricted entries; may
  add and change casework, change the record and share it.
- ``TEAM`` — a spoke worker of the owning hub placed in the case's local authority (their
  placement team). Reads everything, including restricted entries; changes nothing.
- ``BREAK_GLASS`` — an administrator who gave a reason (time-limited, audited, managers told).
  Reads everything; changes nothing.
- ``JOINT`` / ``FULL`` / ``SUMMARY`` — shared with the user's agency (or the user) at that
  scope, through django-guardian rows on the case's direct permission tables. Never restricted
  entries; only joint may add casework.
- ``NONE`` — the case answers 404.

`visible_cases` builds the same rules as one UNION of id lists (no joins, no distinct); one
case is fetched by its key and then asked `access_to`, which reads only that case's rows.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from django.db.models import Case as SqlCase
from django.db.models import CharField, Q, QuerySet, Value, When
from django.utils import timezone

from cases.models import (
    BreakGlassAccess,
    Case,
    CaseGroupObjectPermission,
    CaseShare,
    CaseUserObjectPermission,
    CaseworkEntry,
    CaseWorker,
)
from partners.models import Role, SpokePlacement
from partners.object_permissions import has_shared_permission, q_shared_row, shared_ids
from partners.policies import is_administrator, managed_hub_ids
from partners.selectors import active_memberships

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from partners.models import Agency

    AnyUser = User | AnonymousUser


class Access(enum.IntEnum):
    NONE = 0
    SUMMARY = 1
    FULL = 2
    JOINT = 3
    BREAK_GLASS = 4
    TEAM = 5
    OWNER = 6


_SCOPE_CODENAMES = {
    Access.SUMMARY: ("view_case_summary", "view_case_full", "add_case_casework"),
    Access.FULL: ("view_case_full", "add_case_casework"),
    Access.JOINT: ("add_case_casework",),
}
_INSIDE = (Access.OWNER, Access.TEAM, Access.BREAK_GLASS)


def worker_hub_ids(user: AnyUser) -> set[int]:
    return {m.agency_id for m in active_memberships(user) if m.role == Role.SPOKE_WORKER}


def _ids(parts: list[QuerySet[Any]]) -> QuerySet[Case]:
    """The cases whose ids any of `parts` (one-column querysets) yields.

    A UNION of id lists rather than an OR of subqueries: each part reads its own index (the
    lead worker's, the hub's, a group's permission rows), where an OR makes the database test
    every case of the table against every branch, which at national scale is tens of
    milliseconds a list.
    """
    if not parts:
        return Case.objects.none()
    first, *rest = parts
    return Case.objects.filter(pk__in=first.union(*rest) if rest else first)


def _allocated_ids(user: AnyUser) -> list[QuerySet[Any]]:
    return [
        Case.objects.filter(lead_worker_id=user.pk).order_by().values("pk"),
        CaseWorker.objects.filter(worker_id=user.pk, ends_on__isnull=True)
        .order_by()
        .values("case_id"),
    ]


def _placement_team_ids(user: AnyUser) -> list[QuerySet[Any]]:
    """Cases of the worker's hub in the local authorities where they are placed today."""
    hubs = worker_hub_ids(user)
    if not hubs:
        return []
    las = (
        SpokePlacement.objects.active()
        .filter(worker_id=user.pk, hub_id__in=hubs)
        .values("local_authority_id")
    )
    return [
        Case.objects.filter(owning_agency_id__in=hubs, local_authority_id__in=las)
        .order_by()
        .values("pk")
    ]


def _owned_ids(user: AnyUser) -> list[QuerySet[Any]]:
    hubs = managed_hub_ids(user)
    if not hubs:
        return []
    return [Case.objects.filter(owning_agency_id__in=hubs).order_by().values("pk")]


def _shared_ids(user: AnyUser) -> list[QuerySet[Any]]:
    return shared_ids(
        user=user,
        group_model=CaseGroupObjectPermission,
        user_model=CaseUserObjectPermission,
        codenames=_SCOPE_CODENAMES[Access.SUMMARY],
    )


def _break_glass_ids(user: AnyUser) -> list[QuerySet[Any]]:
    if not user.is_authenticated or not is_administrator(user):
        return []
    return [
        BreakGlassAccess.objects.filter(user=user, expires_at__gt=timezone.now())
        .order_by()
        .values("case_id")
    ]


def visible_cases(user: AnyUser) -> QuerySet[Case]:
    """Every case the user may open at any level (`access_to` answers the same for one case)."""
    if not user.is_authenticated or not active_memberships(user):
        return Case.objects.none()
    return _ids(
        _owned_ids(user)
        + _allocated_ids(user)
        + _placement_team_ids(user)
        + _shared_ids(user)
        + _break_glass_ids(user)
    )


def allocated_cases(user: AnyUser) -> QuerySet[Case]:
    """A spoke worker's caseload: cases they lead or co-work."""
    if not user.is_authenticated:
        return Case.objects.none()
    return _ids(_allocated_ids(user))


def hub_cases(user: AnyUser) -> QuerySet[Case]:
    """The cases of the hubs the user manages."""
    return Case.objects.filter(owning_agency_id__in=managed_hub_ids(user))


def shared_cases(user: AnyUser) -> QuerySet[Case]:
    """Cases shared with the user's agencies or with the user, at any scope."""
    if not user.is_authenticated:
        return Case.objects.none()
    return _ids(_shared_ids(user))


def shared_scope(user: AnyUser) -> SqlCase:
    """An annotation: the widest scope at which each shared case is shared with the user."""

    def shared_at(level: Access) -> Q:
        return q_shared_row(
            user=user,
            group_model=CaseGroupObjectPermission,
            user_model=CaseUserObjectPermission,
            codenames=_SCOPE_CODENAMES[level],
        )

    return SqlCase(
        When(shared_at(Access.JOINT), then=Value(CaseShare.Scope.JOINT.value)),
        When(shared_at(Access.FULL), then=Value(CaseShare.Scope.FULL.value)),
        default=Value(CaseShare.Scope.SUMMARY.value),
        output_field=CharField(),
    )


def may_see(user: AnyUser, case: Case) -> bool:
    """Whether the case exists for the user at all (if not, it answers 404)."""
    return access_to(user, case) > Access.NONE


def access_to(user: AnyUser, case: Case) -> Access:
    """The user's level of access to one case (cached per user and case for the request)."""
    if not user.is_authenticated or not active_memberships(user):
        return Access.NONE
    cache: dict[int, Access] = user.__dict__.setdefault("_cse_hub_case_access", {})
    if case.pk not in cache:
        cache[case.pk] = _compute_access(user, case)
    return cache[case.pk]


def forget_access(user: AnyUser) -> None:
    """Drop cached levels after a share, allocation or break-glass changes them."""
    user.__dict__.pop("_cse_hub_case_access", None)


def _compute_access(user: AnyUser, case: Case) -> Access:
    if not user.is_authenticated:
        return Access.NONE
    if case.owning_agency_id in managed_hub_ids(user) or case.lead_worker_id == user.pk:
        return Access.OWNER
    if CaseWorker.objects.filter(case_id=case.pk, worker_id=user.pk, ends_on__isnull=True).exists():
        return Access.OWNER
    if (
        case.owning_agency_id in worker_hub_ids(user)
        and SpokePlacement.objects.active()
        .filter(
            worker_id=user.pk,
            hub_id=case.owning_agency_id,
            local_authority_id=case.local_authority_id,
        )
        .exists()
    ):
        return Access.TEAM
    if (
        is_administrator(user)
        and BreakGlassAccess.objects.filter(
            case_id=case.pk, user=user, expires_at__gt=timezone.now()
        ).exists()
    ):
        return Access.BREAK_GLASS
    for level in (Access.JOINT, Access.FULL, Access.SUMMARY):
        if has_shared_permission(
            user=user,
            obj=case,
            group_model=CaseGroupObjectPermission,
            user_model=CaseUserObjectPermission,
            codenames=_SCOPE_CODENAMES[level],
        ):
            return level
    return Access.NONE


# What each level allows.


def may_view_summary(user: AnyUser, case: Case) -> bool:
    return access_to(user, case) >= Access.SUMMARY


def may_view_record(user: AnyUser, case: Case) -> bool:
    """The full record: casework, chronology, print view (restricted entries aside)."""
    return access_to(user, case) >= Access.FULL


def may_view_restricted(user: AnyUser, case: Case) -> bool:
    """Restricted entries are seen only inside the owning agency (and by break-glass)."""
    return access_to(user, case) in _INSIDE


def may_add_casework(user: AnyUser, case: Case) -> bool:
    return case.is_open and access_to(user, case) in (Access.OWNER, Access.JOINT)


def may_change_case(user: AnyUser, case: Case) -> bool:
    """Close, reopen, record risk, plans, reviews and involvement, allocate co-workers."""
    return access_to(user, case) == Access.OWNER


def may_share_case(user: AnyUser, case: Case) -> bool:
    return case.is_open and access_to(user, case) == Access.OWNER


def may_revoke_share(user: AnyUser, case: Case) -> bool:
    """Stopping a share is always possible for those responsible, even on a closed case."""
    return access_to(user, case) == Access.OWNER


def may_set_legal_hold(user: AnyUser, case: Case) -> bool:
    """The owning hub's managers keep a case from anonymisation, or let it go."""
    return case.anonymised_at is None and case.owning_agency_id in managed_hub_ids(user)


def may_view_access_history(user: AnyUser, case: Case) -> bool:
    return case.owning_agency_id in managed_hub_ids(user)


def may_open_case(user: AnyUser, *, hub: Agency) -> bool:
    """Hub managers open cases directly until referrals open them."""
    return hub.pk in managed_hub_ids(user)


def may_break_glass(user: AnyUser) -> bool:
    return is_administrator(user)


# Entries.


def visible_entries(user: AnyUser, case: Case) -> QuerySet[CaseworkEntry]:
    """The entries of a case the user may read: none below full access, no restricted ones
    outside the owning agency, and only one's own drafts."""
    access = access_to(user, case)
    if access < Access.FULL:
        return CaseworkEntry.objects.none()
    entries = CaseworkEntry.objects.filter(case_id=case.pk).filter(
        Q(status=CaseworkEntry.Status.FINAL) | Q(author_id=user.pk)
    )
    if access not in _INSIDE:
        entries = entries.filter(restricted=False)
    return entries


def may_change_entry(user: AnyUser, entry: CaseworkEntry) -> bool:
    """Authors change their own entries while they may still add casework to the case."""
    return entry.author_id == user.pk and may_add_casework(user, entry.case)


def may_mark_entry_in_error(user: AnyUser, entry: CaseworkEntry) -> bool:
    """The author, or the owning hub's managers."""
    return may_change_entry(user, entry) or entry.case.owning_agency_id in managed_hub_ids(user)
