"""The partnership: who works where, in which role, placed where, sharing under what agreement."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class LocalAuthority(models.Model):
    class Region(models.TextChoices):
        NORTH_EAST = "north_east", "North East"
        NORTH_WEST = "north_west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east_midlands", "East Midlands"
        WEST_MIDLANDS = "west_midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south_east", "South East"
        SOUTH_WEST = "south_west", "South West"

    name = models.CharField(max_length=120)
    gss_code = models.CharField(
        "ONS/GSS code", max_length=9, unique=True, help_text="For example E10000002."
    )
    region = models.CharField(max_length=20, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class AgencyQuerySet(models.QuerySet["Agency"]):
    def hubs(self) -> AgencyQuerySet:
        return self.filter(kind=Agency.Kind.CSE_HUB)


class Agency(models.Model):
    class Sector(models.TextChoices):
        VOLUNTARY = "voluntary", "Voluntary"
        STATUTORY = "statutory", "Statutory"
        PARTNERSHIP = "partnership", "Safeguarding partnership"
        NATIONAL = "national", "Funder or national body"

    class Kind(models.TextChoices):
        CSE_HUB = "cse_hub", "CSE service hub"
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership", "Safeguarding partnership"
        COMMISSIONER = "commissioner", "Commissioner or funder"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="agencies", blank=True)
    # One Django group per agency: object permissions shared with the agency are granted to it.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="agency")
    email = models.EmailField("shared inbox", blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)

    objects: ClassVar[AgencyQuerySet] = AgencyQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"
        indexes = [models.Index(fields=["kind"], name="partners_agency_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub(self) -> bool:
        return self.kind == self.Kind.CSE_HUB


class Role(models.TextChoices):
    SPOKE_WORKER = "spoke_worker", "Spoke worker"
    HUB_MANAGER = "hub_manager", "Hub manager"
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    PARTNERSHIP_MANAGER = "partnership_manager", "Partnership manager"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMINISTRATOR = "administrator", "System administrator"


def _check_dates(record: Membership | SpokePlacement) -> None:
    """Report an end before the start on the end date, where a form can show it."""
    if record.ends_on and record.starts_on and record.ends_on < record.starts_on:
        raise ValidationError({"ends_on": "The end date must be on or after the start date."})


def in_force_on(day: datetime.date) -> Q:
    """Rows with `starts_on` and an optional, exclusive `ends_on` that apply on `day`."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class DatedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """Rows with `starts_on` and an optional `ends_on` (exclusive), active on a given day."""

    def active(self, on: datetime.date | None = None) -> DatedQuerySet:
        return self.filter(in_force_on(on or timezone.localdate()))


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(
        null=True, blank=True, help_text="The first day it no longer applies."
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="membership_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "ends_on"], name="membership_user_active"),
            models.Index(fields=["agency", "role"], name="membership_agency_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.agency}"

    def clean(self) -> None:
        _check_dates(self)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)


class SpokePlacement(models.Model):
    class LocationModel(models.TextChoices):
        CO_LOCATED_STATUTORY = "co_located_statutory", "Co-located with a statutory team"
        CO_LOCATED_VOLUNTARY = "co_located_voluntary", "Co-located with a voluntary partner"
        HUB_BASED = "hub_based", "Hub-based"
        OUTREACH = "outreach", "Outreach with no physical base"
        HYBRID = "hybrid", "Hybrid"

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="placements"
    )
    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="placements")
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="placements"
    )
    host_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="hosted_placements",
        null=True,
        blank=True,
        help_text="Leave empty for outreach with no physical base.",
    )
    location_model = models.CharField(max_length=30, choices=LocationModel.choices)
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    champion_name = models.CharField("statutory champion", max_length=150, blank=True)
    champion_job_title = models.CharField("champion's job title", max_length=150, blank=True)
    champion_email = models.EmailField("champion's email", blank=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["local_authority__name", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
                violation_error_code="ends_before_start",
                violation_error_message="A placement cannot end before it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["hub", "ends_on"], name="placement_hub_active"),
            models.Index(fields=["worker", "ends_on"], name="placement_worker_active"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} in {self.local_authority}"

    def get_absolute_url(self) -> str:
        return reverse("partners:placement_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        _check_dates(self)

    def is_active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)

    @property
    def has_champion(self) -> bool:
        return bool(self.champion_name.strip())


class InformationSharingAgreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        ENDED = "ended", "Ended"

    class LawfulBasis(models.TextChoices):
        CONSENT = "consent", "Consent (UK GDPR Article 6(1)(a))"
        LEGAL_OBLIGATION = "legal_obligation", "Legal obligation (Article 6(1)(c))"
        VITAL_INTERESTS = "vital_interests", "Vital interests (Article 6(1)(d))"
        PUBLIC_TASK = "public_task", "Public task (Article 6(1)(e))"
        SAFEGUARDING = (
            "safeguarding",
            "Safeguarding of children (Data Protection Act 2018, Schedule 1, paragraph 18)",
        )

    title = models.CharField(max_length=200)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, related_name="sharing_agreements"
    )
    parties = models.ManyToManyField(Agency, related_name="sharing_agreements")
    scope = models.TextField(
        "what may be shared", help_text="The information, and for what purpose."
    )
    lawful_basis = models.CharField(max_length=30, choices=LawfulBasis.choices)
    signed_on = models.DateField(null=True, blank=True)
    review_due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    document_reference = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["local_authority__name", "title"]
        indexes = [
            models.Index(fields=["status", "review_due_on"], name="agreement_review_due"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partners:agreement_detail", kwargs={"pk": self.pk})

    def is_current_on(self, day: datetime.date) -> bool:
        return self.status == self.Status.ACTIVE and (
            self.review_due_on is None or self.review_due_on >= day
        )


class SupervisionRecord(models.Model):
    class Kind(models.TextChoices):
        HUB = "hub", "Hub supervision"
        HOST = "host", "Host agency supervision"

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions"
    )
    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="supervisions")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisions_given"
    )
    held_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Themes and actions about the worker's practice; never a child's details.
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["worker", "-held_on"], name="supervision_worker_held")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("partners:supervision_detail", kwargs={"pk": self.pk})


class ReminderSettings(models.Model):
    """A hub's thresholds for the scheduled reminders; a hub without a row uses the defaults.

    Working days leave out weekends and England and Wales bank holidays.
    """

    # Ranges a form and the API accept for each threshold.
    LIMITS: ClassVar[dict[str, tuple[int, int]]] = {
        "referral_screening_working_days": (1, 10),
        "first_contact_working_days": (1, 20),
        "first_contact_escalation_working_days": (1, 40),
        "no_contact_days": (3, 60),
        "review_weeks_high": (1, 12),
        "review_weeks_medium": (1, 26),
        "review_weeks_low": (1, 52),
        "review_notice_days": (1, 28),
        "consultancy_working_days": (1, 10),
        "share_expiry_notice_days": (1, 30),
        "agreement_review_notice_days": (7, 90),
        "supervision_weeks": (1, 12),
    }

    hub = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="reminder_settings")
    referral_screening_working_days = models.PositiveSmallIntegerField(
        "referral not yet screened after (working days)", default=2
    )
    first_contact_working_days = models.PositiveSmallIntegerField(
        "no first contact: tell the worker after (working days from allocation)", default=5
    )
    first_contact_escalation_working_days = models.PositiveSmallIntegerField(
        "no first contact: tell the hub's managers after (working days from allocation)",
        default=10,
    )
    no_contact_days = models.PositiveSmallIntegerField(
        "no successful contact: tell the worker after (days)", default=14
    )
    review_weeks_high = models.PositiveSmallIntegerField(
        "review every (weeks) at high risk", default=4
    )
    review_weeks_medium = models.PositiveSmallIntegerField(
        "review every (weeks) at medium risk", default=8
    )
    review_weeks_low = models.PositiveSmallIntegerField(
        "review every (weeks) at low risk", default=12
    )
    review_notice_days = models.PositiveSmallIntegerField(
        "tell the worker a review is due (days before)", default=7
    )
    consultancy_working_days = models.PositiveSmallIntegerField(
        "consultancy request unanswered after (working days)", default=3
    )
    share_expiry_notice_days = models.PositiveSmallIntegerField(
        "tell the sharer a share is ending (days before)", default=7
    )
    agreement_review_notice_days = models.PositiveSmallIntegerField(
        "sharing agreement review due (days before)", default=30
    )
    supervision_weeks = models.PositiveSmallIntegerField(
        "supervision overdue after (weeks without a record)", default=4
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "reminder settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    first_contact_escalation_working_days__gte=models.F(
                        "first_contact_working_days"
                    )
                ),
                name="reminders_escalate_after_worker",
                violation_error_message="Tell the managers no sooner than the worker.",
            ),
        ]

    def __str__(self) -> str:
        return f"reminder settings of hub {self.hub_id}"

    @classmethod
    def field_names(cls) -> list[str]:
        return list(cls.LIMITS)

    def review_interval(self, risk_level: str) -> datetime.timedelta:
        """How long after a review (or the case opening) the next one falls due."""
        weeks = {
            "high": self.review_weeks_high,
            "medium": self.review_weeks_medium,
            "low": self.review_weeks_low,
        }[risk_level]
        return datetime.timedelta(weeks=weeks)
