"""A new installation gets its first administrator from a command; sessions are tidied daily."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command

from accounts import policies
from accounts.models import User, UserSession
from accounts.services import sessions_clear_expired
from audit.models import AuditEvent
from tests import factories


def test_create_administrator_invites_an_administrator(db, django_capture_on_commit_callbacks):
    """Given an empty installation, the command makes an administrator and emails their link."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_administrator",
            email="First.Admin@Example.test",
            name="Avery Admin",
            base_url="https://cse-hub.example",
        )

    user = User.objects.get(email="first.admin@example.test")
    assert not user.has_usable_password()
    assert policies.may_administer(user)
    assert len(mail.outbox) == 1
    assert "https://cse-hub.example/accounts/password/reset/key/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditEvent.Action.USER_INVITED).exists()


def test_create_administrator_refuses_an_existing_email(db):
    """Given the email is taken, the command fails with a message and adds nothing."""
    factories.user(email="taken@example.test")

    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "create_administrator",
            email="taken@example.test",
            name="Someone",
            base_url="https://cse-hub.example",
        )
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.USER_INVITED).exists()


def test_clearing_sessions_forgets_sessions_that_are_gone(client, db):
    """Tracking rows of deleted sessions go; those of live sessions stay."""
    user = factories.user()
    client.force_login(user)
    live_key = client.session.session_key  # logging in tracked it
    UserSession.objects.create(user=user, session_key="gone" * 8)

    assert sessions_clear_expired() == 1

    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live_key]
    assert Session.objects.filter(session_key=live_key).exists()
