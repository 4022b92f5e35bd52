"""The case record: a young person, their case, the work done, risk, plans, reviews and sharing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from partners.models import Agency, InformationSharingAgreement, LocalAuthority


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Indicator(models.Model):
    """A CSE screening indicator: referrals screen against them, risk assessments record them.

    Administrators maintain the list. An indicator is retired rather than deleted: records that
    name it keep its label, but it is no longer offered for new screening or assessments.
    """

    code = models.SlugField(
        max_length=50,
        unique=True,
        help_text="How records and the API name it, for example staying_out_late. It cannot "
        "change once saved.",
    )
    label = models.CharField(max_length=120)
    guidance = models.TextField(blank=True, help_text="What to look for.")
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Untick to retire it: records keep it, but new screening no longer offers it.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class YoungPerson(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        NON_BINARY = "non_binary", "Non-binary"
        SELF_DESCRIBED = "self_described", "In another way"
        NOT_KNOWN = "not_known", "Not known"

    class ContactChannel(models.TextChoices):
        PHONE_CALL = "phone_call", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        IN_PERSON = "in_person", "In person"
        VIA_SCHOOL = "via_school", "Through school or college"
        VIA_SOCIAL_WORKER = "via_social_worker", "Through their social worker"

    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField("known as", max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, default=Gender.NOT_KNOWN)
    gender_self_described = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=100, blank=True)
    # Safe-contact rules: nothing automatic may ever override them.
    safe_contact_channels = models.JSONField(default=list, blank=True)
    safe_contact_times = models.CharField(max_length=200, blank=True)
    do_not_text = models.BooleanField("do not text", default=False)
    safe_contact_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set when retention is reached and the identity is removed.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["owning_agency", "last_name"], name="yp_agency_name"),
            models.Index(fields=["date_of_birth"], name="yp_dob"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        known_as = f" ({self.preferred_name})" if self.preferred_name else ""
        return f"{self.first_name} {self.last_name}{known_as}"

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Case(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class ClosureReason(models.TextChoices):
        OUTCOMES_MET = "outcomes_met", "Outcomes met"
        RISK_REDUCED = "risk_reduced", "Risk reduced"
        DISENGAGED = "disengaged", "Young person disengaged"
        MOVED_AWAY = "moved_away", "Moved out of the area"
        TRANSFERRED = "transferred", "Transferred to another service"
        TURNED_EIGHTEEN = "turned_eighteen", "Turned 18"
        OTHER = "other", "Other"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.PROTECT, related_name="cases")
    owning_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, choices=ClosureReason.choices, blank=True)
    closure_outcome = models.TextField(blank=True)
    legal_hold = models.BooleanField(default=False)
    retention_until = models.DateField(null=True, blank=True)
    # The referral that opened the case, once referrals exist (a plain id until then).
    referral_id = models.BigIntegerField(null=True, blank=True)
    # Caseload figures kept on the case so a caseload is one query however long the history.
    # The first successful contact also gives reporting its "time to first contact".
    first_contact_at = models.DateTimeField(null=True, blank=True)
    last_contact_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    # When the current lead worker was allocated: first contact is due from then.
    allocated_at = models.DateTimeField(null=True, blank=True)
    # Set when retention is reached and the case's free text and identity are removed.
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: every change names the version it started from.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        permissions = [
            ("view_case_summary", "See a case's summary (shared at summary scope)"),
            ("view_case_full", "See a case's full record (shared at full scope)"),
            ("add_case_casework", "Add casework to a case (shared at joint scope)"),
        ]
        indexes = [
            models.Index(fields=["owning_agency", "status"], name="case_agency_status"),
            models.Index(fields=["lead_worker", "status"], name="case_lead_status"),
            models.Index(fields=["local_authority", "status"], name="case_la_status"),
            models.Index(fields=["status", "next_review_due"], name="case_review_due"),
            # The scheduled sweeps: each reads only the cases it may remind about.
            models.Index(
                fields=["allocated_at"],
                condition=Q(status="open", first_contact_at__isnull=True),
                name="case_awaiting_first_contact",
            ),
            models.Index(
                fields=["last_contact_at"], condition=Q(status="open"), name="case_open_contact"
            ),
            models.Index(
                fields=["retention_until"],
                condition=Q(status="closed", anonymised_at__isnull=True),
                name="case_retention_due",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class CaseWorker(models.Model):
    """A co-worker on a case besides the lead worker."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="co_workers")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_allocations"
    )
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "worker"],
                condition=Q(ends_on__isnull=True),
                name="case_worker_once",
            )
        ]
        indexes = [models.Index(fields=["worker", "ends_on"], name="caseworker_worker")]

    def __str__(self) -> str:
        return f"co-worker {self.worker_id} on case {self.case_id}"


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Case, on_delete=models.CASCADE)


class CaseworkEntry(models.Model):
    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", "One-to-one session"
        GROUP_WORK = "group_work", "Group work"
        AWARENESS = "awareness", "Awareness session"
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        JOINT_VISIT = "joint_visit", "Joint visit with a social worker"
        RETURN_HOME_INTERVIEW = "return_home_interview", "Return-home interview after missing"
        ADVOCACY = "advocacy", "Advocacy at a multi-agency meeting"
        PROFESSIONAL_CONSULTATION = "professional_consultation", "Consultation with a professional"
        ATTEMPTED_CONTACT = "attempted_contact", "Attempted contact"

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "Attended"
        DID_NOT_ATTEND = "did_not_attend", "Did not attend"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"
        NOT_APPLICABLE = "not_applicable", "Not applicable"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    # Contact with the young person that counts as "successful" for caseload flags.
    CONTACT_KINDS: ClassVar[frozenset[str]] = frozenset(
        {
            Kind.ONE_TO_ONE,
            Kind.GROUP_WORK,
            Kind.PHONE,
            Kind.TEXT,
            Kind.JOINT_VISIT,
            Kind.RETURN_HOME_INTERVIEW,
        }
    )

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=Attendance.choices)
    summary = models.TextField()
    young_persons_voice = models.TextField("the young person's voice", blank=True)
    restricted = models.BooleanField(
        default=False, help_text="Seen only inside the agency that owns the case."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FINAL)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    entered_in_error_at = models.DateTimeField(null=True, blank=True)
    entered_in_error_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    entered_in_error_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "casework entries"
        indexes = [
            models.Index(fields=["case", "-occurred_at"], name="entry_case_when"),
            models.Index(fields=["author", "status"], name="entry_author_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("cases:entry_detail", kwargs={"case_pk": self.case_id, "pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_entered_in_error(self) -> bool:
        return self.entered_in_error_at is not None

    @property
    def is_successful_contact(self) -> bool:
        return (
            self.status == self.Status.FINAL
            and not self.is_entered_in_error
            and self.kind in self.CONTACT_KINDS
            and self.attendance == self.Attendance.ATTENDED
        )


class CaseworkEntryRevision(models.Model):
    """The text of an entry before each edit: an entry's history, never lost."""

    entry = models.ForeignKey(CaseworkEntry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=30, choices=CaseworkEntry.Kind.choices)
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    attendance = models.CharField(max_length=20, choices=CaseworkEntry.Attendance.choices)
    summary = models.TextField()
    young_persons_voice = models.TextField(blank=True)
    restricted = models.BooleanField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="entry_revision_once")
        ]

    def __str__(self) -> str:
        return f"entry {self.entry_id} version {self.version}"


class RiskAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="risk_assessments")
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    # Codes of `Indicator`s; labels come from `cases.indicators.indicator_label_map`.
    indicators = models.JSONField(default=list, blank=True)
    rationale = models.TextField()
    assessed_on = models.DateField(default=timezone.localdate)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["case", "-assessed_on"], name="risk_case_when")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} risk on {self.assessed_on:%d %B %Y}"

    def indicator_labels(self, labels: Mapping[str, str]) -> list[str]:
        """The indicators by name, from a map read once for the whole page."""
        return [labels.get(code, code) for code in self.indicators]


class CasePlan(models.Model):
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="plan")
    summary = models.TextField(blank=True)
    young_persons_view = models.TextField("the young person's view of the plan", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"plan for case {self.case_id}"


class PlanGoal(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ACHIEVED = "achieved", "Achieved"
        STOPPED = "stopped", "No longer relevant"

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.TextField()
    young_persons_view = models.TextField("the young person's view", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    target_on = models.DateField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description[:50]


class CaseReview(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reviews")
    due_on = models.DateField()
    held_on = models.DateField(null=True, blank=True)
    outcome = models.TextField(blank=True)
    next_due_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-due_on", "-pk"]
        indexes = [
            models.Index(fields=["case", "-due_on"], name="review_case_due"),
            models.Index(
                fields=["due_on"], condition=Q(held_on__isnull=True), name="review_not_held"
            ),
        ]

    def __str__(self) -> str:
        return f"review due {self.due_on:%d %B %Y}"


class AgencyInvolvement(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="involvements")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    professional_name = models.CharField(max_length=150, blank=True)
    professional_role = models.CharField(max_length=150, blank=True)
    professional_email = models.EmailField(blank=True)
    professional_phone = models.CharField(max_length=40, blank=True)
    is_lead_professional = models.BooleanField(default=False)
    from_on = models.DateField(default=timezone.localdate)
    to_on = models.DateField(null=True, blank=True)
    # The evaluation warns that statutory agencies stepping back once a spoke worker is involved
    # undermines joint work: record when and why.
    stepped_back_on = models.DateField(null=True, blank=True)
    stepped_back_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-from_on", "-pk"]
        indexes = [models.Index(fields=["case", "-from_on"], name="involvement_case_from")]

    def __str__(self) -> str:
        return f"{self.agency} on case {self.case_id}"


class CaseShare(models.Model):
    class Scope(models.TextChoices):
        SUMMARY = "summary", "Summary: identity, risk, who is involved, how to reach the worker"
        FULL = "full", "Full: the record except restricted entries"
        JOINT = "joint", "Joint: the full record, and may add casework"

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "Consent recorded"
        SAFEGUARDING = (
            "safeguarding",
            "Safeguarding without consent (Data Protection Act 2018, Schedule 8)",
        )
        LEGAL_DUTY = "legal_duty", "Legal duty"

    # The object permissions each scope grants, in the order they widen.
    PERMISSIONS: ClassVar[dict[str, tuple[str, ...]]] = {
        Scope.SUMMARY: ("view_case_summary",),
        Scope.FULL: ("view_case_summary", "view_case_full"),
        Scope.JOINT: ("view_case_summary", "view_case_full", "add_case_casework"),
    }

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Share with one named professional instead of their whole agency.",
    )
    scope = models.CharField(max_length=10, choices=Scope.choices)
    lawful_basis = models.CharField(max_length=20, choices=LawfulBasis.choices)
    consent_recorded_on = models.DateField(null=True, blank=True)
    agreement = models.ForeignKey(
        InformationSharingAgreement,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reason = models.TextField()
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    shared_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=False, professional__isnull=True)
                    | Q(agency__isnull=True, professional__isnull=False)
                ),
                name="share_to_agency_or_professional",
                violation_error_message="Share with an agency or with one professional.",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "revoked_at"], name="share_case_live"),
            models.Index(fields=["revoked_at", "expires_on"], name="share_expiry"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} share of case {self.case_id}"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None


class BreakGlassAccess(models.Model):
    """An administrator's time-limited, reasoned access to one case's content."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_expiry")]

    def __str__(self) -> str:
        return f"break-glass on case {self.case_id}"
