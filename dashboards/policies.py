"""Who may see which dashboard: the one place dashboard access is decided.

- A **partnership manager** sees the local authorities their safeguarding partnerships cover.
- A **hub manager** sees the hubs they manage.
- A **commissioner** sees any local authority, any hub, any region and England, and alone may
  download the evaluation extract.
- Everyone else (spoke workers, practitioners, team managers, administrators) sees none of it:
  every dashboard page and API answer is a 404 for them, as if there were no dashboards.

A dashboard holds counts only, suppressed where small; none of it names a young person, so
seeing one never depends on case access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from dashboards.scopes import ENGLAND_KEY, Scope, ScopeKind
from partners.models import Agency, LocalAuthority, Role
from partners.policies import managed_hub_ids
from partners.selectors import agency_ids_where, roles_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def is_commissioner(user: AnyUser) -> bool:
    return Role.COMMISSIONER in roles_of(user)


def partnership_local_authority_ids(user: AnyUser) -> set[int]:
    """The local authorities covered by the partnerships in which the user is a manager."""
    partnerships = agency_ids_where(user, Role.PARTNERSHIP_MANAGER)
    if not partnerships:
        return set()
    covered = Agency.local_authorities.through.objects.filter(agency_id__in=partnerships)
    return set(covered.values_list("localauthority_id", flat=True))


def may_use_dashboards(user: AnyUser) -> bool:
    """Whether the user has any dashboard at all (no query: memberships are cached)."""
    roles = roles_of(user)
    return bool(
        Role.COMMISSIONER in roles or Role.PARTNERSHIP_MANAGER in roles or managed_hub_ids(user)
    )


def dashboard_scopes(user: AnyUser) -> list[Scope]:
    """Every dashboard the user may open: England and the regions first, then local
    authorities and hubs by name."""
    if not may_use_dashboards(user):
        return []
    scopes: list[Scope] = []
    las = LocalAuthority.objects.order_by("name", "pk")
    hubs = Agency.objects.hubs().order_by("name", "pk")
    if is_commissioner(user):
        scopes.append(Scope(ScopeKind.ENGLAND, ENGLAND_KEY, "England"))
        scopes += [
            Scope(ScopeKind.REGION, code, str(label))
            for code, label in LocalAuthority.Region.choices
        ]
    else:
        las = las.filter(pk__in=partnership_local_authority_ids(user))
        hubs = hubs.filter(pk__in=managed_hub_ids(user))
    scopes += [Scope(ScopeKind.LOCAL_AUTHORITY, str(la.pk), la.name) for la in las]
    scopes += [Scope(ScopeKind.HUB, str(hub.pk), hub.name) for hub in hubs]
    return scopes


def scope_for(user: AnyUser, *, kind: str, key: str) -> Scope:
    """The scope asked for, if the user may see it; 404 whether it is not theirs or does not
    exist."""
    commissioner = is_commissioner(user)
    if kind == ScopeKind.ENGLAND and key == ENGLAND_KEY and commissioner:
        return Scope(ScopeKind.ENGLAND, ENGLAND_KEY, "England")
    if kind == ScopeKind.REGION and commissioner:
        regions = dict(LocalAuthority.Region.choices)
        if key in regions:
            return Scope(ScopeKind.REGION, key, str(regions[key]))
    if kind in (ScopeKind.LOCAL_AUTHORITY, ScopeKind.HUB) and key.isdigit():
        pk = int(key)
        if kind == ScopeKind.LOCAL_AUTHORITY:
            allowed = commissioner or pk in partnership_local_authority_ids(user)
            la = LocalAuthority.objects.filter(pk=pk).first() if allowed else None
            if la is not None:
                return Scope(ScopeKind.LOCAL_AUTHORITY, str(la.pk), la.name)
        else:
            allowed = commissioner or pk in managed_hub_ids(user)
            hub = Agency.objects.hubs().filter(pk=pk).first() if allowed else None
            if hub is not None:
                return Scope(ScopeKind.HUB, str(hub.pk), hub.name)
    raise Http404("No such dashboard.")


def may_download_evaluation_extract(user: AnyUser, *, scope: Scope) -> bool:
    """Commissioners alone take the activity extract for evaluation research."""
    return is_commissioner(user)
