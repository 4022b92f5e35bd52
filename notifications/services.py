"""Telling people things: create notifications once per event, mark them read, email a link.

Not audited (decision 0010): a notification is a message about an action that is itself
audited, it never carries a child's details, and whether it has been read is the recipient's
own view. Logs carry ids only.

Each user's unread count is kept on the user (`User.unread_notifications`) so that the header
needs no query. Only this module writes it: `notify` adds one per new notification with F();
marking read recounts from the rows, so any drift heals the next time the person reads one.
"""

from __future__ import annotations

import datetime
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record
from notifications.models import DigestEmail, Notification, Reminder

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


@dataclass(frozen=True)
class Message:
    """One event to tell some people about: its key, its words and where it points."""

    recipients: list[User]
    key: str
    message: str
    link: str


# Log the ids of what was made when there are this few; counts only beyond.
LOG_IDS_UP_TO = 20
# The most emails one task sends, when a sweep notifies many people at once.
EMAIL_BATCH = 100


def notify(*, recipients: Iterable[User], kind: str, key: str, message: str, link: str) -> int:
    """Tell each active recipient once per key, in the caller's transaction; returns how many."""
    told = notify_many(
        kind=kind, messages=[Message(list(recipients), key=key, message=message, link=link)]
    )
    return told[key]


def notify_many(*, kind: str, messages: list[Message]) -> dict[str, int]:
    """Tell each active recipient of each message once per key, in the caller's transaction, in
    a fixed number of queries however many there are; returns how many were told, by key."""
    for item in messages:
        _check(kind=kind, key=item.key, message=item.message, link=item.link)
    told = {item.key: 0 for item in messages}
    wanted = {user.pk for item in messages for user in item.recipients}
    if not wanted:
        return told
    with transaction.atomic():
        # Active now, by the database rather than the objects passed in; locked in id order, as
        # every writer of the unread counts locks them, so concurrent calls queue, never deadlock.
        # Only those who asked for each notification as it arrives are emailed now; the
        # daily digest collects the rest.
        emails = {
            pk: email if preference == User.EmailNotifications.IMMEDIATE else ""
            for pk, email, preference in User.objects.select_for_update()
            .filter(pk__in=wanted, is_active=True)
            .order_by("pk")
            .values_list("pk", "email", "email_notifications")
        }
        if not emails:
            return told
        already = set(
            Notification.objects.filter(
                recipient_id__in=emails, key__in=[item.key for item in messages]
            ).values_list("recipient_id", "key")
        )
        now = timezone.now()
        rows: dict[tuple[int, str], Notification] = {}
        for item in messages:
            for user in item.recipients:
                if user.pk in emails and (user.pk, item.key) not in already:
                    rows.setdefault(
                        (user.pk, item.key),
                        Notification(
                            recipient_id=user.pk,
                            kind=kind,
                            key=item.key,
                            message=item.message,
                            link=item.link,
                            created_at=now,
                        ),
                    )
        created = _insert(list(rows.values()))
        if not created:
            return told
        per_user: dict[int, int] = {}
        for row in created:
            per_user[row.recipient_id] = per_user.get(row.recipient_id, 0) + 1
            told[row.key] += 1
        # One update per distinct number of new notifications (nearly always one).
        by_count: dict[int, list[int]] = {}
        for pk, count in per_user.items():
            by_count.setdefault(count, []).append(pk)
        for count, pks in by_count.items():
            User.objects.filter(pk__in=pks).update(
                unread_notifications=F("unread_notifications") + count
            )
        # Imported here: the task module calls back into this one.
        from notifications.tasks import send_email, send_emails

        to_email = [row.pk for row in created if emails[row.recipient_id]]
        if len(to_email) == 1:
            send_email.delay_on_commit(notification_id=to_email[0])
        else:
            # A sweep's thousands of emails as a few broker messages, not one each.
            for start in range(0, len(to_email), EMAIL_BATCH):
                send_emails.delay_on_commit(notification_ids=to_email[start : start + EMAIL_BATCH])
    if len(created) <= LOG_IDS_UP_TO:
        logger.info(
            "notified kind=%s notifications=%s users=%s",
            kind,
            [row.pk for row in created],
            sorted(per_user),
        )
    else:
        logger.info("notified kind=%s notifications=%s users=%s", kind, len(created), len(per_user))
    return told


@transaction.atomic
def notification_emails_set(*, user: User, by: User, choice: str) -> User:
    """Choose whether notifications are emailed as they arrive or in a daily digest."""
    if by.pk != user.pk:
        raise PermissionDenied("People choose how they are emailed for themselves.")
    if choice not in User.EmailNotifications.values:
        raise ValidationError({"email_notifications": "Choose how you would like to be emailed."})
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.email_notifications != choice:
        previous = locked.email_notifications
        User.objects.filter(pk=user.pk).update(email_notifications=choice)
        audit_record(
            actor=by,
            action=AuditEvent.Action.NOTIFICATION_EMAILS_CHANGED,
            obj=user,
            metadata={"fields": ["email_notifications"], "from": previous, "to": choice},
        )
    user.email_notifications = choice
    return user


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
        if recipient.email_notifications != User.EmailNotifications.IMMEDIATE:
            return False  # they have chosen the daily digest since, which will carry it
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


# Scheduled reminders: each issued once per kind, record and occurrence.


def occurrence_of(value: datetime.date | datetime.datetime | str) -> str:
    """The text that names a reminder's occurrence: a date, or a time in UTC to the second."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def reminders_issued(*, kind: str, object_ids: Iterable[int]) -> set[tuple[int, str]]:
    """Which (record, occurrence) pairs of a kind have had their reminder, for a sweep to skip."""
    ids = list(object_ids)
    if not ids:
        return set()
    return set(
        Reminder.objects.filter(kind=kind, object_id__in=ids).values_list("object_id", "occurrence")
    )


def reminder_issue(
    *,
    kind: str,
    object_id: int,
    occurrence: datetime.date | datetime.datetime | str,
    recipients: Iterable[User],
    message: str,
    link: str,
) -> bool:
    """Issue a reminder once, telling the recipients; False if it had already been issued.

    One transaction records the reminder and its notifications. A second run, or a second
    worker at the same moment, meets the unique constraint and tells nobody again.
    """
    _check(kind=kind, key=f"{kind}:{object_id}", message=message, link=link)
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    kind=kind, object_id=object_id, occurrence=occurrence_of(occurrence)
                )
        except IntegrityError:
            return False
        told = notify(
            recipients=recipients, kind=kind, key=reminder.key, message=message, link=link
        )
        if told:
            reminder.recipients = told
            reminder.save(update_fields=["recipients"])
    logger.info(
        "reminder issued kind=%s object=%s reminder=%s told=%s", kind, object_id, reminder.pk, told
    )
    return True


@dataclass(frozen=True)
class Due:
    """A reminder a sweep found due: about which record, for which occurrence, to whom."""

    object_id: int
    occurrence: datetime.date | datetime.datetime | str
    recipients: list[User]
    message: str
    link: str


# Rows a sweep reads and checks against issued reminders at a time.
SWEEP_CHUNK = 500


def reminders_issue_due(*, kind: str, due: Iterable[Due]) -> int:
    """Issue every due reminder not issued before; returns how many were issued now.

    A chunk at a time, each one transaction in a fixed number of queries: the chunk is checked
    against the reminders already issued, the new reminder rows are inserted together, and
    their notifications made together. If another sweep issued one of them meanwhile, the
    insert meets the unique constraint and the chunk is issued one reminder at a time instead,
    so that each is still issued once.
    """
    issued = 0
    rows = iter(due)
    while chunk := list(itertools.islice(rows, SWEEP_CHUNK)):
        done = reminders_issued(kind=kind, object_ids=[item.object_id for item in chunk])
        todo: dict[tuple[int, str], Due] = {}
        for item in chunk:
            key = (item.object_id, occurrence_of(item.occurrence))
            if key not in done:
                todo.setdefault(key, item)
        if todo:
            issued += _reminders_issue_chunk(kind=kind, todo=todo)
    return issued


def _reminders_issue_chunk(*, kind: str, todo: dict[tuple[int, str], Due]) -> int:
    with transaction.atomic():
        reminders = [
            Reminder(kind=kind, object_id=object_id, occurrence=occurrence)
            for object_id, occurrence in todo
        ]
        try:
            with transaction.atomic():
                Reminder.objects.bulk_create(reminders)
        except IntegrityError:
            reminders = []
        if reminders:
            told = notify_many(
                kind=kind,
                messages=[
                    Message(item.recipients, key=reminder.key, message=item.message, link=item.link)
                    for reminder, item in zip(reminders, todo.values(), strict=True)
                ],
            )
            for reminder in reminders:
                reminder.recipients = told[reminder.key]
            Reminder.objects.bulk_update(
                [reminder for reminder in reminders if reminder.recipients], ["recipients"]
            )
            logger.info("reminders issued kind=%s count=%s", kind, len(reminders))
            return len(reminders)
    # Another sweep got to at least one of them first: one at a time, each once.
    return sum(
        reminder_issue(
            kind=kind,
            object_id=item.object_id,
            occurrence=item.occurrence,
            recipients=item.recipients,
            message=item.message,
            link=item.link,
        )
        for item in todo.values()
    )


# Email that could not be sent at once: the daily digest, and the catch-up of failed sends.

DIGEST_TEMPLATE = "notifications/email/digest.txt"
# The most notifications one digest lists; the rest are counted, and all are on the page.
DIGEST_MAX_LISTED = 50
# An immediate email still unsent after this was not queued (the broker was down, say): the
# catch-up sweep sends it. Younger ones are most likely still on their way through the queue.
PENDING_EMAIL_GRACE = datetime.timedelta(minutes=5)
# Older than this, an unsent notification is not worth an email any more: it is in the app.
PENDING_EMAIL_HORIZON = datetime.timedelta(days=3)


def notifications_email_pending(*, now: datetime.datetime | None = None) -> int:
    """Email the immediate notifications whose queued email never went; returns how many."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now - PENDING_EMAIL_GRACE,
            created_at__gte=now - PENDING_EMAIL_HORIZON,
            recipient__is_active=True,
            recipient__email_notifications=User.EmailNotifications.IMMEDIATE,
        )
        .exclude(recipient__email="")
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    # Each send locks its row and checks it again, so a queued task arriving meanwhile, or a
    # second sweep, sends nothing more.
    return sum(notification_email_send(notification_id=pk) for pk in list(pending))


def digest_day(now: datetime.datetime) -> datetime.date:
    """The day a digest sent at `now` is for, in Europe/London."""
    return timezone.localdate(now)


def notifications_send_digests(*, now: datetime.datetime | None = None) -> int:
    """Send each person who chose the daily digest one email with what they have not been sent.

    At most one digest a person a day: the unique (recipient, day) row is taken first, in the
    same transaction that marks the notifications emailed.
    """
    now = now or timezone.now()
    waiting = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lte=now,
            recipient__is_active=True,
            recipient__email_notifications=User.EmailNotifications.DAILY,
        )
        .exclude(recipient__email="")
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    return sum(digest_send(recipient_id=pk, now=now) for pk in list(waiting))


def digest_send(*, recipient_id: int, now: datetime.datetime) -> bool:
    """Send one person's digest for the day, once; returns whether it was sent."""
    day = digest_day(now)
    with transaction.atomic():
        recipient = User.objects.filter(pk=recipient_id, is_active=True).first()
        if recipient is None or not recipient.email:
            return False
        try:
            with transaction.atomic():
                digest = DigestEmail.objects.create(recipient=recipient, day=day, sent_at=now)
        except IntegrityError:
            return False  # today's digest has been sent already
        rows = list(
            Notification.objects.select_for_update()
            .filter(recipient_id=recipient.pk, emailed_at__isnull=True, created_at__lte=now)
            .order_by("-created_at", "-pk")
        )
        if not rows:
            transaction.set_rollback(True)
            return False
        listed = rows[:DIGEST_MAX_LISTED]
        send_mail(
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}your notifications for "
            f"{day:%-d %B %Y}",
            # Only messages (which never name a child) and links behind sign-in.
            message=render_to_string(
                DIGEST_TEMPLATE,
                {
                    "day": day,
                    "notifications": [
                        {"title": row.title, "message": row.message, "link": absolute_link(row)}
                        for row in listed
                    ],
                    "more": len(rows) - len(listed),
                    "all_link": settings.CSE_HUB_BASE_URL.rstrip("/") + "/notifications/",
                },
            ),
            from_email=None,
            recipient_list=[recipient.email],
        )
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)
        digest.notifications = len(rows)
        digest.save(update_fields=["notifications"])
    logger.info(
        "digest emailed digest=%s user=%s notifications=%s", digest.pk, recipient.pk, len(rows)
    )
    return True
