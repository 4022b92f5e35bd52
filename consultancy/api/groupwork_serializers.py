"""How awareness sessions and group work look in the API, and the inputs of each write.

A young person appears only as their case id, and by name only where `policies.participant_cases`
lets the caller see the case; the views decide that, never here.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from cases.models import CaseworkEntry
from consultancy.models import (
    AwarenessSession,
    GroupWorkParticipant,
    GroupWorkProgramme,
    GroupWorkSession,
    Topic,
)
from consultancy.services.groupwork import ATTENDANCE_NOTE_MAX, SESSION_ATTENDANCE
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority

MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


# Awareness sessions.


class AwarenessSessionSerializer(serializers.ModelSerializer[AwarenessSession]):
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    delivered_by = UserSummarySerializer(many=True, read_only=True)
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), read_only=True
    )

    class Meta:
        model = AwarenessSession
        fields = [
            "id",
            "hub",
            "local_authority",
            "setting",
            "setting_name",
            "delivered_on",
            "duration_minutes",
            "young_people_reached",
            "age_from",
            "age_to",
            "topics",
            "notes",
            "delivered_by",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class AwarenessFilterSerializer(serializers.Serializer):
    local_authority = serializers.IntegerField(
        required=False, help_text="Only sessions in this local authority (id)."
    )
    month = serializers.RegexField(
        MONTH_PATTERN,
        required=False,
        help_text="Only sessions delivered in this calendar month, as YYYY-MM.",
        error_messages={"invalid": "Give the month as YYYY-MM, for example 2026-05."},
    )


class _AwarenessFields(serializers.Serializer):
    local_authority = serializers.PrimaryKeyRelatedField(queryset=LocalAuthority.objects.all())
    setting = serializers.ChoiceField(choices=AwarenessSession.Setting.choices)
    setting_name = serializers.CharField(max_length=200)
    delivered_on = serializers.DateField()
    duration_minutes = serializers.IntegerField(help_text="Length in minutes, 1 to 1440.")
    young_people_reached = serializers.IntegerField()
    age_from = serializers.IntegerField(help_text="Youngest age, 8 to 25.")
    age_to = serializers.IntegerField(help_text="Oldest age, 8 to 25, not below age_from.")
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=Topic.choices), required=False
    )
    notes = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="About the session and the group; never name or describe a young person.",
    )
    delivered_by = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, help_text="Hub staff who delivered it (ids)."
    )


class AwarenessCreateSerializer(_AwarenessFields):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        help_text="The hub that delivered it; may be left out by someone who works for one hub.",
    )


class AwarenessChangeSerializer(_AwarenessFields):
    version = serializers.IntegerField(help_text="The version the change started from.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


# Group-work programmes.


class ProgrammeSerializer(serializers.ModelSerializer[GroupWorkProgramme]):
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    facilitators = UserSummarySerializer(many=True, read_only=True)
    current_participants = serializers.IntegerField(
        read_only=True, help_text="Young people in the group now."
    )
    session_count = serializers.IntegerField(read_only=True, help_text="Sessions recorded.")

    class Meta:
        model = GroupWorkProgramme
        fields = [
            "id",
            "hub",
            "local_authority",
            "title",
            "setting_name",
            "description",
            "starts_on",
            "ends_on",
            "facilitators",
            "current_participants",
            "session_count",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ProgrammeFilterSerializer(serializers.Serializer):
    local_authority = serializers.IntegerField(
        required=False, help_text="Only programmes in this local authority (id)."
    )
    status = serializers.ChoiceField(
        choices=["current", "ended", "all"],
        required=False,
        help_text="current (the default): running or yet to start; ended; or all.",
    )


class _ProgrammeFields(serializers.Serializer):
    local_authority = serializers.PrimaryKeyRelatedField(queryset=LocalAuthority.objects.all())
    title = serializers.CharField(max_length=200)
    setting_name = serializers.CharField(max_length=200, help_text="Where the group meets.")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    facilitators = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(), many=True, help_text="Hub staff who run it (ids)."
    )


class ProgrammeCreateSerializer(_ProgrammeFields):
    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        help_text="The hub running it; may be left out by someone who works for one hub.",
    )


class ProgrammeChangeSerializer(_ProgrammeFields):
    version = serializers.IntegerField(help_text="The version the change started from.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False


class GroupParticipantSerializer(serializers.ModelSerializer[GroupWorkParticipant]):
    case = serializers.IntegerField(source="case_id", read_only=True)
    young_person = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Their name, or null when the caller may not see their case.",
    )

    class Meta:
        model = GroupWorkParticipant
        fields = ["id", "case", "young_person", "added_at", "left_at"]
        read_only_fields = fields


class GroupParticipantAddSerializer(serializers.Serializer):
    case = serializers.IntegerField(help_text="The young person's open case with the hub (id).")


class GroupAttendanceSerializer(serializers.Serializer):
    case = serializers.IntegerField(read_only=True)
    young_person = serializers.CharField(read_only=True, allow_null=True)
    attendance = serializers.ChoiceField(choices=CaseworkEntry.Attendance.choices, read_only=True)
    entry = serializers.IntegerField(
        read_only=True, help_text="The casework entry written on the young person's case."
    )


class GroupSessionSerializer(serializers.ModelSerializer[GroupWorkSession]):
    recorded_by = UserSummarySerializer(read_only=True)
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = GroupWorkSession
        fields = [
            "id",
            "held_at",
            "duration_minutes",
            "topic",
            "notes",
            "recorded_by",
            "attendance",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(GroupAttendanceSerializer(many=True))
    def get_attendance(self, session: GroupWorkSession) -> list[dict[str, Any]]:
        rows = getattr(session, "register_rows", None)
        return GroupAttendanceSerializer(rows or [], many=True).data  # type: ignore[return-value]


class GroupSessionRowSerializer(serializers.ModelSerializer[GroupWorkSession]):
    recorded_by = UserSummarySerializer(read_only=True)
    attended = serializers.IntegerField(read_only=True)
    recorded = serializers.IntegerField(read_only=True, help_text="Young people on the register.")

    class Meta:
        model = GroupWorkSession
        fields = [
            "id",
            "held_at",
            "duration_minutes",
            "topic",
            "recorded_by",
            "attended",
            "recorded",
        ]
        read_only_fields = fields


class GroupRegisterLineSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=[(a.value, a.label) for a in SESSION_ATTENDANCE])
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=ATTENDANCE_NOTE_MAX,
        help_text="A line for this young person's casework entry.",
    )


class GroupSessionRecordSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    duration_minutes = serializers.IntegerField()
    topic = serializers.CharField(max_length=200)
    notes = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="About the group as a whole; notes on one young person go in their line.",
    )
    attendance = GroupRegisterLineSerializer(
        many=True,
        help_text="One line for every young person in the group now (and optionally for those "
        "who left after the session).",
    )
