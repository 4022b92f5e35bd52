"""The balance pages: what a worker and their manager read, month by month, and that each page
costs the same number of queries for one worker or row of work as for many."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from consultancy.selectors.balance import Month
from partners.models import Role
from tests import factories
from tests.consultancy.balance.conftest import MARCH

OWN = reverse("consultancy:balance")
HUB = reverse("consultancy:hub_balance")


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_worker_reads_their_month_as_hours_shares_and_targets(world, login, month_of_work):
    """Given the hand-built month, when the worker opens March, then they read their hours, the
    share of each kind, the default target and how far from it they are."""
    month_of_work(worker=world.spoke_worker)

    response = login(world.spoke_worker).get(OWN, {"month": MARCH.param})

    assert response.status_code == 200
    text = _text(response)
    assert "Your balance: March 2025" in text
    assert "9.5 hours recorded" in text
    assert "Direct work with young people 3.5 36.8% 60%" in text
    assert "23.2 points below the target" in text
    assert "16.6 points above the target" in text
    assert "has not set its own target" in text
    assert "Previous month : February 2025" in text
    assert "Next month : April 2025" in text
    # The worker may not change the target.
    assert "Change the target" not in text


def test_a_month_without_work_says_so(world, login):
    """Given nothing recorded, when the worker opens a month, then it says no work was recorded
    and shows no shares."""
    response = login(world.spoke_worker).get(OWN, {"month": MARCH.param})

    text = _text(response)
    assert "No work recorded this month" in text
    assert "% of hours" not in text


@pytest.mark.parametrize("month", ["March 2025", "2025-13", "2999-01"])
def test_an_unreadable_month_shows_this_month_with_the_message(world, login, month):
    """Given a month that cannot be read or has not begun, when the worker asks for it, then
    they see this month with the reason, as a 400."""
    response = login(world.spoke_worker).get(OWN, {"month": month})

    assert response.status_code == 400
    text = _text(response)
    assert "There is a problem" in text
    assert f"Your balance: {Month.current().label}" in text


def test_a_manager_reads_the_hub_table_and_drills_into_a_worker(world, login, month_of_work):
    """Given the hand-built month, when the hub's manager opens March, then every spoke worker
    has a row with hours and shares, the hub's total is below, and a worker's name opens their
    month."""
    month_of_work(worker=world.spoke_worker)

    response = login(world.hub_manager).get(HUB, {"month": MARCH.param})

    assert response.status_code == 200
    text = _text(response)
    assert "Balance of the hub's spoke workers: March 2025" in text
    # The colleague co-delivered the training and ran the other programme's session.
    assert "Hari Hubside 1.5 hours 33.3% 0.0 hours 0.0% 3.0 hours 66.7% 0.0 hours 0.0% 4.5" in text
    assert "Sam Spoke 3.5 hours 36.8% 1.5 hours 15.8% 3.0 hours 31.6% 1.5 hours 15.8% 9.5" in text
    assert "The hub 5.0 hours 35.7% 1.5 hours 10.7% 6.0 hours 42.9% 1.5 hours 10.7% 14.0" in text
    drill = reverse("consultancy:balance_worker", kwargs={"pk": world.spoke_worker.pk})
    assert f'href="{drill}?month=2025-03"' in response.content.decode()

    worker_page = login(world.hub_manager).get(drill, {"month": MARCH.param})

    assert worker_page.status_code == 200
    assert "Sam Spoke: March 2025" in _text(worker_page)
    assert "Change the target" in _text(worker_page)


def test_a_worker_who_was_not_at_the_hub_that_month_is_not_found(world, login):
    """Given a spoke worker who joined the hub this month, when the manager asks for their
    balance in March 2025, then there is none (404)."""
    newcomer = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    response = login(world.hub_manager).get(
        reverse("consultancy:balance_worker", kwargs={"pk": newcomer.pk}), {"month": MARCH.param}
    )

    assert response.status_code == 404


def test_the_worker_page_is_constant_in_queries(
    world, login, month_of_work, django_assert_num_queries
):
    """Given one copy of the month and then five more, when the worker opens March, then the
    page costs the same queries."""
    client = login(world.spoke_worker)
    # The first page after logging in also saves the session; measure the ones after.
    client.get(OWN)
    for copies in (1, 5):
        month_of_work(worker=world.spoke_worker, copies=copies)
        with django_assert_num_queries(PAGE_QUERIES["own"]):
            response = client.get(OWN, {"month": MARCH.param})
        assert response.status_code == 200


def test_the_hub_table_is_constant_in_queries(
    world, login, month_of_work, hub_worker, django_assert_num_queries
):
    """Given one spoke worker with work and then eight more workers, when the manager opens
    March, then the hub's table costs the same queries: one per page of workers, not per
    worker."""
    client = login(world.hub_manager)
    # The first page after logging in also saves the session; measure the ones after.
    client.get(HUB)
    month_of_work(worker=world.spoke_worker)
    with django_assert_num_queries(PAGE_QUERIES["hub"]):
        client.get(HUB, {"month": MARCH.param})
    for _ in range(8):
        worker = hub_worker(placed_in=world.la_a)
        month_of_work(worker=worker)
    with django_assert_num_queries(PAGE_QUERIES["hub"]):
        response = client.get(HUB, {"month": MARCH.param})
    assert response.status_code == 200
    assert "Showing 1 to 10 of 10 spoke workers" in _text(response)


# What each page costs. Every page: the session, the user, their memberships (navigation and
# policy), the hubs the page may show and the target. Then the worker's page: their month, one
# query of subqueries; the hub's page: the count of workers, the page of workers with their
# minutes (one query of subqueries), and the hub's total (one aggregate over the same).
PAGE_QUERIES = {"own": 6, "hub": 8}
