"""Reads of notifications: a person's list, newest first, paged by the caller in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from notifications.models import Notification
from notifications.policies import visible_notifications

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def notification_list_for_user(
    *, user: AnyUser, unread: bool | None = None
) -> QuerySet[Notification]:
    """The user's notifications, newest first; only unread (True) or read (False) ones if asked."""
    notifications = visible_notifications(user)
    if unread is not None:
        notifications = notifications.filter(read_at__isnull=unread)
    return notifications.order_by("-created_at", "-pk")
