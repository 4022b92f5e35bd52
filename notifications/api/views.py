"""API views for a person's own notifications: list, mark one read, mark all read.

Another person's notification is 404, exactly as one that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from cse_hub.api.views import QueryFilterMixin, acting_user
from notifications import policies, selectors, services
from notifications.api import serializers
from notifications.models import Notification


@extend_schema_view(
    list=extend_schema(
        summary="List the caller's notifications",
        description=(
            "The caller's own notifications, newest first. Messages never name a child; "
            "`link` is the page on this site the notification is about."
        ),
        parameters=[serializers.NotificationFilterSerializer],
    ),
)
class NotificationViewSet(QueryFilterMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's notifications."""

    serializer_class = serializers.NotificationSerializer
    filter_serializer_class = serializers.NotificationFilterSerializer
    queryset = Notification.objects.none()

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notification_list_for_user(user=self.request.user)

    def apply_filters(
        self, queryset: QuerySet[Notification], filters: dict[str, Any]
    ) -> QuerySet[Notification]:
        if "unread" in filters:
            queryset = queryset.filter(read_at__isnull=filters["unread"])
        return queryset

    @extend_schema(
        summary="Mark a notification read",
        description="Marking one that is already read changes nothing.",
        request=None,
        responses={status.HTTP_200_OK: serializers.NotificationSerializer},
    )
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        notification = get_object_or_404(policies.visible_notifications(user), pk=pk)
        services.notification_open(notification=notification, by=user)
        return Response(serializers.NotificationSerializer(notification).data)

    @extend_schema(
        methods=["GET"],
        summary="How the caller's notifications are emailed",
        responses={status.HTTP_200_OK: serializers.NotificationSettingsSerializer},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Choose how the caller's notifications are emailed",
        request=serializers.NotificationSettingsSerializer,
        responses={status.HTTP_200_OK: serializers.NotificationSettingsSerializer},
    )
    @action(detail=False, methods=["get", "put"], url_path="settings")
    def email_settings(self, request: Request) -> Response:
        user = acting_user(request)
        if request.method == "PUT":
            incoming = serializers.NotificationSettingsSerializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            services.notification_emails_set(
                user=user, by=user, choice=incoming.validated_data["email_notifications"]
            )
        return Response({"email_notifications": user.email_notifications})

    @extend_schema(
        summary="Mark all the caller's notifications read",
        request=None,
        responses={status.HTTP_200_OK: serializers.MarkedAllReadSerializer},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        marked = services.notifications_mark_all_read(by=acting_user(request))
        return Response({"marked": marked})
