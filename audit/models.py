"""The audit log: one row per action or read, chained by SHA-256 so a change or gap shows."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit events are never updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")

    def for_case(self, case_id: int) -> AuditEventQuerySet:
        return self.filter(case_id=case_id).order_by("-sequence")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        # accounts
        LOGIN = "accounts.login", "Logged in"
        LOGIN_FAILED = "accounts.login_failed", "Failed login"
        LOCKED_OUT = "accounts.locked_out", "Locked out after failed logins"
        LOGOUT = "accounts.logout", "Logged out"
        USER_INVITED = "accounts.user_invited", "User invited"
        USER_CHANGED = "accounts.user_changed", "User changed"
        USER_DISABLED = "accounts.user_disabled", "User disabled"
        USER_ENABLED = "accounts.user_enabled", "User enabled"
        USER_UNLOCKED = "accounts.user_unlocked", "User unlocked"
        MFA_ACTIVATED = "accounts.mfa_activated", "Two-factor authentication set up"
        MFA_DEACTIVATED = "accounts.mfa_deactivated", "Two-factor authentication removed"
        RECOVERY_CODES_GENERATED = "accounts.recovery_codes_generated", "Recovery codes made"
        API_TOKEN_ISSUED = "accounts.api_token_issued", "API token issued"
        API_TOKEN_REVOKED = "accounts.api_token_revoked", "API token revoked"
        NOTIFICATION_EMAILS_CHANGED = (
            "accounts.notification_emails_changed",
            "Notification email choice changed",
        )
        # partners
        LOCAL_AUTHORITY_CREATED = "partners.local_authority_created", "Local authority created"
        LOCAL_AUTHORITY_CHANGED = "partners.local_authority_changed", "Local authority changed"
        AGENCY_CREATED = "partners.agency_created", "Agency created"
        AGENCY_CHANGED = "partners.agency_changed", "Agency changed"
        MEMBERSHIP_CREATED = "partners.membership_created", "Membership created"
        MEMBERSHIP_CHANGED = "partners.membership_changed", "Membership changed"
        MEMBERSHIP_ENDED = "partners.membership_ended", "Membership ended"
        PLACEMENT_CREATED = "partners.placement_created", "Spoke placement created"
        PLACEMENT_CHANGED = "partners.placement_changed", "Spoke placement changed"
        AGREEMENT_CREATED = "partners.agreement_created", "Sharing agreement created"
        AGREEMENT_CHANGED = "partners.agreement_changed", "Sharing agreement changed"
        SUPERVISION_RECORDED = "partners.supervision_recorded", "Supervision recorded"
        SUPERVISION_CHANGED = "partners.supervision_changed", "Supervision record changed"
        REMINDER_SETTINGS_CHANGED = (
            "partners.reminder_settings_changed",
            "Reminder settings changed",
        )
        # cases: writes
        CASE_OPENED = "cases.case_opened", "Case opened"
        CASE_CLOSED = "cases.case_closed", "Case closed"
        CASE_REOPENED = "cases.case_reopened", "Case reopened"
        CASE_ALLOCATED = "cases.case_allocated", "Workers allocated"
        YOUNG_PERSON_CHANGED = "cases.young_person_changed", "Young person's details changed"
        ENTRY_CREATED = "cases.entry_created", "Casework recorded"
        ENTRY_CHANGED = "cases.entry_changed", "Casework changed"
        ENTRY_ENTERED_IN_ERROR = "cases.entry_entered_in_error", "Casework marked entered in error"
        RISK_ASSESSED = "cases.risk_assessed", "Risk assessed"
        PLAN_CHANGED = "cases.plan_changed", "Plan changed"
        REVIEW_SCHEDULED = "cases.review_scheduled", "Review scheduled"
        REVIEW_RECORDED = "cases.review_recorded", "Review recorded"
        INVOLVEMENT_ADDED = "cases.involvement_added", "Agency involvement added"
        INVOLVEMENT_CHANGED = "cases.involvement_changed", "Agency involvement changed"
        SHARE_CREATED = "cases.share_created", "Case shared"
        SHARE_CHANGED = "cases.share_changed", "Case share changed"
        SHARE_REVOKED = "cases.share_revoked", "Case share revoked"
        SHARE_EXPIRED = "cases.share_expired", "Case share expired"
        BREAK_GLASS_OPENED = "cases.break_glass_opened", "Break-glass access to a case"
        LEGAL_HOLD_PLACED = "cases.legal_hold_placed", "Case placed on legal hold"
        LEGAL_HOLD_LIFTED = "cases.legal_hold_lifted", "Legal hold lifted"
        CASE_ANONYMISED = "cases.case_anonymised", "Case anonymised at the end of retention"
        # cases: reads of a young person's record
        CASE_VIEWED = "cases.case_viewed", "Case viewed"
        CASE_SUMMARY_VIEWED = "cases.case_summary_viewed", "Case summary viewed"
        CHRONOLOGY_VIEWED = "cases.chronology_viewed", "Chronology viewed"
        CASE_PRINTED = "cases.case_printed", "Print view opened"
        ENTRY_VIEWED = "cases.entry_viewed", "Casework entry viewed"
        ACCESS_HISTORY_VIEWED = "cases.access_history_viewed", "Access history viewed"
        # referrals
        REFERRAL_DRAFTED = "referrals.referral_drafted", "Referral started"
        REFERRAL_DRAFT_CHANGED = "referrals.referral_draft_changed", "Referral draft changed"
        REFERRAL_DRAFT_DELETED = "referrals.referral_draft_deleted", "Referral draft discarded"
        REFERRAL_SUBMITTED = "referrals.referral_submitted", "Referral submitted"
        REFERRAL_WITHDRAWN = "referrals.referral_withdrawn", "Referral withdrawn"
        REFERRAL_SCREENING_STARTED = "referrals.screening_started", "Referral screening started"
        REFERRAL_SCREENING_NOTED = "referrals.screening_noted", "Screening notes changed"
        REFERRAL_MATCH_LINKED = "referrals.match_linked", "Referral linked to a known young person"
        REFERRAL_MATCH_NEW = "referrals.match_new", "Referral confirmed as a new young person"
        REFERRAL_ACCEPTED = "referrals.referral_accepted", "Referral accepted"
        REFERRAL_DECLINED = "referrals.referral_declined", "Referral declined"
        REFERRAL_SIGNPOSTED = "referrals.referral_signposted", "Referral signposted"
        REFERRAL_ALLOCATED = "referrals.referral_allocated", "Referral allocated"
        NAME_VARIANT_CHANGED = "referrals.name_variant_changed", "Name forms for matching changed"
        # referrals: reads of what a referral says about a young person
        REFERRAL_VIEWED = "referrals.referral_viewed", "Referral viewed"
        REFERRAL_MATCHES_VIEWED = "referrals.matches_viewed", "Possible matches viewed"
        # consultancy: requests and advice
        CONSULTANCY_REQUESTED = "consultancy.requested", "Consultancy requested"
        CONSULTANCY_ASSIGNED = "consultancy.assigned", "Consultancy assigned to a worker"
        CONSULTANCY_ADVISED = "consultancy.advised", "Consultancy advice given"
        CONSULTANCY_FOLLOW_UP = "consultancy.follow_up", "Consultancy follow-up asked"
        CONSULTANCY_TOPICS_CHANGED = "consultancy.topics_changed", "Consultancy topics changed"
        CONSULTANCY_FEEDBACK = "consultancy.feedback", "Consultancy marked helpful or not"
        CONSULTANCY_CLOSED = "consultancy.closed", "Consultancy closed"
        CONSULTANCY_WITHDRAWN = "consultancy.withdrawn", "Consultancy withdrawn"
        CONSULTANCY_REFERRAL_LINKED = (
            "consultancy.referral_linked",
            "Consultancy linked to a referral",
        )
        CONSULTANCY_VIEWED = "consultancy.viewed", "Consultancy viewed"
        # consultancy: training, awareness and group work
        TRAINING_CREATED = "consultancy.training_created", "Training session recorded"
        TRAINING_CHANGED = "consultancy.training_changed", "Training session changed"
        TRAINING_ATTENDANCE_CHANGED = (
            "consultancy.training_attendance_changed",
            "Training attendance changed",
        )
        AWARENESS_CREATED = "consultancy.awareness_created", "Awareness session recorded"
        AWARENESS_CHANGED = "consultancy.awareness_changed", "Awareness session changed"
        GROUP_PROGRAMME_CREATED = "consultancy.programme_created", "Group-work programme created"
        GROUP_PROGRAMME_CHANGED = "consultancy.programme_changed", "Group-work programme changed"
        GROUP_PARTICIPANT_ADDED = "consultancy.participant_added", "Young person joined a group"
        GROUP_PARTICIPANT_LEFT = "consultancy.participant_left", "Young person left a group"
        GROUP_SESSION_RECORDED = "consultancy.group_session_recorded", "Group session recorded"
        # consultancy: resources
        RESOURCE_CREATED = "consultancy.resource_created", "Resource shared"
        RESOURCE_CHANGED = "consultancy.resource_changed", "Resource details changed"
        RESOURCE_VERSION_UPLOADED = "consultancy.resource_version", "New resource version uploaded"
        RESOURCE_WITHDRAWN = "consultancy.resource_withdrawn", "Resource withdrawn"
        RESOURCE_DOWNLOADED = "consultancy.resource_downloaded", "Resource downloaded"
        # consultancy: practice challenge and balance
        CHALLENGE_RAISED = "consultancy.challenge_raised", "Practice challenge raised"
        CHALLENGE_CHANGED = "consultancy.challenge_changed", "Practice challenge changed"
        CHALLENGE_ESCALATED = "consultancy.challenge_escalated", "Practice challenge escalated"
        CHALLENGE_RESOLVED = "consultancy.challenge_resolved", "Practice challenge resolved"
        CHALLENGE_VIEWED = "consultancy.challenge_viewed", "Practice challenge viewed"
        BALANCE_TARGET_CHANGED = "consultancy.balance_target_changed", "Balance target changed"
        # dashboards: exports of aggregate figures (never a young person's record)
        DASHBOARD_TABLE_EXPORTED = "dashboards.table_exported", "Dashboard table downloaded"
        DASHBOARD_EXTRACT_EXPORTED = (
            "dashboards.extract_exported",
            "Evaluation extract downloaded",
        )
        # admin and data
        ADMIN_CHANGE = "admin.change", "Changed in administration"
        DEMO_DATA_SEEDED = "demo.seeded", "Demo data loaded"

    sequence = models.BigIntegerField(unique=True, editable=False)
    occurred_at = models.DateTimeField(editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    agency = models.ForeignKey(
        "partners.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Not a choices field: every app adds actions, and a choices change is a migration.
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    # For a per-case access history; a plain integer so the log never blocks case changes.
    case_id = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # Ids and codes only: never names or case text.
    metadata = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects: ClassVar[AuditEventQuerySet] = AuditEventQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["case_id", "-sequence"], name="audit_case_seq"),
            models.Index(fields=["actor", "-sequence"], name="audit_actor_seq"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["occurred_at"], name="audit_occurred_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events are never deleted.")

    def get_action_display(self) -> str:
        try:
            return str(self.Action(self.action).label)
        except ValueError:
            return self.action


class AuditChainHead(models.Model):
    """The one row that holds the chain's latest sequence and hash; locking it orders writers."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"head at #{self.sequence}"
