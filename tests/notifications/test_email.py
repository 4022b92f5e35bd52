"""notification_email_send and its task: the message and a link, sent at most once."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.services import user_disable
from notifications.models import Notification
from notifications.services import notification_email_send
from notifications.tasks import send_email
from tests.notifications.conftest import MESSAGE, notify_referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def notification(world, settings) -> Notification:
    settings.CSE_HUB_BASE_URL = "https://csehub.example.org/"
    notify_referral(world.hub_manager, 42)
    return Notification.objects.get()


def test_the_email_is_the_message_and_a_link_and_nothing_else(world, notification):
    """Given a notification, then its email has a generic subject, and a body of exactly the
    message, the absolute link and a line saying to sign in."""
    assert notification_email_send(notification_id=notification.pk) is True

    [email] = mail.outbox
    assert email.to == [world.hub_manager.email]
    assert email.subject == "CSE Hub: new referral"
    assert email.body == (
        f"{MESSAGE}\n"
        "\n"
        "Sign in to CSE Hub to see the details:\n"
        "\n"
        "https://csehub.example.org/referrals/42/\n"
        "\n"
        "CSE Hub emails never contain information about children or young people.\n"
    )


@pytest.mark.parametrize(
    ("kind", "subject"),
    [
        (Notification.Kind.REFERRAL_DECIDED, "CSE Hub: referral decided"),
        (Notification.Kind.REFERRAL_ALLOCATED, "CSE Hub: referral allocated to you"),
    ],
)
def test_the_subject_is_a_generic_title_for_the_kind(notification, kind, subject):
    """Given each kind, then the subject names the kind and nothing about the case."""
    Notification.objects.filter(pk=notification.pk).update(kind=kind)

    notification_email_send(notification_id=notification.pk)

    assert mail.outbox[0].subject == subject


def test_the_task_run_twice_sends_one_email(notification):
    """Given the task delivered twice (a retry after a lost acknowledgement), then one email
    goes and the notification records when."""
    send_email.delay(notification_id=notification.pk)
    send_email.delay(notification_id=notification.pk)

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_second_send_reports_nothing_sent(notification):
    """Given an emailed notification, then sending again sends nothing and says so."""
    assert notification_email_send(notification_id=notification.pk) is True

    assert notification_email_send(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1


def test_nothing_is_sent_to_a_user_disabled_since(world, notification):
    """Given the recipient disabled before the task ran, then no email goes."""
    user_disable(user=world.hub_manager, by=world.administrator, reason="Left the hub.")

    assert notification_email_send(notification_id=notification.pk) is False
    assert mail.outbox == []


def test_a_missing_notification_sends_nothing(db):
    """Given an id with no notification, then the task does nothing and does not fail."""
    send_email.delay(notification_id=987654)

    assert mail.outbox == []


def test_the_task_has_its_stable_name():
    """Given the task, then it has the name callers and the queue use."""
    assert send_email.name == "notifications.send_email"
