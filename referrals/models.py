"""A referral: a statutory practitioner asks the hub to work with a young person.

The young person is recorded as the referrer knows them; the hub links the referral to a young
person it already knows, or confirms a new one, only at triage. Every step keeps its timestamp so
that time to triage and time to first contact can be reported.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, YoungPerson
from partners.models import Agency, LocalAuthority


class Referral(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        SCREENING = "screening", "Being screened"
        ACCEPTED = "accepted", "Accepted"
        ALLOCATED = "allocated", "Allocated"
        DECLINED = "declined", "Declined"
        SIGNPOSTED = "signposted", "Signposted to another service"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Urgency(models.TextChoices):
        URGENT = "urgent", "Urgent: a risk of significant harm now"
        PRIORITY = "priority", "Priority: within 2 working days"
        ROUTINE = "routine", "Routine: within 5 working days"

    class NoConsentBasis(models.TextChoices):
        SAFEGUARDING = (
            "safeguarding",
            "To safeguard the young person (Data Protection Act 2018, Schedule 8)",
        )
        LEGAL_DUTY = "legal_duty", "A legal duty to share"
        NOT_SAFE_TO_ASK = "not_safe_to_ask", "Asking would put the young person at greater risk"

    class ParentsAware(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"
        NOT_APPROPRIATE = "not_appropriate", "Telling them would not be safe"

    class MatchDecision(models.TextChoices):
        LINKED = "linked", "Linked to a young person the hub knows"
        NEW = "new", "Confirmed as a young person new to the hub"

    # Where a decision is a final answer to the referrer.
    DECIDED: ClassVar[frozenset[str]] = frozenset(
        {Status.ACCEPTED, Status.ALLOCATED, Status.DECLINED, Status.SIGNPOSTED}
    )
    # Before a decision the referrer may still withdraw it.
    WITHDRAWABLE: ClassVar[frozenset[str]] = frozenset({Status.SUBMITTED, Status.SCREENING})

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The referrer.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referrer_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    referrer_phone = models.CharField("your phone number", max_length=40, blank=True)
    # Where it goes.
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The local authority where the young person lives.",
    )
    hub = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="referrals_received", null=True, blank=True
    )
    # The young person as the referrer knows them.
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(
        max_length=20, choices=YoungPerson.Gender.choices, default=YoungPerson.Gender.NOT_KNOWN
    )
    address_area = models.CharField(
        "area or postcode district", max_length=100, blank=True, help_text="For example, AB1."
    )
    school_or_setting = models.CharField(max_length=200, blank=True)
    # Screening by the referrer.
    indicators = models.JSONField(default=list, blank=True)
    narrative = models.TextField("what has happened and why you are worried", blank=True)
    urgency = models.CharField(max_length=10, choices=Urgency.choices, blank=True)
    # Consent.
    young_person_aware = models.BooleanField(null=True, blank=True)
    young_person_consents = models.BooleanField(null=True, blank=True)
    no_consent_basis = models.CharField(max_length=20, choices=NoConsentBasis.choices, blank=True)
    no_consent_reason = models.TextField(blank=True)
    parents_aware = models.CharField(max_length=20, choices=ParentsAware.choices, blank=True)
    # Triage by the hub.
    screening_notes = models.TextField(blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    young_person = models.ForeignKey(
        YoungPerson, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True
    )
    match_decision = models.CharField(max_length=10, choices=MatchDecision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decision_reason = models.TextField(blank=True)
    signposted_to = models.CharField(max_length=200, blank=True)
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The case the referral opened, or the open case it joined when the hub already works with
    # the young person (so a case may have several referrals).
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True
    )
    withdrawn_reason = models.TextField(blank=True)
    # Every step's time, for reporting time to triage and to first contact.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    screening_started_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking, as on cases: every change names the version it started from.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status", "submitted_at"], name="referral_hub_queue"),
            models.Index(fields=["referrer", "-created_at"], name="referral_referrer"),
            models.Index(fields=["referrer_agency", "-created_at"], name="referral_agency"),
            models.Index(fields=["allocated_worker", "status"], name="referral_worker"),
            models.Index(fields=["local_authority", "submitted_at"], name="referral_la_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="referral_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="allocated") | Q(case__isnull=False),
                name="referral_allocated_has_case",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"R{self.pk:06d}"

    @property
    def display_name(self) -> str:
        known_as = f" ({self.known_as})" if self.known_as else ""
        name = f"{self.first_name} {self.last_name}".strip() or "Name not given"
        return f"{name}{known_as}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED

    @property
    def first_contact_at(self) -> datetime.datetime | None:
        """The first successful contact with the young person once a case has opened."""
        return self.case.first_contact_at if self.case is not None else None

    def age_on(self, day: datetime.date) -> int | None:
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class NameVariant(models.Model):
    """A nickname or short form that matching treats as the same first name (Beth and Elizabeth).

    Administrators maintain the list; it is seeded with common English forms.
    """

    name = models.CharField(max_length=50, help_text="Lower case, for example 'beth'.")
    canonical = models.CharField(max_length=50, help_text="Lower case, for example 'elizabeth'.")

    class Meta:
        ordering = ["canonical", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "canonical"], name="name_variant")]

    def __str__(self) -> str:
        return f"{self.name} → {self.canonical}"
