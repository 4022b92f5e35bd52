"""Helpers for the API tests: callers by role, API tokens, TOTP codes and the error shape."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.test import Client

from accounts.models import User

ANONYMOUS = "anonymous"


def totp_code(user: User, *, periods_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (or a later period's, never valid yet)."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def wrong_code(user: User) -> str:
    """A well-formed code that is not valid now (nor in the tolerated neighbouring periods)."""
    valid = {totp_code(user, periods_ahead=n) for n in (-1, 0, 1)}
    for candidate in ("000000", "111111", "222222", "333333"):
        if candidate not in valid:
            return candidate
    raise AssertionError("unreachable: four distinct codes cannot all be valid")


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is the one error shape with this status (and code); returns its inside."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"status", "code", "message", "fields"}
    assert error["status"] == status
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    return error


@pytest.fixture
def private_cache(settings: Any) -> None:
    """A cache of this test's own, for used TOTP codes and rate limits.

    The suite's cache is shared by parallel test processes, which empty it before each of
    their tests; a code marked as used, or a request counted, could vanish mid-test.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"api-test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture
def caller(world: Any, login: Callable[[User | None], Client]) -> Callable[[str], Client]:
    """A session client for a role in the world, or for nobody when given 'anonymous'."""

    def _caller(name: str) -> Client:
        return login(None if name == ANONYMOUS else world.by_role(name))

    return _caller
