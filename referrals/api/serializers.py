"""How referrals look in the API: one shape per view of a referral, and the inputs of each step.

The referrer's shape (also their team manager's) has no field that could tell whether the hub
already knew the young person: no young person id, no match, no screening notes, no case and no
first contact (a case the referral joined may have had contact long before it). It renders the
same for a referral linked to a known young person as for one confirmed new. Which shape a
caller gets is decided by `referrals.policies.view_of`, never here.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import User
from cases.api.serializers import WorkerContactSerializer
from cases.models import RiskLevel, YoungPerson
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority, SpokePlacement
from referrals import services
from referrals.models import Referral

VIEW_HELP = "The caller's view of the referral: 'referrer', 'worker' or 'hub'."

# What the referrer wrote: every view shows it.
AS_REFERRED = list(services.AS_REFERRED)


class ReferralRowSerializer(serializers.ModelSerializer[Referral]):
    """One row of a referral list: the same fields whoever lists it, and nothing of triage."""

    reference = serializers.CharField(read_only=True, help_text="For example R000042.")
    referrer = UserSummarySerializer(read_only=True)
    referrer_agency = AgencySummarySerializer(read_only=True)
    hub = AgencySummarySerializer(read_only=True, allow_null=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True, allow_null=True)
    allocated_worker = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "reference",
            "status",
            "urgency",
            "first_name",
            "last_name",
            "known_as",
            "referrer",
            "referrer_agency",
            "hub",
            "local_authority",
            "allocated_worker",
            "created_at",
            "submitted_at",
            "decided_at",
            "allocated_at",
        ]
        read_only_fields = fields


class ReferrerContactSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "full_name", "job_title", "email"]


class ReferrerReferralSerializer(serializers.ModelSerializer[Referral]):
    """The referral as the referrer (or their team manager) sees it: what they wrote, its
    status and outcome, and who was allocated with how to reach them."""

    view = serializers.CharField(read_only=True, help_text=VIEW_HELP)
    reference = serializers.CharField(read_only=True, help_text="For example R000042.")
    referrer = ReferrerContactSerializer(read_only=True)
    referrer_agency = AgencySummarySerializer(read_only=True)
    hub = AgencySummarySerializer(read_only=True, allow_null=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True, allow_null=True)
    allocated_worker = WorkerContactSerializer(
        read_only=True, allow_null=True, help_text="The spoke worker, and how to reach them."
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "view",
            "reference",
            "status",
            "referrer",
            "referrer_agency",
            "referrer_phone",
            "local_authority",
            "hub",
            *AS_REFERRED,
            "decision_reason",
            "signposted_to",
            "allocated_worker",
            "withdrawn_reason",
            "created_at",
            "submitted_at",
            "screening_started_at",
            "decided_at",
            "allocated_at",
            "withdrawn_at",
            "version",
        ]
        read_only_fields = fields


class WorkerReferralSerializer(ReferrerReferralSerializer):
    """The allocated spoke worker's view: the referral in full, and the case it opened or joined."""

    case: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The case the referral opened or joined."
    )
    first_contact_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The first successful contact with the young person on the case.",
    )

    class Meta:
        model = Referral
        fields = [*ReferrerReferralSerializer.Meta.fields, "case", "first_contact_at"]
        read_only_fields = fields


class YoungPersonMatchSerializer(serializers.ModelSerializer[YoungPerson]):
    local_authority = LocalAuthoritySummarySerializer(read_only=True)

    class Meta:
        model = YoungPerson
        fields = [
            "id",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "local_authority",
        ]


class HubReferralSerializer(WorkerReferralSerializer):
    """The receiving hub's managers: everything, with the hub's own screening and matching."""

    young_person = YoungPersonMatchSerializer(
        read_only=True, allow_null=True, help_text="The known young person it is linked to."
    )
    screened_by = UserSummarySerializer(read_only=True, allow_null=True)
    decided_by = UserSummarySerializer(read_only=True, allow_null=True)
    allocated_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            *WorkerReferralSerializer.Meta.fields,
            "screening_notes",
            "screened_by",
            "match_decision",
            "young_person",
            "decided_by",
            "allocated_by",
            "updated_at",
        ]
        read_only_fields = fields


# Input.


class ReferralFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Referral.Status.choices, required=False)
    urgency = serializers.ChoiceField(choices=Referral.Urgency.choices, required=False)
    mine = serializers.BooleanField(
        required=False, help_text="true for only the referrals the caller made."
    )


class ReferralDraftSerializer(serializers.Serializer):
    """What a referrer writes in a draft; every answer may wait until submission."""

    referrer_agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="The agency you refer for; may be left out when you refer for only one.",
    )
    referrer_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    local_authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="Where the young person lives; the hub defaults from it.",
    )
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.hubs().filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="The CSE service to refer to: one of GET /referrals/hubs/ for the LA.",
    )
    first_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    last_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    known_as = serializers.CharField(required=False, allow_blank=True, max_length=100)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=YoungPerson.Gender.choices, required=False)
    address_area = serializers.CharField(required=False, allow_blank=True, max_length=100)
    school_or_setting = serializers.CharField(required=False, allow_blank=True, max_length=200)
    indicators = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        help_text="Codes from GET /referrals/indicators/.",
    )
    narrative = serializers.CharField(required=False, allow_blank=True)
    urgency = serializers.ChoiceField(
        choices=Referral.Urgency.choices, required=False, allow_blank=True
    )
    young_person_aware = serializers.BooleanField(required=False, allow_null=True)
    young_person_consents = serializers.BooleanField(required=False, allow_null=True)
    no_consent_basis = serializers.ChoiceField(
        choices=Referral.NoConsentBasis.choices, required=False, allow_blank=True
    )
    no_consent_reason = serializers.CharField(required=False, allow_blank=True)
    parents_aware = serializers.ChoiceField(
        choices=Referral.ParentsAware.choices, required=False, allow_blank=True
    )


class ReferralVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version the change started from (optimistic locking)."
    )


class ReferralDraftChangeSerializer(ReferralVersionSerializer, ReferralDraftSerializer):
    """A change to a draft: the answers sent, and the version it started from."""


class ReferralReasonSerializer(ReferralVersionSerializer):
    reason = serializers.CharField(help_text="Why; the referrer sees a decision's reason.")


class ScreeningNotesSerializer(ReferralVersionSerializer):
    notes = serializers.CharField(
        allow_blank=True, help_text="The hub's screening notes; never shown to the referrer."
    )


class LinkSerializer(ReferralVersionSerializer):
    young_person = serializers.IntegerField(
        help_text="The id of a young person known to the referral's hub."
    )


class AllocationSerializer(serializers.Serializer):
    worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text=(
            "The spoke worker to allocate; not needed when the young person's open case "
            "already has a lead worker."
        ),
    )
    risk_level = serializers.ChoiceField(
        choices=RiskLevel.choices,
        required=False,
        allow_blank=True,
        help_text="For a new case: the young person's risk level.",
    )
    rationale = serializers.CharField(
        required=False, allow_blank=True, help_text="For a new case: why the risk is at this level."
    )


class AllocateSerializer(ReferralVersionSerializer, AllocationSerializer):
    """Allocate an accepted referral: a new case opens, or it joins the open case."""


class AcceptSerializer(ReferralReasonSerializer, AllocationSerializer):
    """Accept; with `worker`, `risk_level` or `rationale`, accept and allocate in one go."""


class SignpostSerializer(ReferralReasonSerializer):
    signposted_to = serializers.CharField(
        max_length=200, help_text="The service the referral is signposted to."
    )


class HubQuerySerializer(serializers.Serializer):
    local_authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        help_text="The local authority where the young person lives.",
    )


# Answers of the hub's tools and of the form's reference data.


class OpenCaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    lead_worker = UserSummarySerializer(allow_null=True)


class MatchSerializer(serializers.Serializer):
    young_person = YoungPersonMatchSerializer()
    score = serializers.FloatField(help_text="How alike, from 0 to 1.")
    strength = serializers.ChoiceField(choices=[("strong", "Strong"), ("possible", "Possible")])
    reasons = serializers.ListField(
        child=serializers.CharField(), help_text="What is alike, for the manager to check."
    )
    open_case = OpenCaseSerializer(
        allow_null=True, help_text="The young person's open case with the hub, if any."
    )


class PlacementSummarySerializer(serializers.ModelSerializer[SpokePlacement]):
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    host_agency = AgencySummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = SpokePlacement
        fields = ["id", "local_authority", "host_agency", "location_model"]


class WorkerOptionSerializer(serializers.Serializer):
    worker = WorkerContactSerializer()
    open_cases = serializers.IntegerField(help_text="Open cases they lead.")
    high_risk_cases = serializers.IntegerField(help_text="Of which at high risk.")
    placements = PlacementSummarySerializer(many=True, help_text="Where they are placed today.")


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    # A declared field, though every field also has a `label` attribute of its own.
    label = serializers.CharField()  # type: ignore[assignment]


class HubOptionSerializer(AgencySummarySerializer):
    is_default = serializers.BooleanField(
        read_only=True, help_text="The hub a referral for this local authority goes to by default."
    )

    class Meta(AgencySummarySerializer.Meta):
        fields = [*AgencySummarySerializer.Meta.fields, "is_default"]
