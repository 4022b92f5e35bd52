"""Who may see which notifications: each person their own, and nobody anyone else's.

Another person's notification answers 404, exactly as one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from notifications.models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser


def visible_notifications(user: AnyUser) -> QuerySet[Notification]:
    """The user's own notifications; none for anyone not signed in."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)
