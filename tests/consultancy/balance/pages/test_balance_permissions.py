"""Every balance page, asked by each kind of visitor: who is sent to log in, who cannot tell the
worker exists (404), whose role does not use the page (403), and who may (2xx).

The worker is the world's spoke worker (Sam Spoke) of the world's hub.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Role
from tests import factories

ANONYMOUS = "anonymous"


def visitor(name: str, world, hub_worker):
    if name == ANONYMOUS:
        return None
    if name == "colleague":
        return hub_worker(placed_in=world.la_a, full_name="Hari Hubside")
    if name == "practitioner_and_worker_elsewhere":
        return factories.member(agency=world.other_hub, role=Role.SPOKE_WORKER)
    return world.by_role(name)


def url(page: str, world) -> str:
    if page == "worker":
        return reverse("consultancy:balance_worker", kwargs={"pk": world.spoke_worker.pk})
    return reverse(page)


MATRIX = [
    # Anonymous visitors are sent to log in.
    ("consultancy:balance", ANONYMOUS, 302),
    ("consultancy:hub_balance", ANONYMOUS, 302),
    ("worker", ANONYMOUS, 302),
    ("consultancy:balance_target", ANONYMOUS, 302),
    # Another hub's manager cannot tell the world's spoke worker exists.
    ("worker", "other_hub_manager", 404),
    # Roles that have no balance are not let in.
    ("consultancy:balance", "practitioner", 403),
    ("consultancy:hub_balance", "practitioner", 403),
    ("worker", "practitioner", 403),
    ("consultancy:balance_target", "practitioner", 403),
    ("consultancy:hub_balance", "spoke_worker", 403),
    ("consultancy:balance_target", "spoke_worker", 403),
    # A colleague sees their own balance, never another worker's.
    ("worker", "colleague", 403),
    ("consultancy:balance", "colleague", 200),
    # The worker and their hub's manager.
    ("consultancy:balance", "spoke_worker", 200),
    ("worker", "spoke_worker", 302),  # to their own page
    ("consultancy:balance", "hub_manager", 302),  # to the hub's page
    ("consultancy:hub_balance", "hub_manager", 200),
    ("worker", "hub_manager", 200),
    ("consultancy:balance_target", "hub_manager", 200),
]


@pytest.mark.parametrize(
    ("page", "who", "status"), MATRIX, ids=[f"{page} as {who}" for page, who, _ in MATRIX]
)
def test_who_may_open_each_balance_page(world, login, hub_worker, page, who, status):
    """Given the world's spoke worker, when each visitor opens each balance page, then they
    get the page, a redirect, a 403 or a 404 as the policy says."""
    client = login(visitor(who, world, hub_worker))

    response = client.get(url(page, world))

    assert response.status_code == status


def test_a_manager_cannot_set_another_hubs_target(world, login):
    """Given the other hub's manager, when they ask for the world's hub's target page, then it
    is not found."""
    response = login(world.other_hub_manager).get(
        reverse("consultancy:balance_target"), {"hub": world.hub.pk}
    )

    assert response.status_code == 404
