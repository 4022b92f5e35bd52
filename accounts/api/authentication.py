"""How API callers prove who they are: a browser session with two-factor set up, or a token.

Tokens are django-rest-knox's: only a SHA-512 digest is stored, each expires after
`REST_KNOX["TOKEN_TTL"]`, and disabling a user deletes theirs. The token class comes first in
`DEFAULT_AUTHENTICATION_CLASSES` so that an anonymous caller is told 401 with a
`WWW-Authenticate: Token` header rather than 403.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from knox.models import AuthToken
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from accounts.middleware import SESSION_MFA_ENROLLED
from audit import context
from partners.selectors import active_memberships

# A message for the caller, not a secret.
INVALID_TOKEN = "The API token is not valid: it is wrong, has expired or has been revoked."  # noqa: S105
TWO_FACTOR_SETUP_REQUIRED = "Set up two-factor authentication in the browser before using the API."


class TwoFactorSetupRequired(exceptions.PermissionDenied):
    default_detail = TWO_FACTOR_SETUP_REQUIRED
    default_code = "two_factor_setup_required"


class ExpiringTokenAuthentication(TokenAuthentication):
    """Knox tokens; wrong, expired and disabled users' tokens all fail alike with 401."""

    def authenticate_credentials(self, token: bytes) -> tuple[Any, AuthToken]:
        try:
            return super().authenticate_credentials(token)
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN, code="invalid_token") from None

    def validate_user(self, auth_token: AuthToken) -> tuple[Any, AuthToken]:
        if not auth_token.user.is_active:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN, code="invalid_token")
        return auth_token.user, auth_token

    def authenticate(self, request: Request) -> tuple[Any, AuthToken] | None:
        result = super().authenticate(request)
        if result is not None:
            # Middleware could not know a token caller's agency; audit events need it.
            memberships = active_memberships(result[0])
            context.set_agency(memberships[0].agency_id if memberships else None)
        return result


class TwoFactorSessionAuthentication(SessionAuthentication):
    """The browser's session (with CSRF checks), once two-factor authentication is set up."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        # TwoFactorRequiredMiddleware already answers these requests; this holds if it moves.
        if (
            result is not None
            and settings.CSE_HUB_MFA_REQUIRED
            and not request._request.session.get(SESSION_MFA_ENROLLED)
        ):
            raise TwoFactorSetupRequired()
        return result


class ExpiringTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.ExpiringTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition: dict[str, Any] = build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106 (the scheme's name, not a secret)
        )
        definition["description"] = (
            "An API token from POST /api/v1/auth/token/, sent as 'Authorization: Token <token>'."
        )
        return definition


class TwoFactorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.api.authentication.TwoFactorSessionAuthentication"
    name = "browserSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": (
                "The browser session after logging in with two-factor authentication; "
                "writes also need the CSRF token in the X-CSRFToken header."
            ),
        }
