"""GET /api/v1/balance/hub/: every spoke worker of the hub in a month, for its managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error
from tests.consultancy.balance.conftest import MARCH

URL = reverse("api:balance-hub")


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("practitioner", 403, id="a practitioner"),
        pytest.param("spoke_worker", 403, id="a spoke worker"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_only_the_hubs_managers_read_the_table(world, login, name, status):
    """Given callers in each role, then only a hub manager reads the table."""
    response = login(world.by_role(name)).get(URL)

    if status == 200:
        assert response.status_code == 200, response.content
    else:
        assert_error(response, status)


def test_another_hub_is_404(world, login):
    """Given the other hub's manager, when they name the world's hub, then 404."""
    response = login(world.other_hub_manager).get(URL, {"hub": world.hub.pk})

    assert_error(response, 404, "not_found")


def test_the_table_has_every_worker_and_the_hubs_total(world, login, month_of_work):
    """Given the hand-built month, when the manager asks for March, then each spoke worker is a
    row by name and the total covers them all."""
    month_of_work(worker=world.spoke_worker)

    response = login(world.hub_manager).get(URL, {"month": MARCH.param})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2
    assert [row["worker"]["name"] for row in body["results"]] == ["Hari Hubside", "Sam Spoke"]
    assert body["results"][1]["total_minutes"] == 570
    assert body["total"]["total_minutes"] == 840
    assert [kind["minutes"] for kind in body["total"]["kinds"]] == [300, 90, 360, 90]
    assert body["target"]["is_default"] is True


def test_the_table_is_constant_in_queries(
    world, login, month_of_work, hub_worker, django_assert_num_queries
):
    """Given one worker's month and then six more workers', when the manager asks for March,
    then it costs the same queries: one per page of workers, not one per worker."""
    client = login(world.hub_manager)
    client.get(URL)
    month_of_work(worker=world.spoke_worker)
    # session, user, memberships, the managed hubs, the target, the count, the page of workers
    # with their minutes, the hub's total
    with django_assert_num_queries(8):
        client.get(URL, {"month": MARCH.param})
    for _ in range(6):
        month_of_work(worker=hub_worker(placed_in=world.la_a))
    with django_assert_num_queries(8):
        response = client.get(URL, {"month": MARCH.param})
    assert response.json()["count"] == 8
