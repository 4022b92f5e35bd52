"""Helpers for the notification tests: notifications made through the service, as apps make them."""

from __future__ import annotations

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify

MESSAGE = "A new referral has arrived for Northbrook CSE Hub."


def notify_referral(user: User, n: int = 1, *, message: str = MESSAGE) -> int:
    """Tell the user about referral n, as the referrals app does when one is submitted."""
    return notify(
        recipients=[user],
        kind=Notification.Kind.REFERRAL_SUBMITTED,
        key=f"referral_submitted:{n}",
        message=message,
        link=f"/referrals/{n}/",
    )


def notify_many(user: User, count: int, *, start: int = 1) -> None:
    for n in range(start, start + count):
        notify_referral(user, n)


def unread_count(user: User) -> int:
    """The user's stored unread count, as the next request will read it."""
    user.refresh_from_db(fields=["unread_notifications"])
    return user.unread_notifications


def unread_rows(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
