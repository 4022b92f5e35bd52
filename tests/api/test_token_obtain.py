"""POST /api/v1/auth/token/: email, password and TOTP code for a hashed, expiring token."""

from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework.throttling import ScopedRateThrottle

from accounts import services as account_services
from audit.models import AuditEvent
from partners.models import Agency, Role
from tests import factories
from tests.api.conftest import assert_error, totp_code, wrong_code

URL = reverse("api:auth-token")

pytestmark = pytest.mark.usefixtures("private_cache")


@pytest.fixture
def user(db):
    hub = factories.agency(kind=Agency.Kind.CSE_HUB)
    return factories.member(agency=hub, role=Role.SPOKE_WORKER)


def obtain(client: Client, **body: str):
    return client.post(URL, body, content_type="application/json")


def test_valid_password_and_code_give_a_token_that_works(client, user):
    """Given the right email, password and current code, then a token is returned once and works."""
    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"token", "expiry", "user_id"}
    assert body["user_id"] == user.pk
    assert body["token"].startswith("csehub_")
    expiry = datetime.datetime.fromisoformat(body["expiry"])
    expected = timezone.now() + knox_settings.TOKEN_TTL
    assert abs((expiry - expected).total_seconds()) < 60
    me = Client().get(reverse("api:me"), HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert me.status_code == 200
    assert me.json()["id"] == user.pk


def test_only_a_digest_of_the_token_is_stored(client, user):
    """Given a token issued, then the database holds its hash, never the token itself."""
    token = obtain(
        client, email=user.email, password=factories.PASSWORD, otp=totp_code(user)
    ).json()["token"]

    stored = AuthToken.objects.get(user=user)
    assert stored.digest != token
    assert token not in stored.digest
    assert len(stored.digest) == 128


def test_issuing_is_audited_with_a_key_prefix_and_never_the_token(client, user):
    """Given a token issued, then an audit event names the user and a short key prefix only."""
    token = obtain(
        client, email=user.email, password=factories.PASSWORD, otp=totp_code(user)
    ).json()["token"]

    event = AuditEvent.objects.get(action=AuditEvent.Action.API_TOKEN_ISSUED)
    assert event.actor_id == user.pk
    assert event.object_id == str(user.pk)
    assert token.startswith(event.metadata["token_key"])
    assert len(event.metadata["token_key"]) < 16
    assert token not in str(event.metadata)


def test_the_email_is_not_case_sensitive(client, user):
    """Given the email in capitals, then the token is still issued."""
    response = obtain(
        client, email=user.email.upper(), password=factories.PASSWORD, otp=totp_code(user)
    )

    assert response.status_code == 201


def test_a_wrong_code_is_refused_and_counts_as_a_failed_login(client, user):
    """Given the right password and a wrong code, then 400, audited, and counted for lockout."""
    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=wrong_code(user))

    assert_error(response, 400, "invalid_credentials")
    assert not AuthToken.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 1
    assert AccessAttempt.objects.get(username=user.email).failures_since_start == 1


def test_a_code_cannot_be_used_twice(client, user):
    """Given a code already used for a token, then the same code is refused the second time."""
    code = totp_code(user)
    assert (
        obtain(client, email=user.email, password=factories.PASSWORD, otp=code).status_code == 201
    )

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=code)

    assert_error(response, 400, "invalid_credentials")


def test_a_missing_code_is_asked_for_where_two_factor_applies(client, user):
    """Given the right password and no code, then 400 naming the otp field, and no token."""
    response = obtain(client, email=user.email, password=factories.PASSWORD)

    error = assert_error(response, 400, "invalid")
    assert error["fields"] == {"otp": ["Enter the code from your authenticator app."]}
    assert not AuthToken.objects.exists()


def test_a_user_without_two_factor_is_told_to_set_it_up_in_the_browser(client, db):
    """Given two-factor required and none set up, then 403 saying to set it up in the browser."""
    hub = factories.agency(kind=Agency.Kind.CSE_HUB)
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp="123456")

    error = assert_error(response, 403, "two_factor_setup_required")
    assert "in the browser" in error["message"]
    assert not AuthToken.objects.exists()


def test_without_mandatory_two_factor_a_user_without_it_needs_no_code(client, settings, db):
    """Given the demo setting off and no authenticator, then password alone gives a token."""
    settings.CSE_HUB_MFA_REQUIRED = False
    hub = factories.agency(kind=Agency.Kind.CSE_HUB)
    user = factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)

    response = obtain(client, email=user.email, password=factories.PASSWORD)

    assert response.status_code == 201


def test_without_mandatory_two_factor_a_user_who_set_it_up_still_needs_the_code(
    client, settings, user
):
    """Given the demo setting off, a user with an authenticator must still give the code."""
    settings.CSE_HUB_MFA_REQUIRED = False

    response = obtain(client, email=user.email, password=factories.PASSWORD)

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"otp"}


def test_wrong_password_and_unknown_email_are_told_apart_by_nothing(client, user):
    """Given a wrong password or an email with no account, then the two answers are identical."""
    wrong_password = obtain(client, email=user.email, password="not-the-password", otp="123456")
    no_account = obtain(
        client, email="nobody@example.test", password="not-the-password", otp="123456"
    )

    assert_error(wrong_password, 400, "invalid_credentials")
    assert wrong_password.status_code == no_account.status_code
    assert wrong_password.json() == no_account.json()


def test_a_disabled_user_cannot_get_a_token(client, user):
    """Given a disabled user with the right password and code, then the generic refusal."""
    account_services.user_disable(user=user, by=None, reason="Left the service.")

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    assert_error(response, 400, "invalid_credentials")
    assert not AuthToken.objects.exists()


def test_missing_fields_are_named(client, db):
    """Given an empty body, then 400 naming the email and password fields."""
    response = client.post(URL, {}, content_type="application/json")

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"email", "password"}


def test_repeated_failures_lock_the_account_with_a_json_message(client, user):
    """Given the failure limit reached through the API, then even the right details are refused."""
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert_error(
            obtain(client, email=user.email, password="not-the-password"),
            400,
            "invalid_credentials",
        )
    # The failure that reaches the limit is answered with the lockout already.
    assert_error(
        obtain(client, email=user.email, password="not-the-password"), 403, "account_locked"
    )

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    error = assert_error(response, 403, "account_locked")
    assert "ask your system administrator to unlock it" in error["message"]
    assert not AuthToken.objects.exists()
    assert account_services.user_is_locked_out(user=user)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()


def test_wrong_codes_count_towards_the_lockout(client, user):
    """Given the right password with wrong codes up to the limit, then the account locks."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = obtain(
            client, email=user.email, password=factories.PASSWORD, otp=wrong_code(user)
        )

    assert_error(response, 403, "account_locked")
    assert account_services.user_is_locked_out(user=user)


def test_success_clears_earlier_failures(client, user):
    """Given some failures then a token issued, then the failure count starts again."""
    obtain(client, email=user.email, password="not-the-password")

    obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_a_user_may_hold_only_a_limited_number_of_tokens(client, user):
    """Given the per-user limit of unexpired tokens reached, then 403 and no new token."""
    limit = knox_settings.TOKEN_LIMIT_PER_USER
    for _ in range(limit):
        AuthToken.objects.create(user=user)

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    assert_error(response, 403, "token_limit_reached")
    assert AuthToken.objects.filter(user=user).count() == limit


def test_expired_tokens_do_not_count_towards_the_limit(client, user):
    """Given the limit reached with expired tokens only, then they are cleared and one issued."""
    for _ in range(knox_settings.TOKEN_LIMIT_PER_USER):
        AuthToken.objects.create(user=user, expiry=datetime.timedelta(seconds=-1))

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    assert response.status_code == 201
    assert AuthToken.objects.filter(user=user).count() == 1


def test_too_many_requests_from_one_address_are_slowed(client, user, monkeypatch):
    """Given the per-address rate used up, then 429 in the error shape with Retry-After."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"api_token": "2/minute"})
    for _ in range(2):
        obtain(client, email=user.email, password="not-the-password")

    response = obtain(client, email=user.email, password=factories.PASSWORD, otp=totp_code(user))

    error = assert_error(response, 429, "throttled")
    assert error["message"].startswith("Too many requests. Try again in ")
    assert int(response["Retry-After"]) > 0


def test_form_encoded_bodies_are_refused(client, user):
    """Given a form-encoded body, then 415 in the error shape (the API reads JSON)."""
    response = client.post(URL, {"email": user.email, "password": factories.PASSWORD})

    assert_error(response, 415, "unsupported_media_type")


def test_other_methods_are_not_allowed(client, db):
    """Given a GET, then 405 in the error shape."""
    assert_error(client.get(URL), 405, "method_not_allowed")
