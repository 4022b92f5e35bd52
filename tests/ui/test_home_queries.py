"""Each home page runs the same number of queries with one row as with many.

Every count starts with the same three queries for a signed-in request: the session, the user,
and the user's memberships in force with their agencies (cached on the user for the rest of the
request, so the navigation and identity bar cost nothing more). The session is written at most
once a minute, so a first request is made before counting.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Role, SpokePlacement
from tests import factories

MANY = 12


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _count_home(client, role, expected, django_assert_num_queries):
    url = reverse("role_home", kwargs={"role": role})
    client.get(url)  # renews the session, which is not written again within a minute
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


def _placed_worker(world, n, **placement):
    worker = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name=f"Worker {n}")
    factories.placement(worker=worker, hub=world.hub, by=world.hub_manager, **placement)
    return worker


# session, user, memberships; placements with LA and host agency; last supervision; their
# placements' areas (for consultancy nobody has taken there) and the COUNT of consultancy waiting
SPOKE_WORKER_QUERIES = 7


@pytest.mark.parametrize("rows", [1, MANY])
def test_spoke_worker_home_queries(world, login, django_assert_num_queries, rows):
    """Given one or many placements and supervisions, then the query count is the same."""
    for _ in range(rows - 1):
        factories.placement(
            worker=world.spoke_worker,
            hub=world.hub,
            local_authority=factories.local_authority(),
            by=world.hub_manager,
        )
    for n in range(rows):
        factories.supervision(
            worker=world.spoke_worker,
            hub=world.hub,
            supervisor=world.hub_manager,
            by=world.hub_manager,
            held_on=_days(-n - 1),
        )
    response = _count_home(
        login(world.spoke_worker),
        Role.SPOKE_WORKER,
        SPOKE_WORKER_QUERIES,
        django_assert_num_queries,
    )
    assert len(response.context["placements"].rows) == rows


# session, user, memberships; the COUNTs of referrals and of consultancy waiting on the hub;
# placements with
# worker, LA and host agency; agreements due with LA; those agreements' parties (one prefetch
# query); spoke workers with their last supervision and placement (subqueries) and user
HUB_MANAGER_QUERIES = 9


@pytest.mark.parametrize("rows", [1, MANY])
def test_hub_manager_home_queries(world, login, django_assert_num_queries, rows):
    """Given one or many placements, due agreements and unsupervised workers, then the same."""
    for n in range(rows - 1):
        _placed_worker(world, n, local_authority=world.la_b)
    for n in range(rows):
        factories.agreement(
            parties=[world.hub, world.csc_a],
            local_authority=world.la_a,
            by=world.hub_manager,
            signed_on=_days(-400),
            review_due_on=_days(n - 3),
        )
    response = _count_home(
        login(world.hub_manager), Role.HUB_MANAGER, HUB_MANAGER_QUERIES, django_assert_num_queries
    )
    assert len(response.context["placements"].rows) == rows
    assert len(response.context["agreements_due"].rows) == rows
    assert len(response.context["unsupervised"].rows) == rows


# session, user, memberships; the COUNT of their consultancy requests with advice to read;
# placements with worker, hub, LA and host agency; agreements with LA; the agreements' parties
# (one prefetch query for all of them)
STATUTORY_QUERIES = 7


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.TEAM_MANAGER])
@pytest.mark.parametrize("rows", [1, MANY])
def test_statutory_home_queries(world, login, django_assert_num_queries, rows, role):
    """Given one or many hosted placements and agreements, then the query count is the same."""
    for n in range(rows - 1):
        _placed_worker(
            world,
            n,
            local_authority=world.la_a,
            host_agency=world.csc_a,
            location_model=SpokePlacement.LocationModel.CO_LOCATED_STATUTORY,
        )
    for _ in range(rows):
        factories.agreement(
            parties=[world.hub, world.csc_a, world.police],
            local_authority=world.la_a,
            by=world.hub_manager,
        )
    who = world.practitioner if role == Role.PRACTITIONER else world.team_manager
    response = _count_home(login(who), role, STATUTORY_QUERIES, django_assert_num_queries)
    assert len(response.context["placements"].rows) == rows
    assert len(response.context["agreements"].rows) == rows


# session, user, memberships; the partnership's LAs; placements counted by location model;
# placements with worker, hub, LA and host agency; agreements with LA
PARTNERSHIP_MANAGER_QUERIES = 7


@pytest.mark.parametrize("rows", [1, MANY])
def test_partnership_manager_home_queries(world, login, django_assert_num_queries, rows):
    """Given one or many placements and agreements in the area, then the query count is the same."""
    for n in range(rows - 1):
        _placed_worker(world, n, local_authority=world.la_a)
    for _ in range(rows):
        factories.agreement(
            parties=[world.partnership, world.csc_a],
            local_authority=world.la_a,
            by=world.hub_manager,
        )
    response = _count_home(
        login(world.partnership_manager),
        Role.PARTNERSHIP_MANAGER,
        PARTNERSHIP_MANAGER_QUERIES,
        django_assert_num_queries,
    )
    assert len(response.context["placements"].rows) == rows
    assert len(response.context["agreements"].rows) == rows


# session, user, memberships; placements counted by location model; hubs counted; LAs with a
# placement counted
COMMISSIONER_QUERIES = 6


@pytest.mark.parametrize("rows", [1, MANY])
def test_commissioner_home_queries(world, login, django_assert_num_queries, rows):
    """Given one or many placements, then the commissioner's counts take the same queries."""
    for n in range(rows - 1):
        _placed_worker(world, n, local_authority=factories.local_authority())
    response = _count_home(
        login(world.commissioner),
        Role.COMMISSIONER,
        COMMISSIONER_QUERIES,
        django_assert_num_queries,
    )
    assert response.context["placement_count"] == rows


# session, user, memberships; locked accounts, active users, agencies, memberships in force
ADMINISTRATOR_QUERIES = 7


@pytest.mark.parametrize("rows", [1, MANY])
def test_administrator_home_queries(world, login, django_assert_num_queries, rows):
    """Given one or many users and agencies, then the administrator's counts take the same."""
    for _ in range(rows - 1):
        factories.member(agency=factories.agency(), role=Role.PRACTITIONER)
    response = _count_home(
        login(world.administrator),
        Role.ADMINISTRATOR,
        ADMINISTRATOR_QUERIES,
        django_assert_num_queries,
    )
    assert response.context["agency_count"] == 9 + rows - 1
