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
