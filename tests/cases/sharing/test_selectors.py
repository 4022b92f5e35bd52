"""shares_for_case and case_access_history: what the case page and its access history list."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from cases.models import CaseShare
from cases.services import case_read_record
from cases.sharing import case_access_history, case_share_revoke, shares_for_case

pytestmark = pytest.mark.django_db


def test_shares_list_live_ones_first_then_past_ones(world, case, share):
    """Given a revoked share and two live ones, then live shares come first, newest first."""
    past = share(agency=world.police)
    case_share_revoke(share=past, by=world.hub_manager, reason="Investigation closed.")
    older = share(agency=world.csc_a)
    newer = share(professional=world.other_la_practitioner, scope=CaseShare.Scope.FULL)

    assert list(shares_for_case(case=case)) == [newer, older, past]


def test_shares_of_other_cases_are_not_listed(world, case, share):
    """Given a share of this case, then the list for another case is empty."""
    from cases import services

    share()
    other = services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_b,
        risk_level="low",
        rationale="Worries at school.",
        young_person_data={"first_name": "Casey", "last_name": "Placeholder"},
    )

    assert list(shares_for_case(case=other)) == []


@pytest.mark.parametrize("extra", [0, 4], ids=["one share", "five shares"])
def test_shares_are_listed_in_one_query(world, case, share, django_assert_num_queries, extra):
    """Given one or many shares, then listing them with who and what is one query."""
    from tests import factories

    share()
    for _ in range(extra):
        share(agency=factories.agency())

    # One query: shares joined to agency, professional, agreement, sharer and revoker.
    with django_assert_num_queries(1):
        rows = [
            (s.agency, s.professional, s.agreement, s.shared_by, s.revoked_by)
            for s in shares_for_case(case=case)
        ]
    assert len(rows) == extra + 1


def test_access_history_is_the_cases_events_newest_first(world, case, share):
    """Given writes and reads on the case, then its history lists them all, newest first."""
    share()
    case_read_record(by=world.practitioner, case=case, action=AuditEvent.Action.CASE_VIEWED)

    actions = [event.action for event in case_access_history(case=case)]

    assert actions == [
        AuditEvent.Action.CASE_VIEWED,
        AuditEvent.Action.SHARE_CREATED,
        AuditEvent.Action.CASE_OPENED,
    ]


@pytest.mark.parametrize("reads", [1, 10], ids=["one read", "ten reads"])
def test_access_history_page_is_one_query(world, case, django_assert_num_queries, reads):
    """Given one or many reads, then a page of history with actors and agencies is one query."""
    for _ in range(reads):
        case_read_record(by=world.hub_manager, case=case, action=AuditEvent.Action.CASE_VIEWED)

    # One query: the events joined to their actor and agency, sliced by the caller's paginator.
    with django_assert_num_queries(1):
        page = [(e.actor, e.agency) for e in case_access_history(case=case)[:25]]
    assert len(page) == reads + 1
