"""Session limits (idle and absolute) and mandatory two-factor set-up, for every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_AUTH_AT = "cse_hub_auth_at"
SESSION_TOUCHED_AT = "cse_hub_touched_at"
SESSION_MFA_ENROLLED = "cse_hub_mfa_enrolled"
# Renew the idle expiry at most this often, so most requests do not write the session.
TOUCH_EVERY_SECONDS = 60


def json_error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    # Imported late: the API error module loads DRF's settings, which import this module.
    from cse_hub.api.errors import json_error as api_json_error

    return api_json_error(request, status, code, message)


class SessionLimitsMiddleware:
    """End a session 12 hours after login, and renew the 30-minute idle expiry as it is used."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            auth_at = request.session.setdefault(SESSION_AUTH_AT, now)
            if now - auth_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return json_error(request, 401, "session_expired", "Your session has ended.")
                messages.info(request, "Your session has ended. Sign in again to continue.")
                return redirect(f"{reverse(settings.LOGIN_URL)}?next={request.path}")
            if now - request.session.get(SESSION_TOUCHED_AT, 0) > TOUCH_EVERY_SECONDS:
                request.session[SESSION_TOUCHED_AT] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Send a user with no authenticator to set one up before they can do anything else."""

    allowed_url_names = (
        "mfa_activate_totp",
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_logout",
        "account_reauthenticate",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._allowed_paths: set[str] | None = None

    def allowed_paths(self) -> set[str]:
        if self._allowed_paths is None:
            self._allowed_paths = {reverse(name) for name in self.allowed_url_names}
        return self._allowed_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.CSE_HUB_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.session.get(SESSION_MFA_ENROLLED)
            and not self._exempt(request)
        ):
            if Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists():
                request.session[SESSION_MFA_ENROLLED] = True
            elif request.path.startswith("/api/"):
                return json_error(
                    request,
                    403,
                    "two_factor_setup_required",
                    "Set up two-factor authentication in the browser before using the API.",
                )
            else:
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _exempt(self, request: HttpRequest) -> bool:
        path = request.path
        return (
            path in self.allowed_paths()
            or path.startswith(settings.STATIC_URL)
            or path == "/health/"
        )
