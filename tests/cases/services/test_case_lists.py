"""Caseloads and case lists: flags in SQL, filters, scopes, and constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseShare, RiskLevel
from cases.selectors import caseload_for_worker, hub_case_list, shared_case_list
from partners.selectors import active_memberships
from tests import factories


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def test_caseload_flags_no_recent_contact_and_overdue_reviews(world, case, open_case, log):
    """Given cases with recent, old and no contact, and one with its review past due, when
    the worker's caseload is read, then each case's flags say so."""
    recent = open_case(opened_on=days_ago(30))
    log(case=recent, occurred_at=timezone.now() - datetime.timedelta(days=2))
    stale = open_case(opened_on=days_ago(30))
    log(case=stale, occurred_at=timezone.now() - datetime.timedelta(days=20))
    never = open_case(opened_on=days_ago(15))
    new = case  # opened today, no contact yet
    overdue = open_case(opened_on=days_ago(100))  # medium: review fell due after 8 weeks

    flags = {
        c.pk: (c.no_recent_contact, c.review_overdue)
        for c in caseload_for_worker(user=world.spoke_worker)
    }

    assert flags == {
        recent.pk: (False, False),
        stale.pk: (True, False),
        never.pk: (True, False),
        new.pk: (False, False),
        overdue.pk: (True, True),
    }


def test_caseload_is_open_allocated_cases_riskiest_first(world, open_case):
    """Given a high-risk case led, a low-risk one co-worked, a closed one, and another
    worker's case, when the caseload is read, then it is the two open allocated cases,
    high risk first."""
    colleague = factories.member(agency=world.hub, role="spoke_worker")
    high = open_case(risk_level=RiskLevel.HIGH)
    co_worked = open_case(risk_level=RiskLevel.LOW, lead_worker=colleague)
    services.case_allocate(
        case=co_worked,
        by=world.hub_manager,
        version=co_worked.version,
        lead_worker=colleague,
        co_workers=[world.spoke_worker],
    )
    closed = open_case()
    services.case_close(
        case=closed, by=world.hub_manager, version=1, reason="other", outcome="Moved away."
    )
    open_case(lead_worker=colleague)

    assert [c.pk for c in caseload_for_worker(user=world.spoke_worker)] == [high.pk, co_worked.pk]


@pytest.mark.parametrize("count", [1, 6])
def test_caseload_is_one_query_however_many_cases(
    world, case, open_case, log, count, django_assert_num_queries
):
    """Given 1 or 6 cases with contact, when the caseload and its young people are read,
    then it takes one query."""
    for made in [case, *(open_case() for _ in range(count - 1))]:
        log(case=made)

    # One query: the cases joined to their young people, flags computed in SQL.
    with django_assert_num_queries(1):
        rows = [
            (c.young_person.display_name, c.no_recent_contact, c.review_overdue)
            for c in caseload_for_worker(user=world.spoke_worker)
        ]
    assert len(rows) == count


def test_hub_list_filters_by_status_risk_worker_and_area(world, open_case):
    """Given the hub's cases in two areas with different workers and risks, when the
    manager filters, then each filter narrows the list; another hub's cases never show."""
    colleague = factories.member(agency=world.hub, role="spoke_worker")
    a_high = open_case(risk_level=RiskLevel.HIGH)
    a_low = open_case(risk_level=RiskLevel.LOW, lead_worker=colleague)
    b_medium = open_case(local_authority=world.la_b, lead_worker=None)
    closed = open_case()
    services.case_close(case=closed, by=world.hub_manager, version=1, reason="other", outcome="x")
    open_case(by=world.other_hub_manager, hub=world.other_hub, lead_worker=None)

    def pks(**filters):
        return [c.pk for c in hub_case_list(user=world.hub_manager, **filters)]

    assert pks() == [a_high.pk, b_medium.pk, a_low.pk]
    assert pks(status="closed") == [closed.pk]
    assert set(pks(status="all")) == {a_high.pk, a_low.pk, b_medium.pk, closed.pk}
    assert pks(risk_level=RiskLevel.LOW) == [a_low.pk]
    assert pks(worker_id=colleague.pk) == [a_low.pk]
    assert pks(local_authority_id=world.la_b.pk) == [b_medium.pk]
    assert pks(sort="opened") == sorted([a_high.pk, a_low.pk, b_medium.pk], reverse=True)
    assert pks(status="nonsense", sort="nonsense") == [a_high.pk, b_medium.pk, a_low.pk]
    assert pks(worker_id="not-an-id", local_authority_id="") == pks()
    assert len(pks(status="all", sort="name")) == 4
    assert not hub_case_list(user=world.spoke_worker)


def test_hub_list_worker_filter_includes_co_workers_once(world, open_case):
    """Given a worker who leads one case and co-works another, when the list is filtered
    by them, then both cases show, once each."""
    colleague = factories.member(agency=world.hub, role="spoke_worker")
    led = open_case(lead_worker=colleague)
    co_worked = open_case()
    services.case_allocate(
        case=co_worked,
        by=world.hub_manager,
        version=1,
        lead_worker=world.spoke_worker,
        co_workers=[colleague],
    )

    rows = [c.pk for c in hub_case_list(user=world.hub_manager, worker_id=colleague.pk)]
    assert sorted(rows) == sorted([led.pk, co_worked.pk])


@pytest.mark.parametrize("count", [1, 6])
def test_hub_list_is_one_query_however_many_cases(
    world, open_case, count, django_assert_num_queries
):
    """Given 1 or 6 of the hub's cases, when the manager's list is read with its young
    people, workers and areas, then it takes one query."""
    for _ in range(count):
        open_case()
    active_memberships(world.hub_manager)  # loaded once per request by the middleware

    # One query: the cases joined to young person, lead worker and area, flags in SQL.
    with django_assert_num_queries(1):
        rows = [
            (c.young_person.display_name, str(c.lead_worker), str(c.local_authority))
            for c in hub_case_list(user=world.hub_manager, sort="contact")
        ]
    assert len(rows) == count


def test_shared_list_shows_each_case_at_its_widest_scope(world, open_case, grant):
    """Given cases shared with children's services at each scope, and one shared with a
    named professional, when the practitioner's list is read, then each has its scope."""
    summary, full, joint, personal = (open_case() for _ in range(4))
    open_case()  # not shared
    grant(case=summary, agency=world.csc_a, scope=CaseShare.Scope.SUMMARY)
    grant(case=full, agency=world.csc_a, scope=CaseShare.Scope.FULL)
    grant(case=joint, agency=world.csc_a, scope=CaseShare.Scope.JOINT)
    from partners.object_permissions import grant_to_user

    for codename in CaseShare.PERMISSIONS[CaseShare.Scope.FULL]:
        grant_to_user(perm=f"cases.{codename}", obj=personal, user=world.practitioner)

    scopes = {c.pk: c.scope for c in shared_case_list(user=world.practitioner)}

    assert scopes == {
        summary.pk: "summary",
        full.pk: "full",
        joint.pk: "joint",
        personal.pk: "full",
    }
    assert not shared_case_list(user=world.other_la_practitioner)


@pytest.mark.parametrize("count", [1, 6])
def test_shared_list_is_one_query_however_many_cases(
    world, open_case, grant, count, django_assert_num_queries
):
    """Given 1 or 6 cases shared with the practitioner's agency, when their list is read,
    then it takes one query."""
    for _ in range(count):
        grant(case=open_case(), agency=world.csc_a, scope=CaseShare.Scope.FULL)
    active_memberships(world.practitioner)

    # One query: the cases with young person, hub, worker and area; scope by subqueries.
    with django_assert_num_queries(1):
        rows = [
            (c.scope, c.young_person.display_name, str(c.owning_agency))
            for c in shared_case_list(user=world.practitioner)
        ]
    assert len(rows) == count
