"""notify: one notification per recipient and key, active users only, counted, emailed later."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction

from accounts.models import User
from accounts.services import user_disable
from notifications import services
from notifications.models import Notification
from notifications.services import _insert, notify
from tests import factories
from tests.notifications.conftest import MESSAGE, notify_referral, unread_count

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers: two transactions cannot race for the same key",
)

KIND = Notification.Kind.REFERRAL_SUBMITTED


def _notify(recipients: list[User], key: str = "referral_submitted:42") -> int:
    return notify(
        recipients=recipients,
        kind=KIND,
        key=key,
        message=MESSAGE,
        link="/referrals/42/",
    )


def test_notify_creates_one_unread_notification_per_recipient(world):
    """Given two hub managers, when notified, then each has one unread notification and a count
    of one."""
    managers = [world.hub_manager, world.other_hub_manager]

    created = _notify(managers)

    assert created == 2
    for manager in managers:
        notification = Notification.objects.get(recipient=manager)
        assert (notification.kind, notification.key) == (KIND, "referral_submitted:42")
        assert (notification.message, notification.link) == (MESSAGE, "/referrals/42/")
        assert notification.read_at is None
        assert notification.emailed_at is None
        assert unread_count(manager) == 1


def test_notify_twice_with_the_same_key_creates_nothing_the_second_time(world):
    """Given a notification already made for a key, when notify runs again (a retried task),
    then nothing new is made and the unread count stays at one."""
    assert _notify([world.hub_manager]) == 1

    assert _notify([world.hub_manager]) == 0

    assert Notification.objects.filter(recipient=world.hub_manager).count() == 1
    assert unread_count(world.hub_manager) == 1


def test_a_repeated_recipient_in_one_call_is_told_once(world):
    """Given the same user twice in the recipients, then they get one notification."""
    assert _notify([world.hub_manager, world.hub_manager]) == 1
    assert unread_count(world.hub_manager) == 1


def test_a_repeat_reaches_only_the_recipients_not_yet_told(world):
    """Given one manager already told, when notify names them and a new one, then only the new
    one is told."""
    _notify([world.hub_manager])

    assert _notify([world.hub_manager, world.other_hub_manager]) == 1

    assert unread_count(world.hub_manager) == 1
    assert unread_count(world.other_hub_manager) == 1


def test_different_keys_are_different_notifications(world):
    """Given two events, then the recipient has two notifications and a count of two."""
    _notify([world.hub_manager], key="referral_submitted:1")
    _notify([world.hub_manager], key="referral_submitted:2")

    assert unread_count(world.hub_manager) == 2


def test_inactive_users_are_skipped(world):
    """Given a disabled user among the recipients, then only the active ones are told."""
    user_disable(user=world.other_hub_manager, by=world.administrator, reason="Left the hub.")

    assert _notify([world.hub_manager, world.other_hub_manager]) == 1

    assert not Notification.objects.filter(recipient=world.other_hub_manager).exists()
    assert unread_count(world.other_hub_manager) == 0


def test_no_recipients_is_nothing_to_do(db):
    """Given nobody to tell, then nothing is made."""
    assert _notify([]) == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("kind", "made_up", id="an unknown kind"),
        pytest.param("key", "", id="no key"),
        pytest.param("message", "  ", id="no message"),
        pytest.param("message", "x" * 301, id="a message longer than 300 characters"),
        pytest.param("link", "https://example.com/", id="a link off the site"),
        pytest.param("link", "//example.com/", id="a scheme-relative link off the site"),
        pytest.param("link", "referrals/42/", id="a relative link"),
    ],
)
def test_notify_refuses_what_callers_must_never_send(world, field, value):
    """Given a bad kind, key, message or link, then notify refuses and makes nothing."""
    arguments = {
        "recipients": [world.hub_manager],
        "kind": KIND,
        "key": "referral_submitted:42",
        "message": MESSAGE,
        "link": "/referrals/42/",
        field: value,
    }
    with pytest.raises(ValueError, match="notification"):
        notify(**arguments)

    assert not Notification.objects.exists()


def test_notify_joins_the_callers_transaction(world):
    """Given the caller's transaction rolls back, then no notification and no count remain."""

    class Refused(Exception):
        pass

    def refused_after_notifying() -> None:
        with transaction.atomic():
            _notify([world.hub_manager])
            raise Refused

    with pytest.raises(Refused):
        refused_after_notifying()

    assert not Notification.objects.exists()
    assert unread_count(world.hub_manager) == 0


def test_emails_are_queued_after_commit_for_new_notifications_only(
    world, django_capture_on_commit_callbacks
):
    """Given a first call and a repeat, then one email per recipient goes, after commit (the
    two in one task)."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([world.hub_manager, world.other_hub_manager])
        assert mail.outbox == []  # nothing is sent before the transaction commits
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([world.hub_manager, world.other_hub_manager])
    assert callbacks == []

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [world.hub_manager.email, world.other_hub_manager.email]
    )
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_sweeps_emails_go_in_batches(world, django_capture_on_commit_callbacks, monkeypatch):
    """Given more recipients than one task sends, then the emails go as a few tasks, each
    recipient emailed once."""
    monkeypatch.setattr(services, "EMAIL_BATCH", 2)
    people = [world.hub_manager, world.other_hub_manager, world.spoke_worker]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(people)

    assert len(callbacks) == 2
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)


def test_logs_carry_ids_only(world, caplog):
    """Given a notification about a child, then the log names ids and the kind, never text."""
    caplog.set_level(logging.INFO, logger="notifications")

    notify_referral(world.hub_manager, message="A new referral has arrived for your hub.")

    logged = caplog.text
    notification = Notification.objects.get()
    assert f"notifications=[{notification.pk}]" in logged
    assert f"users=[{world.hub_manager.pk}]" in logged
    assert "arrived" not in logged
    assert world.hub_manager.email not in logged


@needs_postgres
def test_concurrent_duplicates_create_one_notification(transactional_db):
    """Given two transactions notifying the same user with the same key at the same time, then
    one notification is made, counted once and emailed once."""
    user = factories.user(mfa=False)
    both_in_a_transaction = threading.Barrier(2)
    created: list[int] = []
    errors: list[BaseException] = []

    def attempt() -> None:
        try:
            with transaction.atomic():
                both_in_a_transaction.wait(timeout=10)
                created.append(_notify([user]))
                # Hold the transaction open, so the other's insert meets this uncommitted row.
                time.sleep(0.3)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(created) == [0, 1]
    assert Notification.objects.filter(recipient=user).count() == 1
    assert unread_count(user) == 1
    assert [message.to for message in mail.outbox] == [[user.email]]


def test_a_row_another_call_inserted_first_is_left_out_not_an_error(world):
    """Given a row for one recipient already inserted (as by a concurrent call that the check
    did not see), when the insert meets the unique key, then only the other rows are made."""
    _notify([world.hub_manager])
    rows = [
        Notification(
            recipient=user, kind=KIND, key="referral_submitted:42", message=MESSAGE, link="/"
        )
        for user in (world.hub_manager, world.other_hub_manager)
    ]

    with transaction.atomic():
        inserted = _insert(rows)

    assert [row.recipient_id for row in inserted] == [world.other_hub_manager.pk]
    assert Notification.objects.count() == 2
