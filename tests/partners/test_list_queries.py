"""Every partnership list costs the same number of queries for one row as for many.

Each count starts with three queries every signed-in page makes: the session, the user, and the
user's memberships in force (read once per request by the membership middleware and cached).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partners.models import SpokePlacement
from tests import factories
from tests.conftest import World
from tests.partners.conftest import Login

EVERY_PAGE = 3  # session, user, memberships in force


def measured(client: Client, url: str, queries: int, assert_num_queries: Callable) -> None:
    with assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_placement_list_queries_are_constant(
    world: World, login: Login, make_placements: Callable, django_assert_num_queries: Callable
) -> None:
    """One placement or thirty (two pages), the placement list makes the same queries."""
    client = login(world.hub_manager)
    url = reverse("partners:placement_list")
    client.get(url)  # the first request after logging in renews the session once
    # + count, local authorities for the filter, one page of placements with their
    # worker, hub, LA and host agency joined
    queries = EVERY_PAGE + 3

    measured(client, url, queries, django_assert_num_queries)
    make_placements(29)
    measured(client, url, queries, django_assert_num_queries)


def test_agreement_list_queries_are_constant(
    world: World,
    login: Login,
    agreement: object,
    make_agreements: Callable,
    django_assert_num_queries: Callable,
) -> None:
    """One agreement or thirty, the agreement list makes the same queries."""
    client = login(world.hub_manager)
    url = reverse("partners:agreement_list")
    client.get(url)
    # + count, one page of agreements with their LA joined, the parties of the whole page
    queries = EVERY_PAGE + 3

    measured(client, url, queries, django_assert_num_queries)
    make_agreements(29)
    measured(client, url, queries, django_assert_num_queries)


def test_supervision_overview_queries_are_constant(
    world: World, login: Login, make_workers: Callable, django_assert_num_queries: Callable
) -> None:
    """One worker or thirty, the overview's last supervision and placement are subqueries."""
    client = login(world.hub_manager)
    url = reverse("partners:supervision_list")
    client.get(url)
    # + count, one page of workers with the user, hub, last supervision and placement
    queries = EVERY_PAGE + 2

    measured(client, url, queries, django_assert_num_queries)
    make_workers(29)
    measured(client, url, queries, django_assert_num_queries)


def test_supervision_records_queries_are_constant(
    world: World, login: Login, django_assert_num_queries: Callable
) -> None:
    """One record or thirty, a worker's list of their supervision costs the same."""

    def supervise(n: int) -> None:
        for days in range(n):
            factories.supervision(
                worker=world.spoke_worker,
                hub=world.hub,
                supervisor=world.hub_manager,
                by=world.hub_manager,
                held_on=timezone.localdate() - datetime.timedelta(days=7 * days),
            )

    client = login(world.spoke_worker)
    url = reverse("partners:supervision_list")
    supervise(1)
    client.get(url)
    # + count, one page of records with the worker, supervisor and hub joined
    queries = EVERY_PAGE + 2

    measured(client, url, queries, django_assert_num_queries)
    supervise(29)
    measured(client, url, queries, django_assert_num_queries)


def test_my_memberships_queries_are_constant(
    world: World, login: Login, django_assert_num_queries: Callable
) -> None:
    """Whatever a worker's history, their own page costs the same queries."""
    client = login(world.spoke_worker)
    url = reverse("partners:my_memberships")
    client.get(url)
    # + all their memberships with agencies, all their placements with hub, LA and host
    queries = EVERY_PAGE + 2

    measured(client, url, queries, django_assert_num_queries)
    for _ in range(5):
        factories.placement(
            worker=world.spoke_worker,
            hub=world.hub,
            local_authority=world.la_b,
            location_model=SpokePlacement.LocationModel.HUB_BASED,
            by=world.hub_manager,
        )
    measured(client, url, queries, django_assert_num_queries)
