"""Object permissions shared across agencies, on django-guardian's direct foreign-key tables.

Baseline visibility (a hub's own records, a worker's allocations) is an ordinary filter in each
app's policy; guardian rows carry only what one agency shares with another. Rows go to the
agency's group, and to one user only where a share names one professional. Reads use
subqueries on the direct tables, never global permissions (the same as guardian's
`accept_global_perms=False`), and never `user.groups`: agency groups come from memberships in
force today, so a membership that ends stops its access at once with nothing to clean up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from guardian.shortcuts import assign_perm, remove_perm

from partners.selectors import agency_group_ids

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from partners.models import Agency


def grant_to_agency(*, perm: str, obj: models.Model, agency: Agency) -> None:
    """Give every member of `agency` the permission on `obj` (guardian picks the direct table)."""
    assign_perm(perm, agency.group, obj)


def revoke_from_agency(*, perm: str, obj: models.Model, agency: Agency) -> None:
    remove_perm(perm, agency.group, obj)


def grant_to_user(*, perm: str, obj: models.Model, user: User) -> None:
    assign_perm(perm, user, obj)


def revoke_from_user(*, perm: str, obj: models.Model, user: User) -> None:
    remove_perm(perm, user, obj)


# `content_object` is declared by each concrete direct table, not by guardian's abstract bases.
_OBJECT_ID = "content_object_id"


def has_shared_permission(
    *,
    user: User | AnonymousUser,
    obj: models.Model,
    group_model: type[GroupObjectPermissionBase],
    user_model: type[UserObjectPermissionBase],
    codenames: tuple[str, ...],
) -> bool:
    """Whether `obj` is shared with the user's agencies or the user under any of `codenames`."""
    if not user.is_authenticated:
        return False
    return (
        group_model.objects.filter(
            group_id__in=agency_group_ids(user),
            permission__codename__in=codenames,
            **{_OBJECT_ID: obj.pk},
        ).exists()
        or user_model.objects.filter(
            user_id=user.pk, permission__codename__in=codenames, **{_OBJECT_ID: obj.pk}
        ).exists()
    )


def q_shared(
    *,
    user: User | AnonymousUser,
    group_model: type[GroupObjectPermissionBase],
    user_model: type[UserObjectPermissionBase],
    codenames: tuple[str, ...],
) -> Q:
    """A filter for a policy's `visible_*` queryset: `pk` in what is shared with the user."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    by_group = group_model.objects.filter(
        group_id__in=agency_group_ids(user), permission__codename__in=codenames
    ).values(_OBJECT_ID)
    by_user = user_model.objects.filter(user_id=user.pk, permission__codename__in=codenames).values(
        _OBJECT_ID
    )
    return Q(pk__in=by_group) | Q(pk__in=by_user)


def shared_ids(
    *,
    user: User | AnonymousUser,
    group_model: type[GroupObjectPermissionBase],
    user_model: type[UserObjectPermissionBase],
    codenames: tuple[str, ...],
) -> list[QuerySet[Any]]:
    """The same test as `q_shared`, as id querysets to put in a UNION: each one reads its own
    index (group first, or user first) instead of the outer table being scanned to test an OR."""
    if not user.is_authenticated:
        return []
    parts: list[QuerySet[Any]] = [
        user_model.objects.filter(user_id=user.pk, permission__codename__in=codenames)
        .order_by()
        .values(_OBJECT_ID)
    ]
    groups = agency_group_ids(user)
    if groups:
        parts.insert(
            0,
            group_model.objects.filter(group_id__in=groups, permission__codename__in=codenames)
            .order_by()
            .values(_OBJECT_ID),
        )
    return parts


def q_shared_row(
    *,
    user: User | AnonymousUser,
    group_model: type[GroupObjectPermissionBase],
    user_model: type[UserObjectPermissionBase],
    codenames: tuple[str, ...],
) -> Q:
    """The same test as `q_shared`, correlated to the outer row, for annotations per row."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    by_group = group_model.objects.filter(
        group_id__in=agency_group_ids(user),
        permission__codename__in=codenames,
        **{_OBJECT_ID: OuterRef("pk")},
    )
    by_user = user_model.objects.filter(
        user_id=user.pk, permission__codename__in=codenames, **{_OBJECT_ID: OuterRef("pk")}
    )
    return Q(Exists(by_group)) | Q(Exists(by_user))
