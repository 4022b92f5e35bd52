"""notification_open and notifications_mark_all_read: read state, and the count kept right."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import User
from notifications.models import Notification
from notifications.services import notification_open, notifications_mark_all_read
from tests.notifications.conftest import notify_many, notify_referral, unread_count, unread_rows

pytestmark = pytest.mark.django_db


def test_opening_marks_it_read_lowers_the_count_and_gives_the_link(world):
    """Given three unread notifications, when one is opened, then it is read, the count is two
    and its link comes back."""
    notify_many(world.hub_manager, 3)
    notification = Notification.objects.get(key="referral_submitted:2")

    link = notification_open(notification=notification, by=world.hub_manager)

    assert link == "/referrals/2/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert unread_count(world.hub_manager) == 2
    assert world.hub_manager.unread_notifications == 2  # the caller's object is kept up to date


def test_opening_a_read_one_again_changes_nothing(world):
    """Given a notification already read, when opened again, then when it was read stays and
    the count does not go down again."""
    notify_many(world.hub_manager, 2)
    notification = Notification.objects.get(key="referral_submitted:1")
    notification_open(notification=notification, by=world.hub_manager)
    first_read_at = Notification.objects.get(pk=notification.pk).read_at

    notification_open(
        notification=Notification.objects.get(pk=notification.pk), by=world.hub_manager
    )

    assert Notification.objects.get(pk=notification.pk).read_at == first_read_at
    assert unread_count(world.hub_manager) == 1


def test_only_the_recipient_may_open_it(world):
    """Given someone else's notification, then the service refuses and it stays unread."""
    notify_referral(world.hub_manager)
    notification = Notification.objects.get()

    with pytest.raises(PermissionDenied):
        notification_open(notification=notification, by=world.other_hub_manager)

    assert Notification.objects.get().read_at is None
    assert unread_count(world.hub_manager) == 1


def test_mark_all_read_reads_every_unread_one_and_zeroes_the_count(world):
    """Given four notifications, one already read, when all are marked read, then three are
    reported, none is unread and the count is nought."""
    notify_many(world.hub_manager, 4)
    notification_open(notification=Notification.objects.earliest("pk"), by=world.hub_manager)

    assert notifications_mark_all_read(by=world.hub_manager) == 3

    assert unread_rows(world.hub_manager) == 0
    assert unread_count(world.hub_manager) == 0


def test_mark_all_read_leaves_other_peoples_alone(world):
    """Given notifications for two people, when one marks all read, the other's stay unread."""
    notify_referral(world.hub_manager)
    notify_referral(world.other_hub_manager)

    notifications_mark_all_read(by=world.hub_manager)

    assert unread_rows(world.other_hub_manager) == 1
    assert unread_count(world.other_hub_manager) == 1


def test_a_count_that_drifted_is_put_right_by_the_next_read(world):
    """Given the stored count wrong (a stale save of the user, say), when a notification is
    opened, then the count is recounted from the rows."""
    notify_many(world.hub_manager, 3)
    User.objects.filter(pk=world.hub_manager.pk).update(unread_notifications=40)

    notification_open(notification=Notification.objects.earliest("pk"), by=world.hub_manager)

    assert unread_count(world.hub_manager) == 2


def test_new_notifications_after_mark_all_read_count_from_nought(world):
    """Given all marked read, when another arrives, then the count is one."""
    notify_many(world.hub_manager, 2)
    notifications_mark_all_read(by=world.hub_manager)

    notify_referral(world.hub_manager, 3)

    assert unread_count(world.hub_manager) == 1
