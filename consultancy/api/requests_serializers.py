"""How consultancy requests look in the API: a list row, the request with its thread, and the
input of each step. Who may see which request is decided by `consultancy.policies`, never here.
"""

from __future__ import annotations

from rest_framework import serializers

from cases.api.serializers import WorkerContactSerializer
from cases.models import YoungPerson
from consultancy.models import ConsultancyMessage, ConsultancyRequest, Topic, Urgency
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority

VIEW_HELP = (
    "The caller's view of the request: 'requester' (the requester or their team manager), "
    "'worker' (the responding worker, or a placed worker who may take it) or 'hub' (the hub's "
    "managers)."
)


class ConsultancyRowSerializer(serializers.ModelSerializer[ConsultancyRequest]):
    """One row of a list: the same fields whoever lists it, and not the question."""

    reference = serializers.CharField(read_only=True, help_text="For example C000042.")
    requester = UserSummarySerializer(read_only=True)
    requester_agency = AgencySummarySerializer(read_only=True)
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    responding_worker = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = ConsultancyRequest
        fields = [
            "id",
            "reference",
            "status",
            "urgency",
            "about",
            "requester",
            "requester_agency",
            "hub",
            "local_authority",
            "responding_worker",
            "helpful",
            "requested_at",
            "assigned_at",
            "first_advised_at",
            "closed_at",
            "withdrawn_at",
        ]
        read_only_fields = fields


class ConsultancyMessageSerializer(serializers.ModelSerializer[ConsultancyMessage]):
    author = UserSummarySerializer(read_only=True)
    author_agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = ConsultancyMessage
        fields = [
            "id",
            "kind",
            "author",
            "author_agency",
            "text",
            "given_on",
            "time_spent_minutes",
            "agreed_follow_up",
            "created_at",
        ]
        read_only_fields = fields


class ConsultancyRequestSerializer(serializers.ModelSerializer[ConsultancyRequest]):
    """A request as its page shows it: the question, the thread, every step's time."""

    view = serializers.CharField(read_only=True, help_text=VIEW_HELP)
    reference = serializers.CharField(read_only=True, help_text="For example C000042.")
    requester = WorkerContactSerializer(read_only=True)
    requester_agency = AgencySummarySerializer(read_only=True)
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    responding_worker = WorkerContactSerializer(read_only=True, allow_null=True)
    case = serializers.SerializerMethodField(
        help_text="The case it is about, only for a caller who may see that case; else null."
    )
    referral = serializers.SerializerMethodField(
        help_text="The referral that followed (its id), or null."
    )
    topics = serializers.ListField(child=serializers.ChoiceField(choices=Topic.choices))
    messages = ConsultancyMessageSerializer(many=True, read_only=True)

    class Meta:
        model = ConsultancyRequest
        fields = [
            "id",
            "view",
            "reference",
            "status",
            "urgency",
            "about",
            "case",
            "young_person_age",
            "young_person_gender",
            "identifying_details_confirmed",
            "question",
            "preferred_contact",
            "requester",
            "requester_agency",
            "requester_phone",
            "hub",
            "local_authority",
            "responding_worker",
            "topics",
            "messages",
            "helpful",
            "feedback",
            "closing_note",
            "referral",
            "requested_at",
            "assigned_at",
            "first_advised_at",
            "last_advised_at",
            "follow_up_at",
            "feedback_at",
            "closed_at",
            "withdrawn_at",
            "referral_linked_at",
            "version",
        ]
        read_only_fields = fields

    def get_case(self, obj: ConsultancyRequest) -> int | None:
        return obj.case_id if getattr(obj, "case_visible", False) else None

    def get_referral(self, obj: ConsultancyRequest) -> int | None:
        return obj.referral_id


# Lists.


class ConsultancyFilterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(
        choices=[("requester", "requester"), ("hub", "hub")],
        required=False,
        help_text=(
            "'requester': the requests the caller made (a team manager's: their agency's), "
            "newest first. 'hub': those the caller answers (a manager's hub's; a worker's own "
            "and the unassigned ones in their placements), urgent first then oldest. Left out: "
            "every request the caller may see, newest first."
        ),
    )
    status = serializers.ChoiceField(choices=ConsultancyRequest.Status.choices, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    local_authority = serializers.IntegerField(required=False, min_value=1)
    worker = serializers.IntegerField(
        required=False, min_value=1, help_text="The responding worker's id."
    )


# Inputs.


class ConsultancyCreateSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.filter(is_active=True),
        required=False,
        help_text="The agency you ask for; may be left out when you ask for only one.",
    )
    about = serializers.ChoiceField(choices=ConsultancyRequest.About.choices)
    case = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="With about='case': an open case the hub has shared with your agency.",
    )
    local_authority = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(),
        required=False,
        allow_null=True,
        help_text="With about='unnamed': where the young person lives (defaults when your "
        "agency covers one).",
    )
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.hubs(),
        required=False,
        allow_null=True,
        help_text="With about='unnamed': the CSE service to ask (defaults to the one working "
        "in the local authority).",
    )
    young_person_age = serializers.IntegerField(required=False, allow_null=True)
    young_person_gender = serializers.ChoiceField(
        choices=YoungPerson.Gender.choices, required=False, default=YoungPerson.Gender.NOT_KNOWN
    )
    question = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    preferred_contact = serializers.ChoiceField(choices=ConsultancyRequest.PreferredContact.choices)
    requester_phone = serializers.CharField(
        required=False, allow_blank=True, max_length=40, default=""
    )
    identifying_details_confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text=(
            "With about='unnamed': true sends a question that looks as if it names the young "
            "person (a full name and a date of birth). Without it such a question is a 400 "
            "with code 'identifying'."
        ),
    )


class ConsultancyVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text="The version the step started from (optimistic locking)."
    )


class ConsultancyAssignSerializer(ConsultancyVersionSerializer):
    worker = serializers.IntegerField(min_value=1, help_text="A spoke worker of the hub.")


class ConsultancyTopicsSerializer(ConsultancyVersionSerializer):
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), allow_empty=True
    )


class ConsultancyAdviseSerializer(ConsultancyVersionSerializer):
    text = serializers.CharField()
    given_on = serializers.DateField()
    time_spent_minutes = serializers.IntegerField(min_value=1)
    agreed_follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False, default=list
    )


class ConsultancyFollowUpSerializer(ConsultancyVersionSerializer):
    text = serializers.CharField()


class ConsultancyFeedbackSerializer(ConsultancyVersionSerializer):
    helpful = serializers.BooleanField()
    feedback = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultancyCloseSerializer(ConsultancyVersionSerializer):
    note = serializers.CharField()


class ConsultancyWithdrawSerializer(ConsultancyVersionSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ConsultancyLinkReferralSerializer(ConsultancyVersionSerializer):
    referral = serializers.IntegerField(
        min_value=1, help_text="A submitted referral to the same hub that you may see."
    )
