"""How shared resources look in the API: the partner's shape (the current file only), the hub's
(where it is shared and every version), and the inputs of each step."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultancy.models import Resource, ResourceVersion
from consultancy.services.resources import ACCEPTED_SAID, CHANGE_NOTE_MAX, TITLE_MAX
from partners.api.serializers import (
    AgencySummarySerializer,
    LocalAuthoritySummarySerializer,
    UserSummarySerializer,
)
from partners.models import Agency, LocalAuthority

VIEW_HELP = "The caller's view: 'partner' (current version only) or 'hub' (the whole record)."


class VersionSerializer(serializers.ModelSerializer[ResourceVersion]):
    """One uploaded file: never its stored name, which only the server uses."""

    download_url = serializers.SerializerMethodField(
        help_text="Where to download this version (audited)."
    )

    class Meta:
        model = ResourceVersion
        fields = [
            "id",
            "number",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "change_note",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_download_url(self, version: ResourceVersion) -> str:
        if self.context.get("current_only"):
            return reverse("api:resource-download", kwargs={"pk": version.resource_id})
        return reverse(
            "api:resource-version-download",
            kwargs={"pk": version.resource_id, "number": version.number},
        )


class HubVersionSerializer(VersionSerializer):
    uploaded_by = UserSummarySerializer(read_only=True)

    class Meta(VersionSerializer.Meta):
        fields = [*VersionSerializer.Meta.fields, "uploaded_by"]
        read_only_fields = fields


class ResourceRowSerializer(serializers.ModelSerializer[Resource]):
    """One row of a list: the same fields for everyone; the file is the current version."""

    hub = AgencySummarySerializer(read_only=True)
    current_version = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)

    class Meta:
        model = Resource
        fields = ["id", "title", "kind", "description", "hub", "current_version", "withdrawn"]
        read_only_fields = fields

    @extend_schema_field(VersionSerializer(allow_null=True))
    def get_current_version(self, resource: Resource) -> dict[str, Any] | None:
        if resource.current_version is None:
            return None
        return VersionSerializer(resource.current_version, context={"current_only": True}).data


class PartnerResourceSerializer(ResourceRowSerializer):
    """A resource as a partner sees it: what it is and its current file."""

    view = serializers.CharField(read_only=True, help_text=VIEW_HELP)

    class Meta(ResourceRowSerializer.Meta):
        fields = ["view", *ResourceRowSerializer.Meta.fields]
        read_only_fields = fields


class HubResourceSerializer(PartnerResourceSerializer):
    """A resource as its hub sees it: also who may see it, who shared it and every version."""

    local_authorities = LocalAuthoritySummarySerializer(many=True, read_only=True)
    agencies = AgencySummarySerializer(many=True, read_only=True)
    created_by = UserSummarySerializer(read_only=True)
    versions = serializers.SerializerMethodField()

    class Meta(PartnerResourceSerializer.Meta):
        fields = [
            *PartnerResourceSerializer.Meta.fields,
            "audience",
            "local_authorities",
            "agencies",
            "created_by",
            "created_at",
            "updated_at",
            "withdrawn_at",
            "versions",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(HubVersionSerializer(many=True))
    def get_versions(self, resource: Resource) -> list[dict[str, Any]]:
        return list(HubVersionSerializer(self.context.get("versions", []), many=True).data)


# Inputs.


class ResourceFilterSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(
        choices=[("hub", "hub"), ("shared", "shared")],
        required=False,
        help_text=(
            "'hub': the resources of the caller's hubs (hub staff only, the default for them); "
            "'shared': the live resources shared with the caller's agencies (the default for "
            "everyone else)."
        ),
    )
    kind = serializers.ChoiceField(choices=Resource.Kind.choices, required=False)
    search = serializers.CharField(required=False, max_length=100, help_text="Title contains.")
    state = serializers.ChoiceField(
        choices=[("live", "live"), ("withdrawn", "withdrawn"), ("all", "all")],
        required=False,
        help_text="The hub's list only: live (the default), withdrawn or all.",
    )


def _file_field() -> serializers.FileField:
    return serializers.FileField(
        help_text=f"The file: {ACCEPTED_SAID}. Checked by extension and by its first bytes.",
        allow_empty_file=True,
        use_url=False,
    )


class ResourceCreateSerializer(serializers.Serializer):
    """Multipart form: the details, who may see it, and the file."""

    hub = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        help_text="The hub sharing it; may be left out by someone who works for one hub only.",
    )
    title = serializers.CharField(max_length=TITLE_MAX)
    kind = serializers.ChoiceField(choices=Resource.Kind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    audience = serializers.ChoiceField(choices=Resource.Audience.choices)
    local_authorities = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(), many=True, required=False, default=list
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False, default=list
    )
    file = _file_field()
    change_note = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=CHANGE_NOTE_MAX
    )


class ResourceChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)
    title = serializers.CharField(required=False, max_length=TITLE_MAX)
    kind = serializers.ChoiceField(choices=Resource.Kind.choices, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    audience = serializers.ChoiceField(choices=Resource.Audience.choices, required=False)
    local_authorities = serializers.PrimaryKeyRelatedField(
        queryset=LocalAuthority.objects.all(), many=True, required=False
    )
    agencies = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(), many=True, required=False
    )


class ResourceVersionUploadSerializer(serializers.Serializer):
    """Multipart form: the new file, what changed, and the resource's version."""

    version = serializers.IntegerField(min_value=0)
    file = _file_field()
    change_note = serializers.CharField(max_length=CHANGE_NOTE_MAX)


class ResourceVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, help_text="The version the change started from (optimistic locking)."
    )
