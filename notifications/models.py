"""What a person is told in the app: one row per recipient and event, never a child's details."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    """A message to one user about something that happened, with a link to where it is."""

    class Kind(models.TextChoices):
        REFERRAL_SUBMITTED = "referral_submitted", "New referral"
        REFERRAL_DECIDED = "referral_decided", "Referral decided"
        REFERRAL_ALLOCATED = "referral_allocated", "Referral allocated to you"
        REFERRAL_WITHDRAWN = "referral_withdrawn", "Referral withdrawn"
        CONSULTANCY_REQUESTED = "consultancy_requested", "New consultancy request"
        CONSULTANCY_ASSIGNED = "consultancy_assigned", "Consultancy request assigned to you"
        CONSULTANCY_ADVISED = "consultancy_advised", "Advice on your consultancy request"
        CONSULTANCY_FOLLOW_UP = "consultancy_follow_up", "Follow-up question on a consultancy"
        CONSULTANCY_FEEDBACK = "consultancy_feedback", "Feedback on your advice"
        CONSULTANCY_WITHDRAWN = "consultancy_withdrawn", "Consultancy request withdrawn"
        CHALLENGE_RAISED = "challenge_raised", "Practice challenge raised with your agency"
        CHALLENGE_UPDATED = "challenge_updated", "Practice challenge updated"
        # Scheduled reminders and escalations.
        REFERRAL_UNSCREENED = "referral_unscreened", "Referral waiting to be screened"
        FIRST_CONTACT_DUE = "first_contact_due", "No first contact yet"
        FIRST_CONTACT_OVERDUE = "first_contact_overdue", "No first contact: escalated"
        NO_RECENT_CONTACT = "no_recent_contact", "No recent contact"
        REVIEW_DUE = "review_due", "Case review due"
        REVIEW_OVERDUE = "review_overdue", "Case review overdue"
        CONSULTANCY_UNANSWERED = "consultancy_unanswered", "Consultancy request unanswered"
        SHARE_EXPIRING = "share_expiring", "Case share ending soon"
        SHARE_EXPIRED = "share_expired", "Case share ended"
        AGREEMENT_REVIEW_DUE = "agreement_review_due", "Sharing agreement review due"
        SUPERVISION_OVERDUE = "supervision_overdue", "Supervision overdue"
        RETENTION_DUE = "retention_due", "Case reaching the end of its retention"

    # PROTECT: people are disabled, never deleted, and what they were told stays with them.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=50, choices=Kind.choices)
    # What the notification is about, e.g. "referral_submitted:42": a repeat of the same event
    # finds the row already there and tells nobody twice.
    key = models.CharField(max_length=200)
    # Plain text, shown in the app and sent by email: it never names or describes a child.
    message = models.CharField(max_length=300)
    # A path on this site ("/referrals/42/"); the page behind it decides who may see what.
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="notification_one_per_recipient_and_key"
            ),
        ]
        indexes = [
            # A person's list, newest first.
            models.Index(
                fields=["recipient", "-created_at", "-id"], name="notification_recipient_newest"
            ),
            # Their unread ones: the filter, the recount and "mark all as read".
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_recipient_unread",
            ),
            # What is still to be emailed: the digest and the catch-up sweep of failed sends.
            models.Index(
                fields=["created_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_not_emailed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} notification {self.pk} for user {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def title(self) -> str:
        """A generic title for the kind, safe for an email subject ("New referral")."""
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return "New notification"


class Reminder(models.Model):
    """That a scheduled reminder was issued: once per kind, record and occurrence.

    The occurrence is what makes a reminder due, such as a review's due date or the time of a
    case's last contact: a new one (the review moved, a new gap in contact) is a new reminder.
    The sweeps skip what is here, and the unique constraint makes a sweep run twice, or by two
    workers at once, issue each reminder once.
    """

    kind = models.CharField(max_length=50, choices=Notification.Kind.choices)
    object_id = models.BigIntegerField()
    occurrence = models.CharField(max_length=64)
    issued_at = models.DateTimeField(default=timezone.now)
    # How many people it told (none when no one could be told, e.g. no active manager).
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "occurrence"], name="reminder_once_per_occurrence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.object_id} ({self.occurrence})"

    @property
    def key(self) -> str:
        """The notification key the reminder's notifications carry."""
        return f"{self.kind}:{self.object_id}:{self.occurrence}"


class DigestEmail(models.Model):
    """One daily digest email to one person: at most one a day, whatever runs twice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="digest_emails"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    notifications = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"digest for user {self.recipient_id} on {self.day:%Y-%m-%d}"
