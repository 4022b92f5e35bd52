"""Sessions end after 30 minutes idle or 12 hours from login; disabling a user ends them at once."""

from __future__ import annotations

import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.middleware import SESSION_AUTH_AT, SESSION_TOUCHED_AT
from accounts.models import UserSession
from audit.models import AuditEvent
from partners.models import Agency, Role
from tests import factories


@pytest.fixture
def member(db):
    hub = factories.agency(kind=Agency.Kind.CSE_HUB)
    return factories.member(agency=hub, role=Role.SPOKE_WORKER, mfa=False)


@pytest.fixture
def logged_in(client, member, settings):
    settings.CSE_HUB_MFA_REQUIRED = False
    client.post(reverse("account_login"), {"login": member.email, "password": factories.PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_login_is_audited_and_the_session_tracked(logged_in, member):
    """A login writes an audit event and records the session against the user."""
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor=member).exists()
    assert UserSession.objects.filter(
        user=member, session_key=logged_in.session.session_key
    ).exists()


def test_idle_session_expires_after_thirty_minutes(logged_in, settings):
    """Given a session idle past its expiry, when the user returns, then they must log in again."""
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    Session.objects.filter(pk=session_row(logged_in).pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = logged_in.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_activity_renews_the_idle_expiry(logged_in):
    """Given a session last renewed over a minute ago, when it is used, then its expiry moves on."""
    session = logged_in.session
    session[SESSION_TOUCHED_AT] = time.time() - 120
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )

    logged_in.get("/partners/me/")

    remaining = session_row(logged_in).expire_date - timezone.now()
    assert remaining > datetime.timedelta(minutes=29)


def test_session_ends_twelve_hours_after_login_however_active(logged_in):
    """Given a login over 12 hours ago, the next request logs the (active) user out."""
    session = logged_in.session
    session[SESSION_AUTH_AT] = time.time() - 12 * 60 * 60 - 1
    session.save()

    response = logged_in.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in logged_in.session


def test_disabling_a_user_ends_every_session_at_once(client, member, settings, django_user_model):
    """Given a user logged in twice, when disabled, then both sessions are gone and audited."""
    from django.test import Client

    settings.CSE_HUB_MFA_REQUIRED = False
    second = Client()
    for c in (client, second):
        c.post(reverse("account_login"), {"login": member.email, "password": factories.PASSWORD})
    keys = [client.session.session_key, second.session.session_key]
    admin_agency = factories.agency(kind=Agency.Kind.OTHER)
    administrator = factories.member(agency=admin_agency, role=Role.ADMINISTRATOR)

    services.user_disable(user=member, by=administrator, reason="Left the organisation")

    assert not Session.objects.filter(session_key__in=keys).exists()
    for c in (client, second):
        response = c.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    event = AuditEvent.objects.get(action=AuditEvent.Action.USER_DISABLED)
    assert (event.actor_id, event.reason) == (administrator.pk, "Left the organisation")
    assert event.metadata["sessions_and_tokens_ended"] == 2


def test_a_disabled_user_cannot_log_in(client, member, settings):
    """Given a disabled user, when they try the right password, then they are not let in."""
    settings.CSE_HUB_MFA_REQUIRED = False
    services.user_disable(user=member, by=None, reason="Suspended pending enquiry")

    client.post(reverse("account_login"), {"login": member.email, "password": factories.PASSWORD})

    assert "_auth_user_id" not in client.session


def test_disabling_needs_a_reason(member):
    """Disabling without a reason is refused and changes nothing."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.user_disable(user=member, by=None, reason="  ")
    member.refresh_from_db()
    assert member.is_active
