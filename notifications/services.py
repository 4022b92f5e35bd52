"""Telling people things: create notifications once per event, mark them read, email a link.

Not audited (decision 0010): a notification is a message about an action that is itself
audited, it never carries a child's details, and whether it has been read is the recipient's
own view. Logs carry ids only.

Each user's unread count is kept on the user (`User.unread_notifications`) so that the header
needs no query. Only this module writes it: `notify` adds one per new notification with F();
marking read recounts from the rows, so any drift heals the next time the person reads one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from notifications.models import Notification

logger = logging.getLogger(__name__)

EMAIL_TEMPLATE = "notifications/email/notification.txt"
# The model's field lengths: longer text would fail at the database, mid-transaction.
KEY_MAX = 200
TEXT_MAX = 300


def _check(*, kind: str, key: str, message: str, link: str) -> None:
    """Refuse what a caller must never send; these are programming errors, not user input."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}.")
    if not key or len(key) > KEY_MAX:
        raise ValueError(f"A notification needs a key of at most {KEY_MAX} characters.")
    if not message.strip() or len(message) > TEXT_MAX:
        raise ValueError(f"A notification needs a message of at most {TEXT_MAX} characters.")
    # A path on this site only: the link is where opening the notification redirects to.
    if not link.startswith("/") or link.startswith("//") or "\\" in link or len(link) > TEXT_MAX:
        raise ValueError("A notification's link must be a path on this site, such as '/cases/1/'.")


def _lock_users(user_ids: Iterable[int]) -> None:
    """Lock the users' rows in id order, so concurrent writers of the counts never deadlock."""
    list(
        User.objects.select_for_update()
        .filter(pk__in=list(user_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _insert(rows: list[Notification]) -> list[Notification]:
    """Insert the rows, leaving out any a concurrent call has inserted; returns those inserted.

    The unique (recipient, key) constraint is what makes this safe: a duplicate insert fails
    inside its own savepoint and the rest of the caller's transaction carries on.
    """
    if not rows:
        return []
    if connection.features.can_return_rows_from_bulk_insert:
        try:
            with transaction.atomic():
                return Notification.objects.bulk_create(rows)
        except IntegrityError:
            pass  # another call got there first for at least one recipient: one at a time
    created = []
    for row in rows:
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            continue
        created.append(row)
    return created


def notify(*, recipients: Iterable[User], kind: str, key: str, message: str, link: str) -> int:
    """Tell each active recipient once per key, in the caller's transaction; returns how many."""
    _check(kind=kind, key=key, message=message, link=link)
    with transaction.atomic():
        # Active now, by the database rather than the objects passed in; locked in id order, as
        # every writer of the unread counts locks them, so concurrent calls queue, never deadlock.
        emails = dict(
            User.objects.select_for_update()
            .filter(pk__in={user.pk for user in recipients}, is_active=True)
            .order_by("pk")
            .values_list("pk", "email")
        )
        if not emails:
            return 0
        already = set(
            Notification.objects.filter(recipient_id__in=emails, key=key).values_list(
                "recipient_id", flat=True
            )
        )
        now = timezone.now()
        created = _insert(
            [
                Notification(
                    recipient_id=pk, kind=kind, key=key, message=message, link=link, created_at=now
                )
                for pk in emails
                if pk not in already
            ]
        )
        if not created:
            return 0
        told = [row.recipient_id for row in created]
        User.objects.filter(pk__in=told).update(unread_notifications=F("unread_notifications") + 1)
        # Imported here: the task module calls back into this one.
        from notifications.tasks import send_email

        for row in created:
            if emails[row.recipient_id]:
                send_email.delay_on_commit(notification_id=row.pk)
    logger.info(
        "notified kind=%s notifications=%s users=%s",
        kind,
        [row.pk for row in created],
        told,
    )
    return len(created)


def _recount(user: User) -> int:
    """Set the user's unread count from their rows (their row is locked by the caller)."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    User.objects.filter(pk=user.pk).update(unread_notifications=unread)
    user.unread_notifications = unread
    return unread


@transaction.atomic
def notification_open(*, notification: Notification, by: User) -> str:
    """Mark the notification read (if it is not already) and return where it points."""
    if notification.recipient_id != by.pk:
        raise PermissionDenied("Only the person a notification is for may open it.")
    if notification.read_at is None:
        _lock_users([by.pk])
        now = timezone.now()
        marked = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if marked:
            notification.read_at = now
            _recount(by)
        else:  # read meanwhile, in another tab or by the API
            notification.refresh_from_db(fields=["read_at"])
    return notification.link


@transaction.atomic
def notifications_mark_all_read(*, by: User) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    _lock_users([by.pk])
    marked = Notification.objects.filter(recipient_id=by.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    _recount(by)
    return marked


def absolute_link(notification: Notification) -> str:
    """The notification's link as a full address, for emails (a worker has no request)."""
    return settings.CSE_HUB_BASE_URL.rstrip("/") + notification.link


def notification_email_send(*, notification_id: int) -> bool:
    """Email the recipient the message and a link, at most once; returns whether it was sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or notification.emailed_at is not None:
            return False
        recipient = notification.recipient
        if not recipient.is_active or not recipient.email:
            return False
        title = notification.title
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{title[:1].lower()}{title[1:]}",
            # Only the message (which never names a child) and a link behind sign-in.
            message=render_to_string(
                EMAIL_TEMPLATE,
                {"message": notification.message, "link": absolute_link(notification)},
            ),
            from_email=None,
            recipient_list=[recipient.email],
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    logger.info("notification emailed notification=%s user=%s", notification.pk, recipient.pk)
    return True
