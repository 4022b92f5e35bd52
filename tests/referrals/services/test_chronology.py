"""A referral's steps appear on its case's chronology, linked only for those who may open it."""

from __future__ import annotations

from cases.selectors import chronology
from referrals.models import Referral

S = Referral.Status


def test_an_allocated_referral_is_received_accepted_and_allocated_on_the_case(world, make_referral):
    """Given a referral accepted and allocated, when the hub manager reads the case's
    chronology, then it shows the referral received, accepted and allocated, each linking to
    the referral, at the times the steps were taken."""
    referral = make_referral(status=S.ALLOCATED)
    assert referral.case is not None

    events = chronology(user=world.hub_manager, case=referral.case)
    steps = [e for e in events if e.kind == "referral"]

    assert [e.title for e in sorted(steps, key=lambda e: e.occurred_at)] == [
        f"Referral {referral.reference} received (priority)",
        f"Referral {referral.reference} accepted",
        f"Referral {referral.reference} allocated to {world.spoke_worker}",
    ]
    assert [e.occurred_at for e in sorted(steps, key=lambda e: e.occurred_at)] == [
        referral.submitted_at,
        referral.decided_at,
        referral.allocated_at,
    ]
    assert {e.url for e in steps} == {referral.get_absolute_url()}


def test_only_referral_events_are_shown_when_filtered(world, make_referral):
    """Given an allocated referral, when the chronology is filtered to referrals, then only
    the referral's three steps are listed."""
    referral = make_referral(status=S.ALLOCATED)

    events = chronology(user=world.hub_manager, case=referral.case, kinds=["referral"])

    assert [e.kind for e in events] == ["referral"] * 3


def test_someone_who_may_not_open_the_referral_sees_the_events_without_a_link(world, make_referral):
    """Given an allocated referral whose case is on a placement team's view, when a spoke worker
    who was not allocated reads the chronology, then the referral's steps show with no link."""
    from partners.models import Role
    from tests import factories

    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    factories.placement(
        worker=colleague, hub=world.hub, local_authority=world.la_a, by=world.hub_manager
    )
    referral = make_referral(status=S.ALLOCATED)

    steps = [e for e in chronology(user=colleague, case=referral.case) if e.kind == "referral"]

    assert len(steps) == 3
    assert {e.url for e in steps} == {""}
