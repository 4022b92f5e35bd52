"""How partnership records look in the API: explicit fields, no logic beyond shaping input."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers

from accounts.models import User
from partners import policies
from partners.models import (
    Agency,
    InformationSharingAgreement,
    LocalAuthority,
    Membership,
    ReminderSettings,
    SpokePlacement,
)
from partners.selectors import hub_workers

# Summaries, nested inside other records.


class LocalAuthoritySummarySerializer(serializers.ModelSerializer[LocalAuthority]):
    class Meta:
        model = LocalAuthority
        fields = ["id", "name", "gss_code"]


class AgencySummarySerializer(serializers.ModelSerializer[Agency]):
    class Meta:
        model = Agency
        fields = ["id", "name", "sector", "kind"]


class UserSummarySerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "full_name"]


# Reference data.


class LocalAuthoritySerializer(serializers.ModelSerializer[LocalAuthority]):
    class Meta:
        model = LocalAuthority
        fields = ["id", "name", "gss_code", "region"]


class AgencySerializer(serializers.ModelSerializer[Agency]):
    local_authorities = LocalAuthoritySummarySerializer(many=True, read_only=True)

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "sector",
            "kind",
            "local_authorities",
            "email",
            "phone",
            "is_active",
        ]


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    agency = AgencySummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "agency", "role", "starts_on", "ends_on"]


# Spoke placements.


class PlacementSerializer(serializers.ModelSerializer[SpokePlacement]):
    worker = UserSummarySerializer(read_only=True)
    hub = AgencySummarySerializer(read_only=True)
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    host_agency = AgencySummarySerializer(read_only=True, allow_null=True)
    is_active = serializers.SerializerMethodField(
        help_text="Whether the placement is in force today."
    )

    class Meta:
        model = SpokePlacement
        fields = [
            "id",
            "worker",
            "hub",
            "local_authority",
            "host_agency",
            "location_model",
            "starts_on",
            "ends_on",
            "is_active",
            "champion_name",
            "champion_job_title",
            "champion_email",
        ]

    def get_is_active(self, placement: SpokePlacement) -> bool:
        today = timezone.localdate()
        return placement.starts_on <= today and (
            placement.ends_on is None or placement.ends_on > today
        )


def _limit_choices(serializer: serializers.Serializer, name: str, queryset: QuerySet[Any]) -> None:
    """Let a related field accept only ids from `queryset`; others read as unknown ids."""
    field = serializer.fields[name]
    if isinstance(field, serializers.ManyRelatedField):
        field = field.child_relation
    if not isinstance(field, serializers.RelatedField):
        raise TypeError(f"{name} is not a related field.")
    # The stubs type the attribute as a manager too, which mypy reads as a descriptor.
    field.queryset = queryset  # type: ignore[arg-type]


def _request_user(serializer: serializers.Serializer) -> Any:
    """The caller; without a request (as when documenting) nobody, so every choice is empty."""
    request = serializer.context.get("request")
    return request.user if request is not None else AnonymousUser()


class PlacementInputSerializer(serializers.ModelSerializer[SpokePlacement]):
    """What a hub manager sends to create or change a placement, by id."""

    class Meta:
        model = SpokePlacement
        fields = [
            "worker",
            "hub",
            "local_authority",
            "host_agency",
            "location_model",
            "starts_on",
            "ends_on",
            "champion_name",
            "champion_job_title",
            "champion_email",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        # Choices limited to what the caller may name, so an id outside them reads as unknown.
        managed = policies.managed_hub_ids(user)
        _limit_choices(self, "hub", Agency.objects.filter(pk__in=managed))
        _limit_choices(
            self,
            "worker",
            User.objects.filter(pk__in=hub_workers(hub_ids=managed).values("user_id")),
        )
        _limit_choices(self, "local_authority", policies.visible_local_authorities(user))
        _limit_choices(self, "host_agency", policies.visible_agencies(user))


# Information-sharing agreements.


class AgreementSerializer(serializers.ModelSerializer[InformationSharingAgreement]):
    local_authority = LocalAuthoritySummarySerializer(read_only=True)
    parties = AgencySummarySerializer(many=True, read_only=True)
    created_by: serializers.PrimaryKeyRelatedField[User] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    is_current = serializers.SerializerMethodField(
        help_text="Active, and its review is not overdue today."
    )

    class Meta:
        model = InformationSharingAgreement
        fields = [
            "id",
            "title",
            "local_authority",
            "parties",
            "scope",
            "lawful_basis",
            "signed_on",
            "review_due_on",
            "status",
            "is_current",
            "document_reference",
            "created_by",
            "created_at",
            "updated_at",
        ]

    def get_is_current(self, agreement: InformationSharingAgreement) -> bool:
        return agreement.is_current_on(timezone.localdate())


class AgreementInputSerializer(serializers.ModelSerializer[InformationSharingAgreement]):
    """What a hub manager sends to create or change an agreement; parties by agency id."""

    class Meta:
        model = InformationSharingAgreement
        fields = [
            "title",
            "local_authority",
            "parties",
            "scope",
            "lawful_basis",
            "signed_on",
            "review_due_on",
            "status",
            "document_reference",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = _request_user(self)
        _limit_choices(self, "local_authority", policies.visible_local_authorities(user))
        _limit_choices(self, "parties", policies.visible_agencies(user))

    def validate_parties(self, parties: list[Agency]) -> list[Agency]:
        # An agreement the caller's own hub is not party to is one they could no longer manage.
        if not policies.may_create_agreement(_request_user(self), parties=parties):
            raise serializers.ValidationError("Include a hub you manage among the parties.")
        return parties


# Filters for the lists (query string).


class LocalAuthorityFilterSerializer(serializers.Serializer):
    region = serializers.ChoiceField(choices=LocalAuthority.Region.choices, required=False)


class AgencyFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Agency.Kind.choices, required=False)
    sector = serializers.ChoiceField(choices=Agency.Sector.choices, required=False)
    local_authority = serializers.IntegerField(
        min_value=1, required=False, help_text="The id of a local authority the agency covers."
    )


class PlacementFilterSerializer(serializers.Serializer):
    local_authority = serializers.IntegerField(
        min_value=1, required=False, help_text="The id of the local authority."
    )
    location_model = serializers.ChoiceField(
        choices=SpokePlacement.LocationModel.choices, required=False
    )
    active = serializers.BooleanField(
        required=False, help_text="true: in force today; false: ended or not yet started."
    )


class AgreementFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=InformationSharingAgreement.Status.choices, required=False
    )
    local_authority = serializers.IntegerField(
        min_value=1, required=False, help_text="The id of the local authority."
    )
    review_due_before = serializers.DateField(
        required=False, help_text="Only agreements whose review falls due before this date."
    )


def _threshold(name: str) -> serializers.IntegerField:
    low, high = ReminderSettings.LIMITS[name]
    label = str(getattr(ReminderSettings._meta.get_field(name), "verbose_name", name))
    return serializers.IntegerField(
        min_value=low, max_value=high, help_text=f"{label[:1].upper()}{label[1:]} ({low}–{high})."
    )


class ReminderSettingsSerializer(serializers.Serializer):
    """A hub's reminder thresholds: its own, or the defaults (`is_default`) if never changed."""

    hub = serializers.IntegerField(source="hub_id", help_text="The hub's id.")
    is_default = serializers.SerializerMethodField(
        help_text="Whether these are the defaults (the hub has never changed them)."
    )
    version = serializers.IntegerField(help_text="Send it back with a change.")
    updated_at = serializers.DateTimeField(allow_null=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ReminderSettings.LIMITS:
            self.fields[name] = _threshold(name)

    def get_is_default(self, settings: ReminderSettings) -> bool:
        return settings.pk is None

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if instance.pk is None:
            data["updated_at"] = None
        return data


class ReminderSettingsInputSerializer(serializers.Serializer):
    """Any thresholds to change, with the version the change started from."""

    version = serializers.IntegerField(
        min_value=1, help_text="The version the change started from (optimistic locking)."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ReminderSettings.LIMITS:
            field = _threshold(name)
            field.required = False
            self.fields[name] = field
