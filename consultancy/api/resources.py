"""API views for shared resources: authorise through `consultancy.policies`, write through the
services, audit every download.

A resource the caller may not see is 404, exactly as one that does not exist; one they see but
may not change is 403; bad input (a file of the wrong type or size included) is 400 with the
service's message; a change that started from a stale version is 409. Uploads are multipart;
everything else is JSON. Downloads stream the file as an attachment of its recorded type.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.urls import URLPattern, URLResolver, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, renderers, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from cases.api.views import CONFLICT, CaseAPIMixin
from consultancy import policies
from consultancy.api import resources_serializers as shapes
from consultancy.models import Resource
from consultancy.selectors.resources import (
    ResourceFilters,
    resource_for_page,
    resource_versions,
    resources_for_hub,
    resources_shared,
)
from consultancy.services import resources as services
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners.models import Agency

RESOURCE = PolymorphicProxySerializer(
    component_name="ResourceRecord",
    serializers=[shapes.PartnerResourceSerializer, shapes.HubResourceSerializer],
    resource_type_field_name=None,
)
INVALID = OpenApiResponse(
    ErrorSerializer,
    description=(
        "The input is not valid: a file that is empty, too large or not of an accepted type, "
        "or a resource that has been withdrawn (`fields` says why). Nothing was saved."
    ),
)
NOT_HUB_STAFF = "Only the hub's spoke workers and managers share resources."
NOT_CHANGER = "Only the hub's managers and whoever shared it can change a resource."
NOT_HISTORY = "Only the hub sees earlier versions of a resource."
FILE = OpenApiResponse(
    OpenApiTypes.BINARY,
    description=(
        "The file, as an attachment of its recorded content type, with "
        "`X-Content-Type-Options: nosniff`. The download is audited."
    ),
)


class AnyFileRenderer(renderers.BaseRenderer):
    """Lets a download answer a client that asks for the file's own type; errors stay JSON."""

    media_type = "*/*"
    format = "file"
    charset = None

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return json.dumps(data).encode() if data is not None else b""


FILE_RENDERERS = [renderers.JSONRenderer, AnyFileRenderer]


def _hub_for(user: User, hub: Agency | None) -> Agency:
    """The hub named, or the caller's only hub."""
    hub_ids = policies.staff_hub_ids(user)
    if hub is None:
        if len(hub_ids) != 1:
            raise exceptions.ValidationError({"hub": ["Choose the hub sharing the resource."]})
        return Agency.objects.get(pk=next(iter(hub_ids)))
    if not policies.may_create_resource(user, hub=hub):
        raise exceptions.ValidationError({"hub": ["Choose a hub you work for."]})
    return hub


@extend_schema_view(
    list=extend_schema(
        summary="List resources",
        description=(
            "Hub staff list their hubs' resources (live ones unless `state` says otherwise); "
            "everyone else the live resources shared with their agencies, directly or through "
            "a local authority their agency covers. By title."
        ),
        parameters=[shapes.ResourceFilterSerializer],
    ),
)
class ResourceViewSet(
    CaseAPIMixin, QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet
):
    """Tools, leaflets and guides a hub shares with partner agencies."""

    serializer_class = shapes.ResourceRowSerializer
    filter_serializer_class = shapes.ResourceFilterSerializer
    queryset = Resource.objects.none()

    def get_queryset(self) -> QuerySet[Resource]:
        return policies.visible_resources(self.request.user)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if getattr(self, "action", None) != "list":
            return queryset
        user = self.request.user
        filters = self.query_filters()
        hub_staff = policies.may_manage_resources_of(user)
        scope = filters.get("scope") or ("hub" if hub_staff else "shared")
        chosen = ResourceFilters(
            kind=filters.get("kind", ""),
            search=filters.get("search", "").strip(),
            state=filters.get("state", "live"),
        )
        if scope == "hub":
            return resources_for_hub(resources=policies.hub_resources(user), filters=chosen)
        return resources_shared(resources=policies.shared_resources(user), filters=chosen)

    # Finding and showing one resource.

    def _resource(self) -> Resource:
        try:
            return resource_for_page(
                pk=self.kwargs["pk"], resources=policies.visible_resources(self.request.user)
            )
        except Resource.DoesNotExist:
            raise Http404 from None

    def _changeable(self) -> Resource:
        resource = self._resource()
        if not policies.may_change_resource(self.request.user, resource):
            if resource.is_withdrawn and policies.may_see_resource_history(
                self.request.user, resource
            ):
                raise exceptions.ValidationError(
                    {"non_field_errors": ["This resource has been withdrawn."]}
                )
            raise exceptions.PermissionDenied(NOT_CHANGER)
        return resource

    def _shown(self, pk: int) -> dict[str, Any]:
        user = self.request.user
        resource = resource_for_page(pk=pk, resources=Resource.objects.all())
        if policies.may_see_resource_history(user, resource):
            resource.view = "hub"  # type: ignore[attr-defined]
            return shapes.HubResourceSerializer(
                resource, context={"versions": resource_versions(resource=resource)}
            ).data
        resource.view = "partner"  # type: ignore[attr-defined]
        return shapes.PartnerResourceSerializer(resource).data

    @staticmethod
    def _valid(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Get a resource",
        description=(
            "Partners see what it is and its current file; the hub also who may see it, who "
            "shared it and every version."
        ),
        responses={status.HTTP_200_OK: RESOURCE},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._shown(self._resource().pk))

    @extend_schema(
        summary="Share a resource (hub staff; multipart with the file)",
        description=(
            f"The file must be {services.ACCEPTED_SAID}, not empty and smaller than the "
            "site's limit; its type is checked by extension and by its first bytes. It is "
            "stored under a random name."
        ),
        request={"multipart/form-data": shapes.ResourceCreateSerializer},
        responses={status.HTTP_201_CREATED: shapes.HubResourceSerializer, 400: INVALID},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        if not policies.may_manage_resources_of(user):
            raise exceptions.PermissionDenied(NOT_HUB_STAFF)
        data = self._valid(shapes.ResourceCreateSerializer, request.data)
        resource = services.resource_create(
            by=user,
            hub=_hub_for(user, data.get("hub")),
            title=data["title"],
            kind=data["kind"],
            audience=data["audience"],
            upload=data["file"],
            description=data["description"],
            local_authorities=data["local_authorities"],
            agencies=data["agencies"],
            change_note=data["change_note"],
        )
        return Response(self._shown(resource.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a resource's details or who may see it",
        description="The hub's managers and whoever shared it; not once withdrawn.",
        request=shapes.ResourceChangeSerializer,
        responses={
            status.HTTP_200_OK: shapes.HubResourceSerializer,
            400: INVALID,
            409: CONFLICT,
        },
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        resource = self._changeable()
        values = self._valid(shapes.ResourceChangeSerializer, request.data)
        version = values.pop("version")
        services.resource_update(
            resource=resource, by=acting_user(request), version=version, **values
        )
        return Response(self._shown(resource.pk))

    @extend_schema(
        summary="Every version of a resource (the hub)",
        description="Newest first, each with who uploaded it and where to download it.",
        responses={status.HTTP_200_OK: shapes.HubVersionSerializer(many=True)},
    )
    def versions(self, request: Request, pk: int) -> Response:
        resource = self._resource()
        if not policies.may_see_resource_history(request.user, resource):
            raise exceptions.PermissionDenied(NOT_HISTORY)
        return Response(
            shapes.HubVersionSerializer(resource_versions(resource=resource), many=True).data
        )

    @extend_schema(
        summary="Withdraw a resource: partners no longer see it",
        request=shapes.ResourceVersionSerializer,
        responses={
            status.HTTP_200_OK: shapes.HubResourceSerializer,
            400: INVALID,
            409: CONFLICT,
        },
    )
    def withdraw(self, request: Request, pk: int) -> Response:
        resource = self._changeable()
        data = self._valid(shapes.ResourceVersionSerializer, request.data)
        services.resource_withdraw(
            resource=resource, by=acting_user(request), version=data["version"]
        )
        return Response(self._shown(resource.pk))

    # Downloads.

    def _file(self, *, number: int | None) -> FileResponse:
        resource = self._resource()
        user = acting_user(self.request)
        if number is not None and not policies.may_see_resource_history(user, resource):
            raise Http404
        with transaction.atomic():
            try:
                version = services.resource_download(resource=resource, by=user, number=number)
            except DjangoValidationError:
                raise Http404 from None
            handle = version.file.open("rb")
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=version.original_name,
            content_type=version.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response

    @extend_schema(
        summary="Download the current file (audited)",
        description="Everyone who may see the resource; a withdrawn one only for the hub.",
        responses={status.HTTP_200_OK: FILE},
    )
    def download(self, request: Request, pk: int) -> FileResponse:
        return self._file(number=None)

    @extend_schema(
        summary="Download one version's file (the hub; audited)",
        description="Earlier versions are the hub's own record: 404 for partners.",
        responses={status.HTTP_200_OK: FILE},
    )
    def version_download(self, request: Request, pk: int, number: int) -> FileResponse:
        return self._file(number=number)


class ResourceUploadViewSet(ResourceViewSet):
    """The routes that take a file: multipart instead of JSON."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Upload a new version (multipart with the file)",
        description="Partners download the new version from now on; older ones stay for the hub.",
        request={"multipart/form-data": shapes.ResourceVersionUploadSerializer},
        responses={
            status.HTTP_201_CREATED: shapes.HubResourceSerializer,
            400: INVALID,
            409: CONFLICT,
        },
    )
    def version_upload(self, request: Request, pk: int) -> Response:
        resource = self._changeable()
        data = self._valid(shapes.ResourceVersionUploadSerializer, request.data)
        services.resource_version_upload(
            resource=resource,
            by=acting_user(request),
            upload=data["file"],
            change_note=data["change_note"],
            version=data["version"],
        )
        return Response(self._shown(resource.pk), status=status.HTTP_201_CREATED)


urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "resources/",
        ResourceUploadViewSet.as_view({"get": "list", "post": "create"}),
        name="resource-list",
    ),
    path(
        "resources/<int:pk>/",
        ResourceViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="resource-detail",
    ),
    path(
        "resources/<int:pk>/versions/",
        ResourceUploadViewSet.as_view({"get": "versions", "post": "version_upload"}),
        name="resource-versions",
    ),
    path(
        "resources/<int:pk>/versions/<int:number>/download/",
        ResourceViewSet.as_view({"get": "version_download"}, renderer_classes=FILE_RENDERERS),
        name="resource-version-download",
    ),
    path(
        "resources/<int:pk>/withdraw/",
        ResourceViewSet.as_view({"post": "withdraw"}),
        name="resource-withdraw",
    ),
    path(
        "resources/<int:pk>/download/",
        ResourceViewSet.as_view({"get": "download"}, renderer_classes=FILE_RENDERERS),
        name="resource-download",
    ),
]
