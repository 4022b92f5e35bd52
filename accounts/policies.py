"""Who may administer users: the one place accounts access is decided."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from accounts.models import User
from partners.models import Role
from partners.selectors import roles_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def may_administer(user: User | AnonymousUser) -> bool:
    """System administrators manage users, agencies and memberships; never case content."""
    return user.is_authenticated and user.is_active and Role.ADMINISTRATOR in roles_of(user)


def visible_users(user: User | AnonymousUser) -> QuerySet[User]:
    if may_administer(user):
        return User.objects.all()
    if user.is_authenticated:
        return User.objects.filter(pk=user.pk)
    return User.objects.none()
