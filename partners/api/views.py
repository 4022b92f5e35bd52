"""API views for the partnership: read through the policies, write through the services."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from cse_hub.api.errors import CONFLICT, VersionConflict
from cse_hub.api.views import QueryFilterMixin, acting_user
from partners import policies, services
from partners.api import serializers
from partners.models import Agency, InformationSharingAgreement, LocalAuthority, SpokePlacement
from partners.selectors import reminder_settings_for, reminder_settings_of


class ReadOnlyViewSet(
    QueryFilterMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List (paginated in the database, filtered by the query string) and retrieve."""


@extend_schema_view(
    list=extend_schema(
        summary="List local authorities",
        parameters=[serializers.LocalAuthorityFilterSerializer],
    ),
    retrieve=extend_schema(summary="Get a local authority"),
)
class LocalAuthorityViewSet(ReadOnlyViewSet):
    """Local authorities in England, readable by every professional with a membership."""

    serializer_class = serializers.LocalAuthoritySerializer
    filter_serializer_class = serializers.LocalAuthorityFilterSerializer

    def get_queryset(self) -> QuerySet[LocalAuthority]:
        return policies.visible_local_authorities(self.request.user).order_by("name", "pk")

    def apply_filters(
        self, queryset: QuerySet[LocalAuthority], filters: dict[str, Any]
    ) -> QuerySet[LocalAuthority]:
        if "region" in filters:
            queryset = queryset.filter(region=filters["region"])
        return queryset


@extend_schema_view(
    list=extend_schema(summary="List agencies", parameters=[serializers.AgencyFilterSerializer]),
    retrieve=extend_schema(summary="Get an agency"),
)
class AgencyViewSet(ReadOnlyViewSet):
    """Agencies in the partnership; only administrators see agencies that have closed."""

    serializer_class = serializers.AgencySerializer
    filter_serializer_class = serializers.AgencyFilterSerializer

    def get_queryset(self) -> QuerySet[Agency]:
        return (
            policies.visible_agencies(self.request.user)
            .prefetch_related(
                Prefetch("local_authorities", queryset=LocalAuthority.objects.order_by("name"))
            )
            .order_by("name", "pk")
        )

    def apply_filters(
        self, queryset: QuerySet[Agency], filters: dict[str, Any]
    ) -> QuerySet[Agency]:
        for name in ("kind", "sector"):
            if name in filters:
                queryset = queryset.filter(**{name: filters[name]})
        if "local_authority" in filters:
            covering = Agency.local_authorities.through.objects.filter(
                localauthority_id=filters["local_authority"]
            ).values("agency_id")
            queryset = queryset.filter(pk__in=covering)
        return queryset


@extend_schema_view(
    list=extend_schema(
        summary="List spoke placements", parameters=[serializers.PlacementFilterSerializer]
    ),
    retrieve=extend_schema(summary="Get a spoke placement"),
    create=extend_schema(
        summary="Create a spoke placement (hub managers of the hub)",
        request=serializers.PlacementInputSerializer,
        responses={status.HTTP_201_CREATED: serializers.PlacementSerializer},
    ),
    partial_update=extend_schema(
        summary="Change a spoke placement (hub managers of the hub)",
        request=serializers.PlacementInputSerializer,
        responses={status.HTTP_200_OK: serializers.PlacementSerializer},
    ),
)
class PlacementViewSet(ReadOnlyViewSet):
    """Spoke placements, seen by the worker, the hub's managers, the host agency and the LA's
    partnership; created and changed by the hub's managers.
    """

    serializer_class = serializers.PlacementSerializer
    filter_serializer_class = serializers.PlacementFilterSerializer

    def get_queryset(self) -> QuerySet[SpokePlacement]:
        return (
            policies.visible_placements(self.request.user)
            .select_related("worker", "hub", "local_authority", "host_agency")
            .order_by("local_authority__name", "starts_on", "pk")
        )

    def apply_filters(
        self, queryset: QuerySet[SpokePlacement], filters: dict[str, Any]
    ) -> QuerySet[SpokePlacement]:
        if "local_authority" in filters:
            queryset = queryset.filter(local_authority_id=filters["local_authority"])
        if "location_model" in filters:
            queryset = queryset.filter(location_model=filters["location_model"])
        if "active" in filters:
            in_force = SpokePlacement.objects.active().values("pk")
            queryset = (
                queryset.filter(pk__in=in_force)
                if filters["active"]
                else queryset.exclude(pk__in=in_force)
            )
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        if not policies.may_manage_placements(user):
            raise exceptions.PermissionDenied("Only hub managers can create spoke placements.")
        serializer = serializers.PlacementInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        placement = services.placement_create(by=user, **serializer.validated_data)
        return Response(self._shown(placement.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        placement = self.get_object()
        if not policies.may_change_placement(user, placement):
            raise exceptions.PermissionDenied(
                "Only the hub's managers can change this spoke placement."
            )
        serializer = serializers.PlacementInputSerializer(
            placement, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.placement_update(placement=placement, by=user, **serializer.validated_data)
        return Response(self._shown(placement.pk))

    def _shown(self, pk: int) -> dict[str, Any]:
        return serializers.PlacementSerializer(self.get_queryset().get(pk=pk)).data


@extend_schema_view(
    list=extend_schema(
        summary="List information-sharing agreements",
        parameters=[serializers.AgreementFilterSerializer],
    ),
    retrieve=extend_schema(summary="Get an information-sharing agreement"),
    create=extend_schema(
        summary="Create an information-sharing agreement (hub managers of a party hub)",
        request=serializers.AgreementInputSerializer,
        responses={status.HTTP_201_CREATED: serializers.AgreementSerializer},
    ),
    partial_update=extend_schema(
        summary="Change an information-sharing agreement (hub managers of a party hub)",
        request=serializers.AgreementInputSerializer,
        responses={status.HTTP_200_OK: serializers.AgreementSerializer},
    ),
)
class AgreementViewSet(ReadOnlyViewSet):
    """Information-sharing agreements, seen by every party agency; created and changed by the
    managers of a hub that is a party.
    """

    serializer_class = serializers.AgreementSerializer
    filter_serializer_class = serializers.AgreementFilterSerializer

    def get_queryset(self) -> QuerySet[InformationSharingAgreement]:
        return (
            policies.visible_agreements(self.request.user)
            .select_related("local_authority")
            .prefetch_related(Prefetch("parties", queryset=Agency.objects.order_by("name")))
            .order_by("local_authority__name", "title", "pk")
        )

    def apply_filters(
        self, queryset: QuerySet[InformationSharingAgreement], filters: dict[str, Any]
    ) -> QuerySet[InformationSharingAgreement]:
        if "status" in filters:
            queryset = queryset.filter(status=filters["status"])
        if "local_authority" in filters:
            queryset = queryset.filter(local_authority_id=filters["local_authority"])
        if "review_due_before" in filters:
            queryset = queryset.filter(review_due_on__lt=filters["review_due_before"])
        return queryset

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        if not policies.may_manage_agreements(user):
            raise exceptions.PermissionDenied(
                "Only hub managers can create information-sharing agreements."
            )
        serializer = serializers.AgreementInputSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        agreement = services.agreement_create(by=user, **serializer.validated_data)
        return Response(self._shown(agreement.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        agreement = self.get_object()
        if not policies.may_change_agreement(user, agreement):
            raise exceptions.PermissionDenied(
                "Only managers of a hub that is party to this agreement can change it."
            )
        serializer = serializers.AgreementInputSerializer(
            agreement, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        services.agreement_update(agreement=agreement, by=user, **serializer.validated_data)
        return Response(self._shown(agreement.pk))

    def _shown(self, pk: int) -> dict[str, Any]:
        return serializers.AgreementSerializer(self.get_queryset().get(pk=pk)).data


@extend_schema_view(
    list=extend_schema(
        summary="List the reminder settings of the caller's hubs",
        description=(
            "Each hub the caller manages or works for as a spoke worker, with its thresholds "
            "(the defaults where the hub has never changed them). Working days leave out "
            "weekends and bank holidays in England and Wales."
        ),
    ),
    retrieve=extend_schema(summary="Get a hub's reminder settings (by the hub's id)"),
    partial_update=extend_schema(
        summary="Change a hub's reminder settings (the hub's managers)",
        request=serializers.ReminderSettingsInputSerializer,
        responses={status.HTTP_200_OK: serializers.ReminderSettingsSerializer, 409: CONFLICT},
    ),
)
class ReminderSettingsViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Reminder thresholds by hub: read by the hub's managers and spoke workers, changed by its
    managers. Any other hub is 404."""

    serializer_class = serializers.ReminderSettingsSerializer
    lookup_url_kwarg = "pk"

    def get_queryset(self) -> QuerySet[Agency]:
        return policies.reminder_settings_hubs(self.request.user).order_by("name", "pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        hubs = list(page) if page is not None else list(self.get_queryset())
        settings = reminder_settings_for(hub_ids={hub.pk for hub in hubs})
        data = serializers.ReminderSettingsSerializer(
            [settings[hub.pk] for hub in hubs], many=True
        ).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        hub = self.get_object()
        return Response(
            serializers.ReminderSettingsSerializer(reminder_settings_of(hub_id=hub.pk)).data
        )

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = acting_user(request)
        hub = self.get_object()
        if not policies.may_change_reminder_settings(user, hub=hub):
            raise exceptions.PermissionDenied("Only the hub's managers can change its reminders.")
        serializer = serializers.ReminderSettingsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        try:
            saved = services.reminder_settings_set(hub=hub, by=user, version=version, **data)
        except services.ReminderSettingsChangedError as error:
            raise VersionConflict(str(error)) from error
        return Response(serializers.ReminderSettingsSerializer(saved).data)
