"""Summary tables behind the dashboards: counts by month, local authority and hub, rebuilt
together by `dashboards.services.summaries_refresh` from the records themselves.

Nothing here names a young person. Rows hold counts, minutes and the ids of places and
organisations; the one table keyed by case (`CaseAttribution`) is a working table of the refresh,
never read by a page, an API response or an export. Every table is replaced whole, in one
transaction, so a dashboard never mixes figures of two refreshes.

`month` is a month index, `year * 12 + month - 1` (see `dashboards.periods`), in Europe/London.
Foreign keys carry no database constraint: the tables are derived, rebuilt in bulk, and must
never stand in the way of a change to the records they count.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cases.models import Case, RiskLevel
from partners.models import Agency, LocalAuthority


def _place(model: type[models.Model] | str, **options: object) -> models.ForeignKey:  # type: ignore[type-arg]
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        null=True,
        blank=True,
        **options,  # type: ignore[arg-type]
    )


class SummaryState(models.Model):
    """The one row that says which refresh the summary tables hold, and as of when."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Goes up by one with every refresh: cached dashboards are keyed by it.
    version = models.PositiveIntegerField(default=0)
    # When the refresh read the records: every figure is as of this moment.
    as_of = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"summaries version {self.version}"


class CalendarMonth(models.Model):
    """Each month's first and last day, so set-based SQL can ask what was in force in a month."""

    month = models.PositiveIntegerField(primary_key=True)
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["month"]

    def __str__(self) -> str:
        return f"{self.first_day:%B %Y}"


class Event(models.TextChoices):
    OPENED = "opened", "Opened"
    CLOSED = "closed", "Closed"
    RAISED = "raised", "Raised"
    RESOLVED = "resolved", "Resolved"


class CaseAttribution(models.Model):
    """A working table of the refresh: where each case counts (its place, the location model of
    its lead worker's placement, its risk at opening, whether it is at the statutory threshold).
    Read only by the refresh itself."""

    case = models.OneToOneField(
        Case,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="dashboard_attribution",
    )
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    lead_worker = _place(settings.AUTH_USER_MODEL)
    # Empty where the lead worker has no placement with the hub.
    location_model = models.CharField(max_length=30, blank=True)
    initial_risk = models.CharField(max_length=10, choices=RiskLevel.choices)
    at_threshold = models.BooleanField()
    opened_month = models.PositiveIntegerField()
    closed_month = models.PositiveIntegerField(null=True, blank=True)
    closure_reason = models.CharField(max_length=30, blank=True)

    def __str__(self) -> str:
        return f"attribution of case {self.case_id}"


class ReferralMonth(models.Model):
    """Referrals submitted in a month, by where, who referred and where each stands now."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    referrer_agency = _place(Agency)
    agency_kind = models.CharField(max_length=30)
    status = models.CharField(max_length=12)
    referrals = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_referral_la"),
            models.Index(fields=["hub", "month"], name="dash_referral_hub"),
            models.Index(fields=["month"], name="dash_referral_month"),
        ]

    def __str__(self) -> str:
        return f"{self.referrals} referrals in month {self.month}"


class TimingHistogram(models.Model):
    """How many referrals submitted in a month took so many whole hours to a step: percentiles
    need the distribution, which monthly counts alone cannot give."""

    class Measure(models.TextChoices):
        TRIAGE = "triage", "Time to triage"
        FIRST_CONTACT = "first_contact", "Time to first contact"

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    # Whole hours, capped: anything longer counts as the cap (see services.HOURS_CAP).
    hours = models.PositiveIntegerField()
    referrals = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_timing_la"),
            models.Index(fields=["hub", "month"], name="dash_timing_hub"),
            models.Index(fields=["month"], name="dash_timing_month"),
        ]

    def __str__(self) -> str:
        return f"{self.referrals} referrals at {self.hours} hours"


class CaseRiskChange(models.Model):
    """How the number of open cases at each risk level changed in a month (+1 when a case opens
    or enters a level, -1 when it closes or leaves it): the open cases at the end of any month
    are the sum of the changes up to it."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    location_model = models.CharField(max_length=30, blank=True)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    change = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_risk_la"),
            models.Index(fields=["hub", "month"], name="dash_risk_hub"),
            models.Index(fields=["month"], name="dash_risk_month"),
        ]

    def __str__(self) -> str:
        return f"{self.change:+d} {self.risk_level} in month {self.month}"


class CaseloadChange(models.Model):
    """How a lead worker's open cases changed in a month; summed, their caseload at its end."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    worker = _place(settings.AUTH_USER_MODEL)
    change = models.IntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_caseload_la"),
            models.Index(fields=["hub", "month"], name="dash_caseload_hub"),
            models.Index(fields=["month"], name="dash_caseload_month"),
        ]

    def __str__(self) -> str:
        return f"{self.change:+d} cases in month {self.month}"


class CaseFlowMonth(models.Model):
    """Cases opened (by risk at opening, and whether at the statutory threshold) and closed (by
    reason) in a month."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    location_model = models.CharField(max_length=30, blank=True)
    event = models.CharField(max_length=10, choices=Event.choices)
    risk_level = models.CharField(max_length=10, blank=True)
    at_threshold = models.BooleanField(default=False)
    closure_reason = models.CharField(max_length=30, blank=True)
    cases = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_flow_la"),
            models.Index(fields=["hub", "month"], name="dash_flow_hub"),
            models.Index(fields=["month"], name="dash_flow_month"),
        ]

    def __str__(self) -> str:
        return f"{self.cases} cases {self.event} in month {self.month}"


class ContactMonth(models.Model):
    """Successful contacts with young people in a month, by the location model of the case."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    location_model = models.CharField(max_length=30, blank=True)
    contacts = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_contact_la"),
            models.Index(fields=["hub", "month"], name="dash_contact_hub"),
            models.Index(fields=["month"], name="dash_contact_month"),
        ]

    def __str__(self) -> str:
        return f"{self.contacts} contacts in month {self.month}"


class WorkerPlacementMonth(models.Model):
    """The placement a spoke worker counts under in a month: the latest to start of those in
    force at any time in it. A working table of the refresh."""

    month = models.PositiveIntegerField()
    hub = _place(Agency)
    worker = _place(settings.AUTH_USER_MODEL)
    local_authority = _place(LocalAuthority)
    location_model = models.CharField(max_length=30)

    class Meta:
        indexes = [
            models.Index(fields=["worker", "hub", "month"], name="dash_placement_worker"),
        ]

    def __str__(self) -> str:
        return f"worker {self.worker_id} in month {self.month}"


class SpokeWorkerMonth(models.Model):
    """A hub's spoke worker in a month (a membership in force at any time in it): whose work
    the balance counts. A working table of the refresh."""

    month = models.PositiveIntegerField()
    hub = _place(Agency)
    worker = _place(settings.AUTH_USER_MODEL)

    class Meta:
        indexes = [models.Index(fields=["worker", "hub", "month"], name="dash_staff_worker")]

    def __str__(self) -> str:
        return f"worker {self.worker_id} in month {self.month}"


class WorkMonth(models.Model):
    """A spoke worker's minutes of each kind of work in a month, as their balance counts them,
    with the local authority and location model of their placement that month."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    worker = _place(settings.AUTH_USER_MODEL)
    location_model = models.CharField(max_length=30, blank=True)
    kind = models.CharField(max_length=20)
    minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_work_la"),
            models.Index(fields=["hub", "month"], name="dash_work_hub"),
            models.Index(fields=["month"], name="dash_work_month"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} minutes of {self.kind} in month {self.month}"


class ConsultancyMonth(models.Model):
    """Consultancy requests made in a month, by the requesting agency and the verdict on them."""

    class Verdict(models.TextChoices):
        HELPFUL = "helpful", "Marked helpful"
        NOT_HELPFUL = "not_helpful", "Marked not helpful"
        NONE = "none", "No verdict"

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    requester_agency = _place(Agency)
    agency_kind = models.CharField(max_length=30)
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    requests = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_consult_la"),
            models.Index(fields=["hub", "month"], name="dash_consult_hub"),
            models.Index(fields=["month"], name="dash_consult_month"),
        ]

    def __str__(self) -> str:
        return f"{self.requests} consultancy requests in month {self.month}"


class TrainingMonth(models.Model):
    """Practitioners of an agency trained in a month, with the sums their confidence averages
    are made of (only attendance scored both before and after counts towards those)."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    agency = _place(Agency)
    agency_kind = models.CharField(max_length=30)
    practitioners = models.PositiveIntegerField()
    rated = models.PositiveIntegerField()
    before_total = models.DecimalField(max_digits=12, decimal_places=2)
    after_total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_training_la"),
            models.Index(fields=["hub", "month"], name="dash_training_hub"),
            models.Index(fields=["month"], name="dash_training_month"),
            # An agency's first training in a period, looked up for each referral row of the
            # dashboards' "referrals after training" table, whatever the scope.
            models.Index(fields=["agency", "month"], name="dash_training_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.practitioners} practitioners trained in month {self.month}"


class TrainingDeliveredMonth(models.Model):
    """Training sessions delivered in a month, and their minutes."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    sessions = models.PositiveIntegerField()
    minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_delivered_la"),
            models.Index(fields=["hub", "month"], name="dash_delivered_hub"),
            models.Index(fields=["month"], name="dash_delivered_month"),
        ]

    def __str__(self) -> str:
        return f"{self.sessions} training sessions in month {self.month}"


class StepBackMonth(models.Model):
    """Statutory agencies stepping back from a case in a month, after the hub took it on."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    agency_kind = models.CharField(max_length=30)
    step_backs = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_stepback_la"),
            models.Index(fields=["hub", "month"], name="dash_stepback_hub"),
            models.Index(fields=["month"], name="dash_stepback_month"),
        ]

    def __str__(self) -> str:
        return f"{self.step_backs} step-backs in month {self.month}"


class ChallengeMonth(models.Model):
    """Practice challenges raised, and resolved, in a month, by the kind of agency challenged."""

    month = models.PositiveIntegerField()
    local_authority = _place(LocalAuthority)
    hub = _place(Agency)
    agency_kind = models.CharField(max_length=30)
    event = models.CharField(max_length=10, choices=Event.choices)
    challenges = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["local_authority", "month"], name="dash_challenge_la"),
            models.Index(fields=["hub", "month"], name="dash_challenge_hub"),
            models.Index(fields=["month"], name="dash_challenge_month"),
        ]

    def __str__(self) -> str:
        return f"{self.challenges} challenges {self.event} in month {self.month}"
