"""Requests with an API token: accepted while valid, refused with 401 once not."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from accounts import services as account_services
from accounts.api.services import api_token_issue
from audit.models import AuditEvent
from partners.models import SpokePlacement
from tests.api.conftest import assert_error

ME = reverse("api:me")


def with_token(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_anonymous_callers_get_401_with_a_token_challenge(client, db):
    """Given no credentials, then 401 (not 403) with WWW-Authenticate naming the token scheme."""
    response = client.get(ME)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_valid_token_authenticates(world):
    """Given a token issued to the user, then requests with it act as that user."""
    token = api_token_issue(user=world.spoke_worker).token

    response = with_token(token).get(ME)

    assert response.status_code == 200
    assert response.json()["id"] == world.spoke_worker.pk


def test_a_wrong_token_is_refused(world):
    """Given a token nobody was issued, then 401 in the error shape."""
    issued = api_token_issue(user=world.spoke_worker).token
    forged = issued[:-4] + ("0000" if not issued.endswith("0000") else "1111")

    response = with_token(forged).get(ME)

    assert_error(response, 401, "invalid_token")
    assert response["WWW-Authenticate"] == "Token"


def test_an_expired_token_is_refused_and_removed(world):
    """Given a token past its expiry, then 401 and the token row is deleted."""
    token = api_token_issue(user=world.spoke_worker).token
    AuthToken.objects.filter(user=world.spoke_worker).update(
        expiry=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = with_token(token).get(ME)

    assert_error(response, 401, "invalid_token")
    assert not AuthToken.objects.filter(user=world.spoke_worker).exists()


def test_disabling_a_user_deletes_their_tokens_and_refuses_them(world):
    """Given a user disabled, then their tokens are gone and a request with one gets 401."""
    token = api_token_issue(user=world.spoke_worker).token

    account_services.user_disable(user=world.spoke_worker, by=world.administrator, reason="Left.")
    response = with_token(token).get(ME)

    assert_error(response, 401, "invalid_token")
    assert not AuthToken.objects.filter(user=world.spoke_worker).exists()


def test_a_token_of_an_inactive_user_is_refused_even_if_it_survived(world):
    """Given a user made inactive without the service, then their remaining token still fails."""
    token = api_token_issue(user=world.spoke_worker).token
    type(world.spoke_worker).objects.filter(pk=world.spoke_worker.pk).update(is_active=False)

    response = with_token(token).get(ME)

    assert_error(response, 401, "invalid_token")


@pytest.mark.parametrize("header", ["Token", "Token a b"], ids=["no token", "spaces"])
def test_malformed_authorization_headers_are_refused(db, header):
    """Given a malformed token header, then 401 in the error shape."""
    response = Client(HTTP_AUTHORIZATION=header).get(ME)

    assert_error(response, 401, "authentication_failed")


def test_writes_with_a_token_are_audited_with_the_callers_agency(world):
    """Given a hub manager writing with a token, then the audit event names their hub."""
    client = with_token(api_token_issue(user=world.hub_manager).token)

    response = client.patch(
        reverse("api:placement-detail", kwargs={"pk": world.placement.pk}),
        {"champion_name": "Casey Champion"},
        content_type="application/json",
    )

    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditEvent.Action.PLACEMENT_CHANGED).get()
    assert event.actor_id == world.hub_manager.pk
    assert event.agency_id == world.hub.pk
    assert SpokePlacement.objects.get(pk=world.placement.pk).champion_name == "Casey Champion"


def test_token_writes_need_no_csrf_token(world):
    """Given a token caller (no cookies), then writes work without a CSRF token."""
    client = Client(
        enforce_csrf_checks=True,
        HTTP_AUTHORIZATION=f"Token {api_token_issue(user=world.hub_manager).token}",
    )

    response = client.patch(
        reverse("api:placement-detail", kwargs={"pk": world.placement.pk}),
        {"champion_job_title": "Team manager"},
        content_type="application/json",
    )

    assert response.status_code == 200
