"""Reads about the partnership, including the memberships every policy starts from."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from partners.models import Agency, LocalAuthority, Membership, Role, SpokePlacement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_CACHE_ATTR = "_cse_hub_active_memberships"


def active_memberships(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships in force today, with their agencies; cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Membership] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user_id=user.pk, agency__is_active=True)
            .select_related("agency")
            .order_by("pk")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: User) -> None:
    """Drop the cached memberships after they change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: User | AnonymousUser) -> set[str]:
    return {m.role for m in active_memberships(user)}


def agency_ids_where(user: User | AnonymousUser, *roles: str) -> set[int]:
    """Agencies in which the user holds any of `roles` today (any role if none are given)."""
    return {m.agency_id for m in active_memberships(user) if not roles or m.role in roles}


def agency_group_ids(user: User | AnonymousUser) -> list[int]:
    """The Django groups of the user's agencies, which carry what is shared with them."""
    return sorted({m.agency.group_id for m in active_memberships(user)})


def local_authorities_of(user: User | AnonymousUser, *roles: str) -> QuerySet[LocalAuthority]:
    """The local authorities covered by the agencies in which the user holds `roles`."""
    return LocalAuthority.objects.filter(agencies__in=agency_ids_where(user, *roles)).distinct()


def hub_workers(*, hub_ids: set[int], on: datetime.date | None = None) -> QuerySet[Membership]:
    """Spoke worker memberships in force in the given hubs."""
    return Membership.objects.active(on).filter(agency_id__in=hub_ids, role=Role.SPOKE_WORKER)


def placements_for_worker(*, worker_id: int) -> QuerySet[SpokePlacement]:
    return (
        SpokePlacement.objects.filter(worker_id=worker_id)
        .select_related("hub", "local_authority", "host_agency")
        .order_by("-starts_on")
    )


def hubs_of(user: User | AnonymousUser, *roles: str) -> QuerySet[Agency]:
    return Agency.objects.hubs().filter(pk__in=agency_ids_where(user, *roles))
