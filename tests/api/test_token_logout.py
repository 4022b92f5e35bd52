"""POST /api/v1/auth/logout/: revoke the token the request was made with."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from accounts.api.services import api_token_issue
from audit.models import AuditEvent
from tests.api.conftest import assert_error

URL = reverse("api:auth-logout")


def test_anonymous_callers_get_401(client, db):
    """Given no token, then 401."""
    assert_error(client.post(URL), 401, "not_authenticated")


def test_a_browser_session_cannot_use_it(world, login):
    """Given a session rather than a token, then 401: there is no token to revoke."""
    assert_error(login(world.spoke_worker).post(URL), 401, "not_authenticated")


def test_logout_revokes_only_the_calling_token(world):
    """Given two tokens, when one logs out, then it stops working and the other still works."""
    first = api_token_issue(user=world.spoke_worker).token
    second = api_token_issue(user=world.spoke_worker).token

    response = Client(HTTP_AUTHORIZATION=f"Token {first}").post(URL)

    assert response.status_code == 204
    assert_error(
        Client(HTTP_AUTHORIZATION=f"Token {first}").get(reverse("api:me")), 401, "invalid_token"
    )
    assert Client(HTTP_AUTHORIZATION=f"Token {second}").get(reverse("api:me")).status_code == 200
    assert AuthToken.objects.filter(user=world.spoke_worker).count() == 1


def test_logout_is_audited_with_a_key_prefix_only(world):
    """Given a token revoked, then an audit event names the user and the key prefix only."""
    token = api_token_issue(user=world.spoke_worker).token

    Client(HTTP_AUTHORIZATION=f"Token {token}").post(URL)

    event = AuditEvent.objects.get(action=AuditEvent.Action.API_TOKEN_REVOKED)
    assert event.actor_id == world.spoke_worker.pk
    assert event.object_id == str(world.spoke_worker.pk)
    assert token.startswith(event.metadata["token_key"])
    assert token not in str(event.metadata)
