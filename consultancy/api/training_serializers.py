"""How training for practitioners looks in the API: the hub's full view of a session, an
attendee's view (the session and their own row only), and the inputs of each write.

Which shape a caller gets is decided by `consultancy.policies.may_see_training_in_full`, never
here. Scores are decimals from 1 to 5 sent and returned as strings ("3.50"), so no precision is
lost; a named attendee's own scores are whole numbers.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from consultancy.models import Topic, TrainingAttendance, TrainingSession
from consultancy.selectors.training import When
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority

VIEW_HELP = "The caller's view of the session: 'hub' (in full) or 'attendee' (their own row)."
SCORE_HELP = "From 1 to 5, at most two decimal places; null when not recorded."


def _score() -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=3,
        decimal_places=2,
        min_value=1,  # type: ignore[arg-type]
        max_value=5,  # type: ignore[arg-type]
        required=False,
        allow_null=True,
        help_text=SCORE_HELP,
    )


class TrainingRowSerializer(serializers.ModelSerializer[TrainingSession]):
    """One row of the hub's list."""

    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    trainers = UserSummarySerializer(many=True, read_only=True)
    attended = serializers.IntegerField(
        read_only=True, help_text="People recorded as attending, named and counted."
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "title",
            "audience",
            "status",
            "delivered_on",
            "duration_minutes",
            "hub",
            "local_authority",
            "trainers",
            "attended",
            "version",
        ]
        read_only_fields = fields


class AttendanceSerializer(serializers.ModelSerializer[TrainingAttendance]):
    """One attendance row: a named attendee (count 1) or a number of people from an agency."""

    agency = AgencySummarySerializer(read_only=True)
    attendee = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = TrainingAttendance
        fields = [
            "id",
            "agency",
            "attendee",
            "count",
            "confidence_before",
            "confidence_after",
            "created_at",
        ]
        read_only_fields = fields


class AgencyTotalsSerializer(serializers.Serializer):
    agency_id = serializers.IntegerField()
    agency_name = serializers.CharField()
    people = serializers.IntegerField()
    named = serializers.IntegerField()
    confidence_before = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    confidence_after = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)


class AttendanceSummarySerializer(serializers.Serializer):
    """Totals by agency and overall; averages weighted by the number of people scored."""

    people = serializers.IntegerField()
    agencies = serializers.IntegerField()
    confidence_before = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    confidence_after = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    scored_before = serializers.IntegerField(help_text="People with a score before.")
    scored_after = serializers.IntegerField(help_text="People with a score after.")
    by_agency = AgencyTotalsSerializer(many=True)


class TrainingSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    """A session in full, as its hub sees it."""

    view = serializers.CharField(read_only=True, help_text=VIEW_HELP)
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    trainers = UserSummarySerializer(many=True, read_only=True)
    created_by = UserSummarySerializer(read_only=True)
    attendance = AttendanceSerializer(many=True, read_only=True, source="attendance_rows")
    summary = AttendanceSummarySerializer(read_only=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "view",
            "title",
            "audience",
            "status",
            "delivered_on",
            "duration_minutes",
            "venue",
            "topics",
            "description",
            "feedback",
            "hub",
            "local_authority",
            "trainers",
            "created_by",
            "created_at",
            "updated_at",
            "attendance",
            "summary",
            "version",
        ]
        read_only_fields = fields


class OwnAttendanceSerializer(serializers.ModelSerializer[TrainingAttendance]):
    agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = TrainingAttendance
        fields = ["id", "agency", "confidence_before", "confidence_after"]
        read_only_fields = fields


class AttendeeSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    """A session as one of its attendees sees it: what it was, and their own row."""

    view = serializers.CharField(read_only=True, help_text=VIEW_HELP)
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    trainers = UserSummarySerializer(many=True, read_only=True)
    own_attendance = OwnAttendanceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "view",
            "title",
            "delivered_on",
            "hub",
            "local_authority",
            "trainers",
            "own_attendance",
        ]
        read_only_fields = fields


class AttendedSessionSerializer(serializers.ModelSerializer[TrainingSession]):
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    trainers = UserSummarySerializer(many=True, read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "title", "delivered_on", "hub", "local_authority", "trainers"]
        read_only_fields = fields


class AttendedRowSerializer(serializers.ModelSerializer[TrainingAttendance]):
    """One session the caller attended, with their own scores."""

    session = AttendedSessionSerializer(read_only=True)
    agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = TrainingAttendance
        fields = ["id", "session", "agency", "confidence_before", "confidence_after"]
        read_only_fields = fields


# Inputs.


class TrainingFilterSerializer(serializers.Serializer):
    local_authority = serializers.IntegerField(required=False, min_value=1)
    status = serializers.ChoiceField(choices=TrainingSession.Status.choices, required=False)
    trainer = serializers.IntegerField(required=False, min_value=1)
    when = serializers.ChoiceField(
        choices=[When.UPCOMING, When.PAST],
        required=False,
        help_text="'upcoming' (planned, today or later, soonest first) or 'past'.",
    )


class _SessionValues(serializers.Serializer):
    local_authority = serializers.PrimaryKeyRelatedField(queryset=LocalAuthority.objects.all())
    title = serializers.CharField(max_length=200)
    audience = serializers.CharField(max_length=200, help_text="Who it is for.")
    delivered_on = serializers.DateField(help_text="The date of the session.")
    duration_minutes = serializers.IntegerField()
    trainers = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text="Ids of hub staff; at least one."
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    description = serializers.CharField(required=False, allow_blank=True)
    venue = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=TrainingSession.Status.choices, required=False)


class TrainingCreateSerializer(_SessionValues):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.hubs(),
        required=False,
        help_text="May be left out by someone who works for one hub.",
    )
    trainers = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Ids of hub staff; the caller when left out.",
    )


class TrainingChangeSerializer(_SessionValues):
    version = serializers.IntegerField(
        min_value=0, help_text="The version the change started from (optimistic locking)."
    )
    feedback = serializers.CharField(
        required=False, allow_blank=True, help_text="A summary of attendees' evaluations."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class AttendanceCreateSerializer(serializers.Serializer):
    """A named attendee (`attendee`, and `agency` when they work for more than one), or a
    number of people from an agency (`agency` and `count`; replaces the agency's number)."""

    attendee = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, help_text="The attendee's user id."
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), required=False, allow_null=True
    )
    count = serializers.IntegerField(required=False, allow_null=True)
    confidence_before = _score()
    confidence_after = _score()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("attendee") is None:
            if attrs.get("agency") is None:
                raise serializers.ValidationError(
                    {"agency": ["Send an attendee, or an agency with a count."]}
                )
            if attrs.get("count") is None:
                raise serializers.ValidationError(
                    {"count": ["Send how many people came from the agency."]}
                )
        elif attrs.get("count") not in (None, 1):
            raise serializers.ValidationError({"count": ["A named attendee is one person."]})
        return attrs


class AttendanceChangeSerializer(serializers.Serializer):
    """Both scores are set as sent (leave one out to clear it); `count` for a number only."""

    count = serializers.IntegerField(required=False, allow_null=True)
    confidence_before = _score()
    confidence_after = _score()


class AttendeeOptionSerializer(serializers.Serializer):
    """Someone who could be recorded as attending, and the agency they would count for."""

    user = UserSummarySerializer()
    agency = AgencySummarySerializer()
    role = serializers.CharField()
