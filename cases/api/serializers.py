"""How the case record looks in the API: explicit fields, a summary shape and a full shape.

At summary scope a caller sees identity, risk, who is involved and how to reach the worker;
nothing here decides who gets which shape (the views ask `cases.policies`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from cases.indicators import indicators_check
from cases.models import (
    AgencyInvolvement,
    Case,
    CasePlan,
    CaseReview,
    CaseShare,
    CaseworkEntry,
    PlanGoal,
    RiskAssessment,
    RiskLevel,
    YoungPerson,
)
from cases.record import INVOLVEMENT_FIELDS
from cases.selectors import CHRONOLOGY_KINDS
from cases.services import YOUNG_PERSON_FIELDS
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, InformationSharingAgreement, LocalAuthority

CHRONOLOGY_DEFAULT_LIMIT = 100
CHRONOLOGY_MAX_LIMIT = 500


class IndicatorCodesField(serializers.ListField):
    """Codes of CSE indicators, checked against the list in use when the request is validated.

    The list is administrators' to change, so it is read per request (one query), never when
    this module is imported; the schema describes the codes rather than fixing them as an enum.
    """

    child = serializers.SlugField(max_length=50)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            "Codes of the CSE indicators seen, from the list administrators keep; "
            "a retired indicator is refused.",
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[str]:
        codes = super().to_internal_value(data)
        try:
            return indicators_check(codes, field=self.field_name or "indicators")
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error


# People.


class WorkerContactSerializer(serializers.ModelSerializer[User]):
    """How to reach a worker: part of even the summary of a case."""

    class Meta:
        model = User
        fields = ["id", "full_name", "job_title", "email", "phone"]


class YoungPersonSummarySerializer(serializers.ModelSerializer[YoungPerson]):
    class Meta:
        model = YoungPerson
        fields = ["id", "first_name", "last_name", "preferred_name", "date_of_birth"]


class YoungPersonSerializer(serializers.ModelSerializer[YoungPerson]):
    local_authority = LocalAuthoritySummarySerializer(read_only=True)

    class Meta:
        model = YoungPerson
        fields = ["id", *YOUNG_PERSON_FIELDS, "local_authority", "created_at"]


class YoungPersonInputSerializer(serializers.ModelSerializer[YoungPerson]):
    """Identity, demographics and safe-contact rules, as sent to open a case or change them."""

    safe_contact_channels = serializers.ListField(
        child=serializers.ChoiceField(choices=YoungPerson.ContactChannel.choices),
        required=False,
        help_text="The ways it is safe to contact the young person.",
    )

    class Meta:
        model = YoungPerson
        fields = list(YOUNG_PERSON_FIELDS)


# Cases.


class InvolvementSummarySerializer(serializers.ModelSerializer[AgencyInvolvement]):
    agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = AgencyInvolvement
        fields = [
            "id",
            "agency",
            "professional_name",
            "professional_role",
            "is_lead_professional",
            "from_on",
            "to_on",
            "stepped_back_on",
        ]


class CaseRowSerializer(serializers.ModelSerializer[Case]):
    """One row of a case list: only what every level of access may see."""

    young_person = YoungPersonSummarySerializer(read_only=True)
    owning_agency = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    lead_worker = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "young_person",
            "owning_agency",
            "local_authority",
            "lead_worker",
            "status",
            "risk_level",
            "opened_on",
        ]


class CaseSummarySerializer(serializers.ModelSerializer[Case]):
    """A case at summary scope: identity, risk, who is involved, how to reach the worker."""

    access = serializers.CharField(
        read_only=True, help_text="The caller's level of access: here always 'summary'."
    )
    young_person = YoungPersonSummarySerializer(read_only=True)
    owning_agency = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    lead_worker = WorkerContactSerializer(read_only=True, allow_null=True)
    involvements = InvolvementSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "access",
            "young_person",
            "owning_agency",
            "local_authority",
            "status",
            "risk_level",
            "lead_worker",
            "involvements",
        ]


class CaseSerializer(CaseSummarySerializer):
    """The case record, for callers with full access or more."""

    access = serializers.CharField(
        read_only=True,
        help_text=(
            "The caller's level of access: 'owner', 'team', 'break_glass', 'joint' or 'full'."
        ),
    )
    # The full record widens the summary's young person.
    young_person = YoungPersonSerializer(read_only=True)  # type: ignore[assignment]
    co_workers = serializers.SerializerMethodField(help_text="Co-workers besides the lead.")

    class Meta:
        model = Case
        fields = [
            *CaseSummarySerializer.Meta.fields,
            "co_workers",
            "opened_on",
            "closed_on",
            "closure_reason",
            "closure_outcome",
            "legal_hold",
            "retention_until",
            "anonymised_at",
            "referral_id",
            "first_contact_at",
            "last_contact_at",
            "next_review_due",
            "version",
            "created_at",
            "updated_at",
        ]
        # Kept by the casework services from the successful contacts logged, never written here.
        read_only_fields = ["first_contact_at", "last_contact_at"]
        extra_kwargs = {
            "first_contact_at": {"help_text": "When the first successful contact was made."},
            "last_contact_at": {"help_text": "When the latest successful contact was made."},
        }

    @extend_schema_field(WorkerContactSerializer(many=True))
    def get_co_workers(self, case: Case) -> Any:
        # The view prefetches only the co-workers in post today.
        return WorkerContactSerializer(
            [allocation.worker for allocation in case.co_workers.all()], many=True
        ).data


class CaseOpenSerializer(serializers.Serializer):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(kind=Agency.Kind.CSE_HUB, is_active=True),
        help_text="The hub that will own the case; one you manage.",
    )
    local_authority = serializers.PrimaryKeyRelatedField(queryset=LocalAuthority.objects.all())
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices)
    rationale = serializers.CharField(help_text="Why the risk is at this level.")
    indicators = IndicatorCodesField(required=False, default=list)
    lead_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )
    opened_on = serializers.DateField(required=False, allow_null=True)
    young_person = YoungPersonInputSerializer(help_text="Who the young person is.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the change started from (optimistic locking)."
    )


class CaseCloseSerializer(VersionSerializer):
    closure_reason = serializers.ChoiceField(choices=Case.ClosureReason.choices)
    closure_outcome = serializers.CharField(help_text="The outcome for the young person.")


class CaseReopenSerializer(VersionSerializer):
    reason = serializers.CharField(help_text="Why the case is reopening.")


class CaseLegalHoldSerializer(VersionSerializer):
    legal_hold = serializers.BooleanField(
        help_text="true to place the case on legal hold (never anonymised while held); false to "
        "lift the hold."
    )
    reason = serializers.CharField(help_text="Why the case must be kept, or why it need not be.")


class CaseAllocateSerializer(VersionSerializer):
    lead_worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )
    co_workers = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), many=True, required=False, default=list
    )


class CaseFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Case.Status.choices, required=False)
    risk = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    scope = serializers.ChoiceField(
        choices=[
            ("allocated", "Cases I lead or co-work"),
            ("hub", "Cases of the hubs I manage"),
            ("shared", "Cases shared with my agency or with me"),
        ],
        required=False,
        help_text="How the caller comes to see the case.",
    )


# Casework.


class EntrySerializer(serializers.ModelSerializer[CaseworkEntry]):
    author = UserSummarySerializer(read_only=True)
    author_agency = AgencySummarySerializer(read_only=True)
    entered_in_error_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = CaseworkEntry
        fields = [
            "id",
            "kind",
            "occurred_at",
            "duration_minutes",
            "attendance",
            "summary",
            "young_persons_voice",
            "restricted",
            "status",
            "author",
            "author_agency",
            "entered_in_error_at",
            "entered_in_error_by",
            "entered_in_error_reason",
            "version",
            "created_at",
            "updated_at",
        ]


class EntryCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseworkEntry.Kind.choices)
    occurred_at = serializers.DateTimeField()
    attendance = serializers.ChoiceField(choices=CaseworkEntry.Attendance.choices)
    summary = serializers.CharField()
    young_persons_voice = serializers.CharField(required=False, allow_blank=True, default="")
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=24 * 60, required=False, allow_null=True, default=None
    )
    restricted = serializers.BooleanField(
        required=False, default=False, help_text="Seen only inside the agency that owns the case."
    )
    draft = serializers.BooleanField(
        required=False, default=False, help_text="Save as a draft to finish later."
    )


class EntryUpdateSerializer(VersionSerializer):
    kind = serializers.ChoiceField(choices=CaseworkEntry.Kind.choices, required=False)
    occurred_at = serializers.DateTimeField(required=False)
    attendance = serializers.ChoiceField(choices=CaseworkEntry.Attendance.choices, required=False)
    summary = serializers.CharField(required=False)
    young_persons_voice = serializers.CharField(required=False, allow_blank=True)
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=24 * 60, required=False, allow_null=True
    )
    restricted = serializers.BooleanField(required=False)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why; kept in the record and the audit log.")


# Risk, plan, reviews.


class RiskAssessmentSerializer(serializers.ModelSerializer[RiskAssessment]):
    assessed_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = RiskAssessment
        fields = ["id", "level", "indicators", "rationale", "assessed_on", "assessed_by"]


class RiskAssessmentInputSerializer(VersionSerializer):
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    indicators = IndicatorCodesField(required=False, default=list)
    rationale = serializers.CharField()
    assessed_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanGoalSerializer(serializers.ModelSerializer[PlanGoal]):
    class Meta:
        model = PlanGoal
        fields = ["id", "description", "young_persons_view", "status", "target_on"]


class PlanGoalInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text="A goal of this plan to change; none for new."
    )
    description = serializers.CharField()
    young_persons_view = serializers.CharField(required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(
        choices=PlanGoal.Status.choices, required=False, default=PlanGoal.Status.NOT_STARTED
    )
    target_on = serializers.DateField(required=False, allow_null=True, default=None)


class PlanSerializer(serializers.ModelSerializer[CasePlan]):
    goals = PlanGoalSerializer(many=True, read_only=True)
    updated_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = CasePlan
        fields = ["summary", "young_persons_view", "goals", "updated_by", "updated_at", "version"]
        extra_kwargs = {
            "version": {"help_text": "0 while the case has no plan yet."},
            "updated_at": {"allow_null": True},
        }


class PlanInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text="The plan's version the change started from; 0 for a new plan."
    )
    summary = serializers.CharField(allow_blank=True)
    young_persons_view = serializers.CharField(allow_blank=True, required=False, default="")
    goals = PlanGoalInputSerializer(
        many=True, help_text="Every goal of the plan: those not sent are removed."
    )


class ReviewSerializer(serializers.ModelSerializer[CaseReview]):
    recorded_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = CaseReview
        fields = ["id", "due_on", "held_on", "outcome", "next_due_on", "recorded_by"]


class ReviewScheduleSerializer(serializers.Serializer):
    due_on = serializers.DateField()


class ReviewRecordSerializer(serializers.Serializer):
    held_on = serializers.DateField()
    outcome = serializers.CharField()


# Involvement.


class InvolvementSerializer(serializers.ModelSerializer[AgencyInvolvement]):
    agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = AgencyInvolvement
        fields = [
            "id",
            "agency",
            "professional_name",
            "professional_role",
            "professional_email",
            "professional_phone",
            "is_lead_professional",
            "from_on",
            "to_on",
            "stepped_back_on",
            "stepped_back_reason",
        ]


class InvolvementInputSerializer(serializers.ModelSerializer[AgencyInvolvement]):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.filter(is_active=True))

    class Meta:
        model = AgencyInvolvement
        fields = [
            "agency",
            "professional_name",
            "professional_role",
            "professional_email",
            "professional_phone",
            "is_lead_professional",
            "from_on",
            "to_on",
        ]
        extra_kwargs = {"from_on": {"required": False}}


class InvolvementChangeSerializer(serializers.ModelSerializer[AgencyInvolvement]):
    """The agency of an involvement stays; who, how to reach them, lead and dates change."""

    class Meta:
        model = AgencyInvolvement
        fields = list(INVOLVEMENT_FIELDS)


class StepBackSerializer(serializers.Serializer):
    stepped_back_on = serializers.DateField()
    stepped_back_reason = serializers.CharField(help_text="Why the agency stepped back.")


# Sharing.


class ShareSerializer(serializers.ModelSerializer[CaseShare]):
    agency = AgencySummarySerializer(read_only=True, allow_null=True)
    professional = UserSummarySerializer(read_only=True, allow_null=True)
    shared_by = UserSummarySerializer(read_only=True)
    revoked_by = UserSummarySerializer(read_only=True, allow_null=True)
    agreement: serializers.PrimaryKeyRelatedField[InformationSharingAgreement] = (
        serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    )
    is_live = serializers.BooleanField(read_only=True)

    class Meta:
        model = CaseShare
        fields = [
            "id",
            "agency",
            "professional",
            "scope",
            "lawful_basis",
            "consent_recorded_on",
            "agreement",
            "reason",
            "shared_by",
            "shared_at",
            "expires_on",
            "is_live",
            "revoked_at",
            "revoked_by",
            "revoke_reason",
        ]


class ShareCreateSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True), required=False, allow_null=True
    )
    professional = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Share with one named professional instead of a whole agency.",
    )
    scope = serializers.ChoiceField(choices=CaseShare.Scope.choices)
    lawful_basis = serializers.ChoiceField(choices=CaseShare.LawfulBasis.choices)
    consent_recorded_on = serializers.DateField(required=False, allow_null=True, default=None)
    agreement = serializers.PrimaryKeyRelatedField(
        queryset=InformationSharingAgreement.objects.all(), required=False, allow_null=True
    )
    reason = serializers.CharField()
    expires_on = serializers.DateField()


class ShareChangeSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=CaseShare.Scope.choices)
    reason = serializers.CharField()
    expires_on = serializers.DateField(required=False, allow_null=True, default=None)


# The chronology.


class ChronologyFilterSerializer(serializers.Serializer):
    kind = serializers.ListField(
        child=serializers.ChoiceField(choices=CHRONOLOGY_KINDS),
        required=False,
        help_text="Only events of these kinds (repeat the parameter for several).",
    )
    date_from = serializers.DateField(required=False, help_text="Events on or after this day.")
    date_to = serializers.DateField(required=False, help_text="Events on or before this day.")
    limit = serializers.IntegerField(
        min_value=1,
        max_value=CHRONOLOGY_MAX_LIMIT,
        required=False,
        default=CHRONOLOGY_DEFAULT_LIMIT,
        help_text="The most recent events to return.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and start > end:
            raise serializers.ValidationError({"date_to": ["This is before the start date."]})
        return attrs


class ChronologyEventSerializer(serializers.Serializer):
    occurred_at = serializers.DateTimeField()
    kind = serializers.CharField(help_text=f"One of: {', '.join(CHRONOLOGY_KINDS)}.")
    title = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    actor_name = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    restricted = serializers.BooleanField()


class ChronologySerializer(serializers.Serializer):
    results = ChronologyEventSerializer(many=True, help_text="Newest first.")
    truncated = serializers.BooleanField(
        help_text="Whether older events were left out by `limit`: narrow the dates to see them."
    )
