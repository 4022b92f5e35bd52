"""Lists and the chronology cost the same number of queries for one row as for many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import record
from cases.models import CaseShare, RiskLevel
from tests.cases.pages.conftest import log_entry, open_case, share_case

MANY = 30


def _count(client, url: str) -> tuple[int, list[str]]:
    # The first request of a test also fills per-process caches (content types, permissions):
    # warm them, so the counts compare the page's own work.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


def test_caseload_is_constant_in_queries(world, login, django_assert_num_queries):
    """Given a spoke worker with one case and then many, then their caseload costs the same."""
    open_case(world)
    client = login(world.spoke_worker)
    url = reverse("cases:case_list")
    one, _ = _count(client, url)
    for n in range(MANY):
        open_case(world, first_name=f"Sample{n}")

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships; the page's COUNT and one page of cases with the young
    # person joined and the flags annotated in SQL.
    assert one == 5


def test_hub_list_is_constant_in_queries(world, login, django_assert_num_queries):
    """Given a hub with one case and then many, then the manager's filtered list costs the same."""
    open_case(world)
    client = login(world.hub_manager)
    url = reverse("cases:case_list") + "?status=all&sort=contact"
    one, _ = _count(client, url)
    for n in range(MANY):
        open_case(world, first_name=f"Sample{n}")

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships; the hubs the manager may open cases for, the filter's
    # workers and local authorities; the COUNT and one page of cases with young person, lead
    # worker and local authority joined.
    assert one == 8


def test_shared_list_is_constant_in_queries(world, login, django_assert_num_queries):
    """Given one case and then many shared with the social worker, then the list costs the same."""
    share_case(world, open_case(world), scope=CaseShare.Scope.SUMMARY, agency=world.csc_a)
    client = login(world.practitioner)
    url = reverse("cases:case_list")
    one, _ = _count(client, url)
    for n in range(MANY):
        case = open_case(world, first_name=f"Sample{n}")
        share_case(world, case, scope=CaseShare.Scope.JOINT, agency=world.csc_a)

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships; the COUNT and one page of shared cases, each case's widest
    # scope worked out in the same query by EXISTS subqueries on the permission tables.
    assert one == 5


@pytest.mark.parametrize("page", ["cases:chronology", "cases:chronology_print"])
def test_chronology_is_constant_in_queries(world, login, django_assert_num_queries, page):
    """Given a case with one entry and then many, then its chronology costs the same."""
    case = open_case(world)
    log_entry(case, by=world.spoke_worker)
    client = login(world.spoke_worker)
    url = reverse(page, kwargs={"pk": case.pk})
    one, _ = _count(client, url)
    for n in range(MANY):
        log_entry(case, by=world.spoke_worker, summary=f"Session {n}.")

    with django_assert_num_queries(one):
        client.get(url)
    # session, user, memberships, the case; one query each for referrals, entries, risk
    # assessments, the indicator labels, reviews, involvement, the case's audit events and
    # shares; the read's audit event (savepoint, chain head, insert, head update, release); the
    # print view also lists the current involvement for its header.
    assert one == (17 if page == "cases:chronology" else 18)


def test_the_case_page_names_indicators_without_a_query_per_assessment(
    world, login, django_assert_num_queries
):
    """Given a case with one risk assessment and then many, each naming indicators, then the
    case page costs the same: the indicators' labels are read once for the page."""
    case = open_case(world)
    client = login(world.spoke_worker)
    url = reverse("cases:case_detail", kwargs={"pk": case.pk})
    one, _ = _count(client, url)
    version = case.version
    for n in range(MANY):
        record.risk_assess(
            case=case,
            by=world.spoke_worker,
            version=version + n,
            level=RiskLevel.HIGH,
            indicators=["missing_episodes", "older_partner"],
            rationale=f"Review {n}.",
        )

    with django_assert_num_queries(one):
        response = client.get(url)
    assert "Older boyfriend or girlfriend" in response.content.decode()
    # session, user, memberships, the case; the read's audit event (savepoint, chain head,
    # insert, head update, release); co-workers, involvement; the indicator labels (once for
    # the page), the plan (none yet), recent entries, recent risk assessments, reviews, shares.
    assert one == 17
