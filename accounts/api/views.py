"""API views for tokens and the current user: parse, call a service, shape the answer."""

from __future__ import annotations

from typing import Any, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.api import services
from accounts.api.authentication import ExpiringTokenAuthentication, TwoFactorSetupRequired
from accounts.api.serializers import (
    CurrentUserSerializer,
    IssuedTokenSerializer,
    TokenCredentialsSerializer,
)
from cse_hub.api.errors import ErrorSerializer
from cse_hub.api.views import acting_user
from partners.models import DatedQuerySet
from partners.selectors import active_memberships, placements_for_worker


class CredentialsRejected(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    # One message whichever part was wrong, so a caller learns nothing about the account.
    default_detail = "The email address, password or code from the authenticator app is not right."
    default_code = "invalid_credentials"


class TokenLimitReached(exceptions.PermissionDenied):
    default_detail = (
        "You already hold as many API tokens as you may. Revoke one you no longer use "
        "(POST /api/v1/auth/logout/ with it) or wait for one to expire."
    )
    default_code = "token_limit_reached"


class TokenObtainView(APIView):
    """Exchange email, password and two-factor code for an API token."""

    # No session: the caller proves who they are in the body, and gets no cookie back.
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    parser_classes = [JSONParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "api_token"

    @extend_schema(
        operation_id="auth_token_create",
        summary="Get an API token",
        description=(
            "Give the email address, password and, where two-factor authentication applies "
            "(every account in production), the current code from the authenticator app. "
            "Failures count towards the account lockout, as on the login page."
        ),
        request=TokenCredentialsSerializer,
        responses={
            status.HTTP_201_CREATED: IssuedTokenSerializer,
            status.HTTP_400_BAD_REQUEST: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "A field is missing (`otp` where two-factor authentication applies), "
                    "or the credentials are not right ('invalid_credentials')."
                ),
            ),
            status.HTTP_403_FORBIDDEN: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "The account is locked after failed attempts ('account_locked'), "
                    "two-factor authentication is not set up ('two_factor_setup_required'), "
                    "or the user holds too many tokens ('token_limit_reached')."
                ),
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenCredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            # The underlying request: django-axes marks it, and its middleware reads the mark.
            user = services.api_credentials_check(
                request=request._request,
                email=data["email"],
                password=data["password"],
                otp=data["otp"],
            )
            issued = services.api_token_issue(user=user)
        except services.CredentialsRejected:
            raise CredentialsRejected() from None
        except services.TwoFactorSetupRequired:
            raise TwoFactorSetupRequired(
                "Set up two-factor authentication in the browser before asking for an API token."
            ) from None
        except services.TwoFactorCodeRequired:
            raise exceptions.ValidationError(
                {"otp": ["Enter the code from your authenticator app."]}
            ) from None
        except services.TokenLimitReached:
            raise TokenLimitReached() from None
        return Response(IssuedTokenSerializer(issued).data, status=status.HTTP_201_CREATED)


class TokenLogoutView(APIView):
    """Revoke the token this request was made with."""

    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="auth_logout_create",
        summary="Revoke this API token",
        request=None,
        responses={status.HTTP_204_NO_CONTENT: None},
    )
    def post(self, request: Request) -> Response:
        services.api_token_revoke(auth_token=request.auth, by=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CurrentUserView(APIView):
    """The caller: who they are, their memberships in force and their current placements."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="me_retrieve", summary="Get the current user", responses=CurrentUserSerializer
    )
    def get(self, request: Request) -> Response:
        user = acting_user(request)
        # The selector's queryset is the dated kind, so `active()` applies (today's placements);
        # the worker is joined too because each placement shows who holds it.
        placements = (
            cast(DatedQuerySet, placements_for_worker(worker_id=user.pk))
            .active()
            .select_related("worker")
        )
        shown = {
            "id": user.pk,
            "full_name": user.full_name,
            "email": user.email,
            "job_title": user.job_title,
            "memberships": active_memberships(user),
            "placements": placements,
        }
        return Response(CurrentUserSerializer(shown).data)
