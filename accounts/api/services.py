"""API tokens for machine clients: checking credentials, issuing and revoking, each audited.

A token is shown once, when issued; only its digest is stored. The audit log records the
first characters of the token's lookup key (enough to match it with the token row) and never
the token.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings

from accounts.models import User
from audit.models import AuditEvent
from audit.services import audit_record

# Characters of the secret part of a token's lookup key that the audit log keeps.
_AUDITED_KEY_CHARACTERS = 6


class CredentialsRejected(Exception):
    """The email, password or two-factor code is wrong, or the account is locked out."""


class TwoFactorSetupRequired(Exception):
    """The user must use two-factor authentication but has not set it up."""


class TwoFactorCodeRequired(Exception):
    """Two-factor authentication applies to the user and no code was given."""


class TokenLimitReached(Exception):
    """The user already holds as many unexpired tokens as they may."""


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expiry: datetime.datetime | None
    user_id: int


def two_factor_applies(*, authenticator: Authenticator | None) -> bool:
    """Required for everyone in production; for anyone who has set it up otherwise."""
    return bool(settings.CSE_HUB_MFA_REQUIRED or authenticator is not None)


def api_credentials_check(
    *, request: HttpRequest, email: str, password: str, otp: str = ""
) -> User:
    """The user these credentials prove, counting every failure towards lockout."""
    # Through django.contrib.auth so that django-axes refuses locked-out accounts and counts
    # failures, and the failure is audited, exactly as for the login page.
    user = authenticate(request=request, email=email, password=password)
    if not isinstance(user, User):
        raise CredentialsRejected
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if two_factor_applies(authenticator=authenticator):
        if authenticator is None:
            raise TwoFactorSetupRequired
        if not otp:
            raise TwoFactorCodeRequired
        if not TOTP(authenticator).validate_code(otp):
            # A wrong code counts as a failed login, or the code could be guessed at leisure.
            user_login_failed.send(sender=__name__, credentials={"email": email}, request=request)
            raise CredentialsRejected
    # As the login page does on success (AXES_RESET_ON_SUCCESS), without starting a session.
    if settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.reset_attempts(username=user.email.lower())
    return user


def _audited_key(auth_token: AuthToken) -> str:
    prefix_length = len(knox_settings.TOKEN_PREFIX)
    return auth_token.token_key[: prefix_length + _AUDITED_KEY_CHARACTERS]


@transaction.atomic
def api_token_issue(*, user: User) -> IssuedToken:
    """Make a new token for the user, within their limit of unexpired tokens."""
    # Serialise issuing for one user so two requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    AuthToken.objects.filter(user=user, expiry__lt=timezone.now()).delete()
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    if limit is not None and AuthToken.objects.filter(user=user).count() >= limit:
        raise TokenLimitReached
    auth_token, token = AuthToken.objects.create(user=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.API_TOKEN_ISSUED,
        obj=user,
        metadata={
            "token_key": _audited_key(auth_token),
            "expiry": auth_token.expiry.isoformat() if auth_token.expiry else None,
        },
    )
    return IssuedToken(token=token, expiry=auth_token.expiry, user_id=user.pk)


@transaction.atomic
def api_token_revoke(*, auth_token: AuthToken, by: User) -> None:
    """End one token at once; the next request with it is refused."""
    key = _audited_key(auth_token)
    AuthToken.objects.filter(digest=auth_token.digest).delete()
    audit_record(
        actor=by,
        action=AuditEvent.Action.API_TOKEN_REVOKED,
        obj=auth_token.user,
        metadata={"token_key": key},
    )
