"""The spoke worker's work with practitioners and groups: consultancy, training, awareness and
group work, shared resources, practice challenge, and the balance a hub aims for.

None of it is casework about one child, except group-work attendance, which writes a casework
entry on each attending young person's case. Free text here is about practice, not children:
forms say so, and a consultancy about a young person who is not named is checked for what looks
like a name and a date of birth before it is sent.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseworkEntry, YoungPerson
from partners.models import Agency, LocalAuthority


class Urgency(models.TextChoices):
    URGENT = "urgent", "Urgent: a young person may be at risk now"
    SOON = "soon", "Soon: within 2 working days"
    ROUTINE = "routine", "Routine: within 5 working days"


class Topic(models.TextChoices):
    """What consultancy, training and awareness sessions were about, for reporting."""

    RECOGNISING = "recognising", "Recognising signs of exploitation"
    RISK = "risk", "Assessing risk"
    LANGUAGE = "language", "Language and victim-blaming"
    ENGAGEMENT = "engagement", "Engaging the young person"
    ONLINE = "online", "Online exploitation"
    MISSING = "missing", "Missing episodes and return-home interviews"
    DISRUPTION = "disruption", "Disrupting perpetrators"
    INFORMATION_SHARING = "information_sharing", "Information sharing and consent"
    REFERRAL = "referral", "Whether and how to refer"
    SAFETY_PLANNING = "safety_planning", "Safety planning"
    FAMILY = "family", "Working with parents and carers"
    HEALTHY_RELATIONSHIPS = "healthy_relationships", "Healthy relationships and consent"
    OTHER = "other", "Other"


class ConsultancyRequest(models.Model):
    """A practitioner asks a spoke worker for advice about a young person or their practice."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for a worker"
        ASSIGNED = "assigned", "With a worker"
        ADVISED = "advised", "Advice given"
        FOLLOW_UP = "follow_up", "Follow-up question asked"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class About(models.TextChoices):
        CASE = "case", "A young person whose case the hub has shared with my agency"
        UNNAMED = "unnamed", "A young person I will not name"

    class PreferredContact(models.TextChoices):
        PHONE = "phone", "Phone call"
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"
        IN_WRITING = "in_writing", "In writing, through CSE Hub"

    # Waiting on the hub: reminders and the worker's inbox.
    AWAITING_HUB: ClassVar[frozenset[str]] = frozenset(
        {Status.REQUESTED, Status.ASSIGNED, Status.FOLLOW_UP}
    )
    # Still open: the requester may withdraw and the hub may still answer.
    OPEN: ClassVar[frozenset[str]] = frozenset(
        {Status.REQUESTED, Status.ASSIGNED, Status.ADVISED, Status.FOLLOW_UP}
    )

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultancy_requests"
    )
    requester_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    requester_phone = models.CharField("your phone number", max_length=40, blank=True)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    hub = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="consultancy_requests_received"
    )
    responding_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # Who it is about: a case shared with the requester, or nobody named.
    about = models.CharField(max_length=10, choices=About.choices)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="consultancy_requests", null=True, blank=True
    )
    young_person_age = models.PositiveSmallIntegerField(
        "age of the young person", null=True, blank=True
    )
    young_person_gender = models.CharField(
        "gender of the young person",
        max_length=20,
        choices=YoungPerson.Gender.choices,
        default=YoungPerson.Gender.NOT_KNOWN,
    )
    question = models.TextField("your question")
    urgency = models.CharField(max_length=10, choices=Urgency.choices)
    preferred_contact = models.CharField(
        "how you would like to talk", max_length=12, choices=PreferredContact.choices
    )
    # The requester was warned that the text looked identifying and chose to send it anyway.
    identifying_details_confirmed = models.BooleanField(default=False)
    # Recorded by the worker, across all their advice.
    topics = models.JSONField(default=list, blank=True)
    # A referral that followed, linked afterwards.
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.PROTECT,
        related_name="consultancy_requests",
        null=True,
        blank=True,
    )
    referral_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The requester's verdict.
    helpful = models.BooleanField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closing_note = models.TextField(blank=True)
    # Every step's time, for reminders and reporting.
    requested_at = models.DateTimeField(default=timezone.now)
    assigned_at = models.DateTimeField(null=True, blank=True)
    first_advised_at = models.DateTimeField(null=True, blank=True)
    last_advised_at = models.DateTimeField(null=True, blank=True)
    follow_up_at = models.DateTimeField(null=True, blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    referral_linked_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status", "requested_at"], name="consultancy_hub_queue"),
            models.Index(fields=["requester", "-requested_at"], name="consultancy_requester"),
            models.Index(fields=["requester_agency", "-requested_at"], name="consultancy_agency"),
            models.Index(fields=["responding_worker", "status"], name="consultancy_worker"),
            models.Index(fields=["local_authority", "requested_at"], name="consultancy_la_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(about="unnamed", case__isnull=True)
                | Q(about="case", case__isnull=False),
                name="consultancy_case_matches_about",
            ),
            models.CheckConstraint(
                condition=Q(helpful__isnull=True) | Q(feedback_at__isnull=False),
                name="consultancy_helpful_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"Consultancy {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("consultancy:request_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"C{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_about_case(self) -> bool:
        return self.about == self.About.CASE

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topics]


class ConsultancyMessage(models.Model):
    """One turn after the question: the worker's advice, or the requester's follow-up."""

    class Kind(models.TextChoices):
        ADVICE = "advice", "Advice"
        FOLLOW_UP = "follow_up", "Follow-up question"

    request = models.ForeignKey(
        ConsultancyRequest, on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    # Advice only: when it was given (a phone call may be written up later), for how long, and
    # what was agreed to happen next.
    given_on = models.DateField(null=True, blank=True)
    time_spent_minutes = models.PositiveIntegerField(null=True, blank=True)
    agreed_follow_up = models.TextField("agreed follow-up", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["request", "created_at"], name="consultancy_message_thread"),
            models.Index(fields=["author", "kind", "given_on"], name="consultancy_advice_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="follow_up")
                | Q(given_on__isnull=False, time_spent_minutes__isnull=False),
                name="consultancy_advice_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on consultancy {self.request_id}"

    @property
    def is_advice(self) -> bool:
        return self.kind == self.Kind.ADVICE


class TrainingSession(models.Model):
    """Training a hub's workers plan and deliver to practitioners in a local authority."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DELIVERED = "delivered", "Delivered"
        CANCELLED = "cancelled", "Cancelled"

    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="training_sessions")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    audience = models.CharField(
        "who it is for", max_length=200, help_text="For example, social workers in the MASH."
    )
    topics = models.JSONField(default=list, blank=True)
    description = models.TextField(blank=True)
    delivered_on = models.DateField("date")
    duration_minutes = models.PositiveIntegerField("length in minutes")
    venue = models.CharField(max_length=200, blank=True)
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="training_delivered")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    # A summary of what attendees said in their evaluations.
    feedback = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["hub", "-delivered_on"], name="training_hub_when"),
            models.Index(fields=["local_authority", "delivered_on"], name="training_la_when"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultancy:training_detail", kwargs={"pk": self.pk})

    @property
    def is_delivered(self) -> bool:
        return self.status == self.Status.DELIVERED


class TrainingAttendance(models.Model):
    """Who came from an agency: one named attendee who is a user, or a count of people.

    Confidence is the attendee's own score from 1 to 5 before and after, or for a count the
    average of the group's evaluation forms.
    """

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    attendee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_attended",
        null=True,
        blank=True,
    )
    count = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    confidence_before = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    confidence_after = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendee__isnull=True) | Q(count=1),
                name="training_named_attendee_is_one",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="training_count_positive"),
            models.CheckConstraint(
                condition=Q(confidence_before__isnull=True)
                | Q(confidence_before__gte=1, confidence_before__lte=5),
                name="training_confidence_before_range",
            ),
            models.CheckConstraint(
                condition=Q(confidence_after__isnull=True)
                | Q(confidence_after__gte=1, confidence_after__lte=5),
                name="training_confidence_after_range",
            ),
            models.UniqueConstraint(
                fields=["session", "attendee"],
                condition=Q(attendee__isnull=False),
                name="training_attendee_once",
            ),
            models.UniqueConstraint(
                fields=["session", "agency"],
                condition=Q(attendee__isnull=True),
                name="training_agency_count_once",
            ),
        ]
        indexes = [models.Index(fields=["attendee"], name="training_attendee")]

    def __str__(self) -> str:
        return f"{self.count} from agency {self.agency_id} at training {self.session_id}"

    @property
    def is_named(self) -> bool:
        return self.attendee_id is not None


class AwarenessSession(models.Model):
    """A session raising awareness of exploitation with a group of young people."""

    class Setting(models.TextChoices):
        SCHOOL = "school", "School"
        COLLEGE = "college", "College"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision or PRU"
        YOUTH_CLUB = "youth_club", "Youth club"
        CHILDRENS_HOME = "childrens_home", "Children's home or supported accommodation"
        COMMUNITY = "community", "Community or faith group"
        ONLINE = "online", "Online"
        OTHER = "other", "Other"

    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="awareness_sessions")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    setting = models.CharField(max_length=30, choices=Setting.choices)
    setting_name = models.CharField(
        "name of the school or setting", max_length=200, help_text="For example, Ashdown Academy."
    )
    delivered_on = models.DateField("date")
    duration_minutes = models.PositiveIntegerField("length in minutes")
    young_people_reached = models.PositiveIntegerField("number of young people")
    age_from = models.PositiveSmallIntegerField("youngest age")
    age_to = models.PositiveSmallIntegerField("oldest age")
    topics = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    delivered_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="awareness_delivered"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [
            models.Index(fields=["hub", "-delivered_on"], name="awareness_hub_when"),
            models.Index(fields=["local_authority", "delivered_on"], name="awareness_la_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_to__gte=F("age_from")), name="awareness_ages_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Awareness session at {self.setting_name}"

    def get_absolute_url(self) -> str:
        return reverse("consultancy:awareness_detail", kwargs={"pk": self.pk})


class GroupWorkProgramme(models.Model):
    """A run of group sessions with young people whose cases are open with the hub."""

    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="group_programmes")
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    setting_name = models.CharField("where it meets", max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="group_programmes")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["hub", "-starts_on"], name="group_programme_hub")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="group_programme_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultancy:programme_detail", kwargs={"pk": self.pk})


class GroupWorkParticipant(models.Model):
    """A young person (by their open case) taking part in a programme."""

    programme = models.ForeignKey(
        GroupWorkProgramme, on_delete=models.CASCADE, related_name="participants"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="group_programmes")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "case"], name="group_participant_once")
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} in programme {self.programme_id}"


class GroupWorkSession(models.Model):
    """One meeting of a programme; its attendance writes casework on each young person's case."""

    programme = models.ForeignKey(
        GroupWorkProgramme, on_delete=models.PROTECT, related_name="sessions"
    )
    held_at = models.DateTimeField()
    duration_minutes = models.PositiveIntegerField("length in minutes")
    topic = models.CharField("what the session covered", max_length=200)
    # About the group, never one young person: their own notes go on their casework entry.
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_at", "-pk"]
        indexes = [models.Index(fields=["programme", "-held_at"], name="group_session_when")]

    def __str__(self) -> str:
        return f"{self.topic} on {self.held_at:%d %B %Y}"


class GroupWorkAttendance(models.Model):
    """Whether one young person came to one session, and the casework entry that says so."""

    session = models.ForeignKey(
        GroupWorkSession, on_delete=models.PROTECT, related_name="attendance"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    attendance = models.CharField(max_length=20, choices=CaseworkEntry.Attendance.choices)
    entry = models.OneToOneField(
        CaseworkEntry, on_delete=models.PROTECT, related_name="group_attendance"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "case"], name="group_attendance_once")
        ]

    def __str__(self) -> str:
        return f"case {self.case_id} at group session {self.session_id}"


def resource_upload_to(instance: ResourceVersion, filename: str) -> str:
    """A random name under the resource: never the uploader's file name, which may say anything."""
    return f"resources/{instance.resource_id}/{uuid.uuid4().hex}"


class Resource(models.Model):
    """A tool, leaflet or guide a hub shares with partner agencies."""

    class Kind(models.TextChoices):
        TOOL = "tool", "Assessment or practice tool"
        LEAFLET = "leaflet", "Leaflet"
        GUIDE = "guide", "Guide"
        TEMPLATE = "template", "Template or form"
        PRESENTATION = "presentation", "Presentation or training material"
        OTHER = "other", "Other"

    class Audience(models.TextChoices):
        LOCAL_AUTHORITIES = "local_authorities", "Every partner agency in chosen local authorities"
        AGENCIES = "agencies", "Named agencies only"

    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="resources")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    local_authorities = models.ManyToManyField(LocalAuthority, related_name="+", blank=True)
    agencies = models.ManyToManyField(Agency, related_name="+", blank=True)
    # The version partners download; the older ones stay for the hub's own record.
    current_version = models.ForeignKey(
        "ResourceVersion", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["hub", "withdrawn_at"], name="resource_hub_live")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultancy:resource_detail", kwargs={"pk": self.pk})

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ResourceVersion(models.Model):
    """One uploaded file of a resource; a new upload makes a new version, never overwrites."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=resource_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    change_note = models.CharField("what changed", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "number"], name="resource_version_once")
        ]

    def __str__(self) -> str:
        return f"version {self.number} of resource {self.resource_id}"


class PracticeChallenge(models.Model):
    """A worker's constructive challenge of another agency's practice, and how it ended."""

    class Category(models.TextChoices):
        CLOSED_TOO_EARLY = "closed_too_early", "Case closed or stepped down too early"
        VICTIM_BLAMING = "victim_blaming", "Young person described as making choices"
        THRESHOLD = "threshold", "Threshold not met or referral refused"
        NO_STRATEGY_MEETING = "no_strategy_meeting", "No strategy meeting or discussion"
        MISSING_NOT_FOLLOWED_UP = "missing_not_followed_up", "Missing episode not followed up"
        INFORMATION_NOT_SHARED = "information_not_shared", "Information not shared"
        DISRUPTION = "disruption", "No action to disrupt perpetrators"
        OTHER = "other", "Other"

    class Level(models.IntegerChoices):
        PRACTITIONER = 1, "Practitioner"
        MANAGER = 2, "Manager"
        HEAD_OF_SERVICE = 3, "Head of service"
        PARTNERSHIP = 4, "Safeguarding partnership"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    class Outcome(models.TextChoices):
        PRACTICE_CHANGED = "practice_changed", "Practice changed"
        PARTLY = "partly", "Partly agreed"
        NOT_AGREED = "not_agreed", "Not agreed, and not taken further"
        WITHDRAWN = "withdrawn", "Withdrawn by the worker"

    hub = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="challenges_raised")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="challenges_raised"
    )
    raised_on = models.DateField()
    challenged_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="challenges_received"
    )
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="practice_challenges", null=True, blank=True
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    concern = models.TextField("the concern")
    level = models.PositiveSmallIntegerField(
        "escalation level", choices=Level.choices, default=Level.PRACTITIONER
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    resolution = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["hub", "status"], name="challenge_hub_status"),
            models.Index(fields=["challenged_agency", "status"], name="challenge_agency_status"),
            models.Index(fields=["local_authority", "raised_on"], name="challenge_la_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(resolved_on__isnull=False),
                name="challenge_resolved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Practice challenge {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("consultancy:challenge_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        return f"P{self.pk:06d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ChallengeEscalation(models.Model):
    """A challenge raised, or taken up a level, on a date: the challenge's history."""

    challenge = models.ForeignKey(
        PracticeChallenge, on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.PositiveSmallIntegerField(choices=PracticeChallenge.Level.choices)
    escalated_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["escalated_on", "pk"]

    def __str__(self) -> str:
        return f"challenge {self.challenge_id} at level {self.level}"


class BalanceTarget(models.Model):
    """The share of a spoke worker's hours a hub aims to give to each kind of work (percent)."""

    hub = models.OneToOneField(Agency, on_delete=models.PROTECT, related_name="balance_target")
    direct_work = models.PositiveSmallIntegerField("direct work with young people")
    consultancy = models.PositiveSmallIntegerField()
    training = models.PositiveSmallIntegerField()
    awareness = models.PositiveSmallIntegerField("awareness sessions")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    direct_work=100 - F("consultancy") - F("training") - F("awareness"),
                ),
                name="balance_target_adds_up",
                violation_error_message="The shares must add up to 100%.",
            ),
        ]

    def __str__(self) -> str:
        return f"balance target of hub {self.hub_id}"
