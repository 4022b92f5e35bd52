"""Signed-in sessions and an API token for the benchmark's actors, made in a setup step.

A session holds what signing in with a password and a TOTP code leaves in it (Django's
authentication keys, the login time, the two-factor marker that
`TwoFactorRequiredMiddleware` sets, the membership acted in) and is tracked in
`accounts.UserSession` as the login receiver tracks it, so the application checks it on every
request exactly as it checks a person's. Nothing in the application is bypassed: only the
login form, which the benchmark does not measure, is skipped. The API token is issued and
revoked through the accounts services, and both are audited as they would be for anyone.
"""

from __future__ import annotations

import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from knox.crypto import hash_token
from knox.models import AuthToken
from knox.settings import knox_settings

from accounts.api.services import TokenLimitReached, api_token_issue, api_token_revoke
from accounts.middleware import SESSION_AUTH_AT, SESSION_MFA_ENROLLED, SESSION_TOUCHED_AT
from accounts.models import User, UserSession
from partners.middleware import SESSION_MEMBERSHIP
from partners.models import Membership

# The backend `accounts.backends.EmailBackend` signs people in with; sessions name it.
LOGIN_BACKEND = "accounts.backends.EmailBackend"


def _session_store() -> type[SessionBase]:
    engine = import_module(settings.SESSION_ENGINE)
    store: type[SessionBase] = engine.SessionStore
    return store


@transaction.atomic
def session_open(*, membership: Membership) -> str:
    """A new session signed in as the membership's user, acting in that membership."""
    user = membership.user
    now = time.time()
    session = _session_store()()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = LOGIN_BACKEND
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_AUTH_AT] = now
    session[SESSION_TOUCHED_AT] = now
    session[SESSION_MFA_ENROLLED] = True
    session[SESSION_MEMBERSHIP] = membership.pk
    session.create()
    assert session.session_key is not None
    UserSession.objects.create(user=user, session_key=session.session_key)
    return session.session_key


@transaction.atomic
def sessions_close(*, keys: list[str]) -> None:
    """End the sessions as signing out would, and forget them."""
    store = _session_store()
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(session_key__in=keys).delete()


def api_token_open(*, user: User) -> str:
    """A new API token for the user; at their limit, the one closest to expiry is revoked."""
    try:
        return api_token_issue(user=user).token
    except TokenLimitReached:
        oldest = AuthToken.objects.filter(user=user).order_by("expiry").first()
        if oldest is not None:
            api_token_revoke(auth_token=oldest, by=user)
        return api_token_issue(user=user).token


def api_token_close(*, user: User, token: str) -> None:
    found = AuthToken.objects.filter(digest=hash_token(token)).first()
    if found is not None:
        api_token_revoke(auth_token=found, by=user)


def authorization_header(token: str) -> str:
    """How a machine client sends it; knox's prefix is already part of the token."""
    assert token.startswith(knox_settings.TOKEN_PREFIX)
    return f"Token {token}"
