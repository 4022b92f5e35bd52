"""Shapes of the token and current-user endpoints."""

from __future__ import annotations

from rest_framework import serializers

from partners.api.serializers import MembershipSerializer, PlacementSerializer


class TokenCredentialsSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"}
    )
    otp = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text=(
            "The current code from the authenticator app. Needed where two-factor "
            "authentication applies, which is every account in production."
        ),
    )


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send as 'Authorization: Token <token>'. Shown once; it cannot be shown again."
    )
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")
    user_id = serializers.IntegerField()


class CurrentUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    job_title = serializers.CharField(allow_blank=True)
    memberships = MembershipSerializer(
        many=True, help_text="Memberships in force today, with the agency and role."
    )
    placements = PlacementSerializer(many=True, help_text="Spoke placements in force today.")
