"""break_glass_open: administrators only, with a reason, for an hour, audited, managers told."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import policies
from cases.models import BreakGlassAccess
from cases.sharing import break_glass_open
from partners.models import Role
from partners.services import membership_end
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Subject access request needs the full record checked today."


@pytest.mark.parametrize(
    "role",
    ["hub_manager", "spoke_worker", "practitioner", "commissioner", "other_hub_manager"],
)
def test_only_administrators_may_break_glass(world, case, role):
    """Given anyone but an administrator, then break-glass is refused and nothing is recorded."""
    with pytest.raises(PermissionDenied):
        break_glass_open(case=case, by=world.by_role(role), reason=REASON)

    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.BREAK_GLASS_OPENED).exists()


@pytest.mark.parametrize(
    "reason",
    [pytest.param("", id="no reason"), pytest.param("Checking something.", id="19 characters")],
)
def test_a_reason_of_at_least_twenty_characters_is_required(world, case, reason):
    """Given a short or missing reason, then break-glass is refused, saying how long it must be."""
    with pytest.raises(ValidationError) as refused:
        break_glass_open(case=case, by=world.administrator, reason=reason)

    assert "at least 20 characters" in refused.value.message_dict["reason"][0]
    assert not BreakGlassAccess.objects.exists()


def test_break_glass_gives_an_hour_of_access_and_is_audited(
    world, case, django_capture_on_commit_callbacks
):
    """Given an administrator with a reason, then they may read the case for 60 minutes, and the
    opening is audited with the reason."""
    admin = world.administrator
    assert policies.access_to(admin, case) == policies.Access.NONE

    with django_capture_on_commit_callbacks(execute=True):
        access = break_glass_open(case=case, by=admin, reason=f"  {REASON}  ")

    assert access.reason == REASON
    assert access.expires_at - access.granted_at == datetime.timedelta(minutes=60)
    # The level cached before is forgotten by the service itself.
    assert policies.access_to(admin, case) == policies.Access.BREAK_GLASS
    assert policies.visible_cases(admin).filter(pk=case.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.Action.BREAK_GLASS_OPENED)
    assert (event.actor, event.case_id, event.reason) == (admin, case.pk, REASON)
    assert event.metadata == {"break_glass_id": access.pk}


def test_break_glass_access_lapses_after_the_hour(world, case):
    """Given break-glass opened over an hour ago, then the administrator has no access again."""
    access = break_glass_open(case=case, by=world.administrator, reason=REASON)
    BreakGlassAccess.objects.filter(pk=access.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    policies.forget_access(world.administrator)

    assert policies.access_to(world.administrator, case) == policies.Access.NONE
    assert not policies.visible_cases(world.administrator).filter(pk=case.pk).exists()


def test_the_owning_hubs_managers_are_emailed_a_link_and_no_details(
    world, case, django_capture_on_commit_callbacks
):
    """Given break-glass, then each current manager of the owning hub gets an email with a link to
    the access history and nothing about the child, the case or the reason."""
    second_manager = factories.member(agency=world.hub, role=Role.HUB_MANAGER)
    former = factories.member(agency=world.hub, role=Role.HUB_MANAGER)
    membership_end(
        membership=former.memberships.get(),
        by=world.hub_manager,
        ends_on=timezone.localdate(),
    )

    with django_capture_on_commit_callbacks(execute=True):
        break_glass_open(case=case, by=world.administrator, reason=REASON)

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.hub_manager.email, second_manager.email])
    person = case.young_person
    for message in mail.outbox:
        assert message.subject == "CSE Hub: break-glass access to a case"
        text = message.subject + message.body
        assert f"/cases/{case.pk}/access-history/" in message.body
        assert "http" in message.body
        for detail in (
            person.first_name,
            person.last_name,
            REASON,
            "Subject access",
            world.la_a.name,
            case.get_risk_level_display(),
        ):
            assert detail not in text
        assert str(world.hub) in message.body


def test_no_email_is_sent_before_the_transaction_commits(
    world, case, django_capture_on_commit_callbacks
):
    """Given break-glass inside a transaction, then the email waits for the commit."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        break_glass_open(case=case, by=world.administrator, reason=REASON)

    assert mail.outbox == []
    assert len(callbacks) == 1


def test_other_hubs_managers_are_not_told(world, case, django_capture_on_commit_callbacks):
    """Given break-glass on one hub's case, then another hub's manager hears nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        break_glass_open(case=case, by=world.administrator, reason=REASON)

    assert world.other_hub_manager.email not in {a for m in mail.outbox for a in m.to}
