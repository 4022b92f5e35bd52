"""How notifications look in the API: what the person was told, where it points, if read."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User
from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    title = serializers.CharField(read_only=True, help_text="A generic title for the kind.")
    link = serializers.CharField(
        read_only=True, help_text="The path on this site the notification is about."
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "message", "link", "created_at", "read_at"]
        read_only_fields = fields


class NotificationFilterSerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False,
        help_text="true for unread notifications only, false for read ones only.",
    )


class MarkedAllReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")


class NotificationSettingsSerializer(serializers.Serializer):
    email_notifications = serializers.ChoiceField(
        choices=User.EmailNotifications.choices,
        help_text="immediate: an email as each notification arrives; daily: one digest a day. "
        "Emails carry a link and never a child's details.",
    )
