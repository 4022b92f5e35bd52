"""Shares: the sharer is told a week before a share ends; at its end it is revoked, its access
removed and audited, and the sharer told."""

from __future__ import annotations

import datetime

import pytest

from audit.models import AuditEvent
from cases import policies
from cases.models import CaseShare
from cases.sharing import case_share_create
from notifications.models import Notification
from partners.services import reminder_settings_set
from tests.schedule.conftest import at, london, recipients, told

pytestmark = pytest.mark.django_db
ENDING = "cases.remind_shares_ending"
EXPIRE = "cases.expire_shares"
D = datetime.date


@pytest.fixture
def shared(world, open_case):
    case = open_case(london(2026, 11, 2, 10))
    with at(london(2026, 11, 2, 11)):
        return case_share_create(
            case=case,
            by=world.hub_manager,
            agency=world.csc_a,
            scope=CaseShare.Scope.FULL,
            lawful_basis=CaseShare.LawfulBasis.SAFEGUARDING,
            reason="Strategy discussion agreed to share.",
            expires_on=D(2026, 12, 10),
        )


def test_the_sharer_is_told_a_week_before_it_ends(world, shared, run):
    assert run(ENDING, london(2026, 12, 2, 19))["reminders"] == 0
    assert run(ENDING, london(2026, 12, 3, 7))["reminders"] == 1
    assert run(ENDING, london(2026, 12, 9, 9))["reminders"] == 0

    assert told(Notification.Kind.SHARE_EXPIRING) == [
        (
            world.hub_manager.pk,
            f"The share of case {shared.case_id} with Ashdown Children's Services ends on 10 "
            "December 2026. Change its end date if the sharing is still needed.",
        )
    ]


def test_at_its_end_the_share_is_revoked_access_removed_audited_and_the_sharer_told(
    world, shared, run
):
    """Given a full share ending on 10 December, then the practitioner sees the case through the
    11th's first run, no longer afterwards; the revocation is audited with no actor."""
    case = shared.case
    assert policies.visible_cases(world.practitioner).filter(pk=case.pk).exists()

    assert run(EXPIRE, london(2026, 12, 10, 23, 32)) == {"ended": 0}
    assert run(EXPIRE, london(2026, 12, 11, 0, 2)) == {"ended": 1}

    practitioner = type(world.practitioner).objects.get(pk=world.practitioner.pk)
    assert not policies.visible_cases(practitioner).filter(pk=case.pk).exists()
    assert policies.access_to(practitioner, case) == policies.Access.NONE
    event = AuditEvent.objects.get(action=AuditEvent.Action.SHARE_EXPIRED)
    assert (event.actor, event.case_id) == (None, case.pk)
    assert recipients(Notification.Kind.SHARE_EXPIRED) == {world.hub_manager.pk}
    assert run(EXPIRE, london(2026, 12, 11, 1, 32)) == {"ended": 0}
    assert Notification.objects.filter(kind=Notification.Kind.SHARE_EXPIRED).count() == 1


def test_a_sharer_who_has_left_is_replaced_by_the_managers(world, shared, run):
    type(world.hub_manager).objects.filter(pk=world.hub_manager.pk).update(is_active=False)
    from partners.models import Role
    from tests import factories

    deputy = factories.member(agency=world.hub, role=Role.HUB_MANAGER, full_name="Dee Puty")

    run(ENDING, london(2026, 12, 4, 9))

    assert recipients(Notification.Kind.SHARE_EXPIRING) == {deputy.pk}


def test_the_hubs_own_notice(world, shared, run):
    reminder_settings_set(
        hub=world.hub, by=world.hub_manager, version=1, share_expiry_notice_days=2
    )

    assert run(ENDING, london(2026, 12, 7, 9))["reminders"] == 0
    assert run(ENDING, london(2026, 12, 8, 9))["reminders"] == 1
