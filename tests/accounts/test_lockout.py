"""Repeated failed logins lock the account, with a clear message and an administrator unlock."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import services
from audit.models import AuditEvent
from partners.models import Agency, Role
from tests import factories


@pytest.fixture
def user(db):
    hub = factories.agency(kind=Agency.Kind.CSE_HUB)
    return factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)


def fail(client, email: str, times: int):
    response = None
    for _ in range(times):
        response = client.post(
            reverse("account_login"), {"login": email, "password": "wrong-password"}
        )
    return response


def test_failed_logins_are_audited_without_the_typed_text(client, user):
    """Given a wrong password, then a failed-login event names the account by id only."""
    fail(client, user.email, 1)

    event = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).get()
    assert event.actor_id is None
    assert event.metadata == {"user_id": user.pk}
    assert user.email not in str(event.metadata)


def test_account_locks_after_the_limit_with_a_clear_message(client, user):
    """Given the failure limit reached, then even the right password is refused with a message."""
    response = fail(client, user.email, settings.AXES_FAILURE_LIMIT)
    assert response.status_code == 403
    assert "locked" in response.content.decode()

    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )

    assert response.status_code == 403
    assert "ask your system administrator to unlock it" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert services.user_is_locked_out(user=user)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT).exists()


def test_lockout_is_by_account_and_email_case_does_not_matter(client, user):
    """Failures typed in a different case count against the same account."""
    fail(client, user.email.upper(), settings.AXES_FAILURE_LIMIT)

    assert services.user_is_locked_out(user=user)


def test_administrator_unlock_lets_the_user_log_in(client, user):
    """Given a locked account, when an administrator unlocks it, then the right password works."""
    admin_agency = factories.agency(kind=Agency.Kind.OTHER)
    administrator = factories.member(agency=admin_agency, role=Role.ADMINISTRATOR)
    fail(client, user.email, settings.AXES_FAILURE_LIMIT)

    services.user_unlock(user=user, by=administrator)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": factories.PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.USER_UNLOCKED, actor=administrator, object_id=str(user.pk)
    ).exists()


def test_a_successful_login_resets_the_count(client, user):
    """Failures below the limit are forgotten after a successful login."""
    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    client.post(reverse("account_logout"))

    fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)

    assert not services.user_is_locked_out(user=user)
