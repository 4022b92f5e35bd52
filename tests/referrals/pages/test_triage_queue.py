"""The hub's triage queue: what waits on the hub, filtered and sorted in the database, with
the same number of queries for one referral as for many."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Role
from referrals.models import Referral
from referrals.views.triage import age_label
from tests import factories

S = Referral.Status
U = Referral.Urgency
MANY = 30
URL = reverse("referrals:queue")


def _references(response) -> list[str]:
    """The referral references in the queue's rows, in order."""
    return re.findall(r"R\d{6}", response.content.decode())


def _submitted_days_ago(referral: Referral, days: int) -> None:
    # Test set-up only: the service stamps the time of submission as now.
    Referral.objects.filter(pk=referral.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days, hours=1)
    )


@pytest.fixture
def police_officer(world):
    return factories.member(agency=world.police, role=Role.PRACTITIONER)


def test_the_queue_shows_what_waits_on_the_hub_most_urgent_first(world, make_referral, login):
    """Given referrals in every state, when the hub manager opens the queue, then it shows the
    submitted, screening and accepted ones, most urgent first and then oldest first."""
    routine_old = make_referral(status=S.SUBMITTED, urgency=U.ROUTINE)
    _submitted_days_ago(routine_old, 6)
    priority = make_referral(status=S.SCREENING, urgency=U.PRIORITY)
    urgent = make_referral(status=S.SUBMITTED, urgency=U.URGENT)
    accepted = make_referral(status=S.ACCEPTED, urgency=U.PRIORITY)
    _submitted_days_ago(accepted, 2)
    hidden = [
        make_referral(status=status)
        for status in (S.DRAFT, S.ALLOCATED, S.DECLINED, S.SIGNPOSTED, S.WITHDRAWN)
    ]

    response = login(world.hub_manager).get(URL)

    assert response.status_code == 200
    assert _references(response) == [
        urgent.reference,
        accepted.reference,
        priority.reference,
        routine_old.reference,
    ]
    page = response.content.decode()
    assert "6 days" in page
    assert "Sorted by most urgent first" in page
    assert not {r.reference for r in hidden} & set(_references(response))


def test_another_hubs_referrals_are_not_in_the_queue(world, make_referral, login):
    """Given a referral to the world's hub, when another hub's manager opens their queue, then
    it is not there."""
    referral = make_referral(status=S.SUBMITTED)

    response = login(world.other_hub_manager).get(URL, {"status": "all"})

    assert referral.reference not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"urgency": U.URGENT}, {"urgent"}, id="urgency"),
        pytest.param({"status": S.SCREENING}, {"screening"}, id="status"),
        pytest.param({"status": S.DECLINED}, {"declined"}, id="a decided status"),
        pytest.param({"status": "all"}, {"urgent", "screening", "police", "declined"}, id="all"),
        pytest.param({"agency_kind": "police"}, {"police"}, id="agency kind"),
        pytest.param({"local_authority": "la_b"}, {"police"}, id="local authority"),
        pytest.param({"urgency": "nonsense"}, {"urgent", "screening", "police"}, id="unreadable"),
    ],
)
def test_filters(world, make_referral, login, police_officer, query, expected):
    """Given referrals differing in urgency, status, source and area, when the queue is
    filtered, then only the matching ones are shown (an unreadable filter is ignored)."""
    made = {
        "urgent": make_referral(status=S.SUBMITTED, urgency=U.URGENT),
        "screening": make_referral(status=S.SCREENING, urgency=U.ROUTINE),
        "police": make_referral(
            status=S.SUBMITTED,
            urgency=U.PRIORITY,
            referrer=police_officer,
            local_authority=world.la_b,
            hub=world.hub,
        ),
        "declined": make_referral(status=S.DECLINED, urgency=U.ROUTINE),
    }
    if query.get("local_authority") == "la_b":
        query = {"local_authority": world.la_b.pk}

    response = login(world.hub_manager).get(URL, query)

    shown = {name for name, r in made.items() if r.reference in _references(response)}
    assert shown == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        pytest.param("urgency", ["urgent", "old", "police"], id="most urgent first"),
        pytest.param("-urgency", ["police", "old", "urgent"], id="least urgent first"),
        pytest.param("age", ["old", "police", "urgent"], id="oldest first"),
        pytest.param("-age", ["urgent", "police", "old"], id="newest first"),
        pytest.param("local_authority", ["urgent", "old", "police"], id="local authority A to Z"),
        pytest.param("-local_authority", ["police", "urgent", "old"], id="local authority Z to A"),
        pytest.param("agency_kind", ["urgent", "old", "police"], id="agency kind A to Z"),
        pytest.param("-agency_kind", ["police", "urgent", "old"], id="agency kind Z to A"),
        pytest.param("nonsense", ["urgent", "old", "police"], id="unknown sort is urgency"),
    ],
)
def test_sorts(world, make_referral, login, police_officer, sort, expected):
    """Given three referrals, when the queue is sorted by a column, then they come in that
    column's order (ties broken by urgency and age)."""
    made = {
        "urgent": make_referral(status=S.SUBMITTED, urgency=U.URGENT),
        "old": make_referral(status=S.SUBMITTED, urgency=U.PRIORITY),
        "police": make_referral(
            status=S.SUBMITTED,
            urgency=U.ROUTINE,
            referrer=police_officer,
            local_authority=world.la_b,
            hub=world.hub,
        ),
    }
    _submitted_days_ago(made["old"], 9)
    _submitted_days_ago(made["police"], 4)
    by_reference = {r.reference: name for name, r in made.items()}

    response = login(world.hub_manager).get(URL, {"sort": sort})

    assert [by_reference[ref] for ref in _references(response)] == expected


def test_sort_links_keep_the_filters_and_turn_the_sorted_column_round(world, make_referral, login):
    """Given a filtered queue sorted by age, then the age column links to the reverse order and
    says how it is sorted, and every sort link keeps the filter."""
    make_referral(status=S.SUBMITTED)

    response = login(world.hub_manager).get(URL, {"urgency": U.PRIORITY, "sort": "age"})

    page = response.content.decode()
    assert (
        'aria-sort="descending"><a class="govuk-link" href="?urgency=priority&amp;sort=-age"'
        in (page)
    )
    assert 'href="?urgency=priority&amp;sort=urgency"' in page
    assert "Sorted by oldest first" in page


def test_the_queue_pages_in_the_database(world, make_referral, login):
    """Given more referrals than a page holds, then the queue shows one page and links on."""
    for _ in range(26):
        make_referral(status=S.SUBMITTED)

    client = login(world.hub_manager)
    first = client.get(URL)
    second = client.get(URL, {"page": 2})

    assert len(_references(first)) == 25
    assert "Showing 1 to 25 of 26 referrals" in first.content.decode()
    assert len(_references(second)) == 1


def _count(client, url: str, query: dict[str, object]) -> int:
    # The first request also fills per-process caches (content types): warm them first.
    client.get(url, query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({}, id="default"),
        pytest.param({"status": "all", "sort": "-agency_kind", "urgency": "priority"}, id="sorted"),
    ],
)
def test_the_queue_is_constant_in_queries(
    world, make_referral, login, django_assert_num_queries, query
):
    """Given one referral and then many, then the queue costs the same number of queries."""
    make_referral(status=S.SUBMITTED)
    client = login(world.hub_manager)
    one = _count(client, URL, query)
    for _ in range(MANY):
        make_referral(status=S.SUBMITTED)

    with django_assert_num_queries(one):
        client.get(URL, query)
    # session, user, memberships; the local authorities to filter by; the COUNT and one page
    # of referrals with their agency and local authority joined.
    assert one == 6


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (datetime.timedelta(hours=5), "Under a day"),
        (datetime.timedelta(days=1, hours=2), "1 day"),
        (datetime.timedelta(days=3), "3 days"),
    ],
)
def test_age_is_said_in_whole_days(elapsed, expected):
    """Given how long a referral has waited, then its age reads in whole days."""
    now = timezone.now()

    assert age_label(now - elapsed, now) == expected
