"""GET /api/v1/balance/: a spoke worker's month, for them and their hub's managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error
from tests.consultancy.balance.conftest import MARCH

URL = reverse("api:balance")


def caller(name: str, world, hub_worker):
    if name == "colleague":
        return hub_worker(placed_in=world.la_a, full_name="Hari Hubside")
    return world.by_role(name)


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("other_hub_manager", 404, id="another hub's manager cannot tell it exists"),
        pytest.param("practitioner", 403, id="a practitioner has no balance to see"),
        pytest.param("colleague", 403, id="a colleague may not see another worker's"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
        pytest.param("spoke_worker", 200, id="the worker themselves"),
    ],
)
def test_who_may_read_a_workers_balance(world, login, hub_worker, name, status):
    """Given the world's spoke worker, when each caller asks for their balance, then the
    policy's answer comes back."""
    client = login(caller(name, world, hub_worker))

    response = client.get(URL, {"worker": world.spoke_worker.pk})

    if status == 200:
        assert response.status_code == 200, response.content
        assert response.json()["worker"]["id"] == world.spoke_worker.pk
    else:
        assert_error(response, status)


def test_the_month_comes_back_by_kind_with_the_target(world, login, month_of_work):
    """Given the hand-built month, when the worker asks for March, then each kind has its
    minutes, hours, share, target and difference, in order."""
    month_of_work(worker=world.spoke_worker)

    response = login(world.spoke_worker).get(URL, {"month": MARCH.param})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["month"] == "2025-03"
    assert body["month_label"] == "March 2025"
    assert body["hub"] == {"id": world.hub.pk, "name": "Northbrook CSE Hub"}
    assert body["worker"] == {"id": world.spoke_worker.pk, "name": "Sam Spoke"}
    assert body["total_minutes"] == 570
    assert body["total_hours"] == 9.5
    assert body["is_empty"] is False
    assert body["kinds"][0] == {
        "kind": "direct_work",
        "label": "Direct work with young people",
        "minutes": 210,
        "hours": 3.5,
        "share": 36.8,
        "target": 60,
        "difference": -23.2,
    }
    assert [kind["kind"] for kind in body["kinds"]] == [
        "direct_work",
        "consultancy",
        "training",
        "awareness",
    ]
    assert body["target"] == {
        "direct_work": 60,
        "consultancy": 15,
        "training": 15,
        "awareness": 10,
        "is_default": True,
        "updated_at": None,
        "updated_by": None,
    }


def test_an_empty_month_has_no_shares(world, login):
    """Given nothing recorded, then the month is empty and shares and differences are null."""
    response = login(world.spoke_worker).get(URL, {"month": MARCH.param})

    body = response.json()
    assert body["is_empty"] is True
    assert all(kind["share"] is None and kind["difference"] is None for kind in body["kinds"])


@pytest.mark.parametrize("month", ["2025-3", "2025-13", "2999-01"])
def test_an_unreadable_month_is_400(world, login, month):
    """Given a month that is not YYYY-MM, not real or not begun, then 400 naming `month`."""
    error = assert_error(login(world.spoke_worker).get(URL, {"month": month}), 400, "invalid")

    assert "month" in error["fields"]


def test_a_manager_who_is_not_a_worker_is_told_where_to_look(world, login):
    """Given a hub manager asking for their own balance, then 403 says to name a worker."""
    error = assert_error(login(world.hub_manager).get(URL), 403)

    assert "?worker=" in error["message"]


def test_a_worker_not_at_the_hub_that_month_is_404(world, login):
    """Given a spoke worker who joined today, when the manager asks for March 2025, then 404."""
    newcomer = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    response = login(world.hub_manager).get(URL, {"worker": newcomer.pk, "month": MARCH.param})

    assert_error(response, 404, "not_found")


def test_the_balance_is_constant_in_queries(world, login, month_of_work, django_assert_num_queries):
    """Given one copy of the month and then four more, when the worker asks for March, then it
    costs the same queries."""
    client = login(world.spoke_worker)
    client.get(URL)
    for copies in (1, 4):
        month_of_work(worker=world.spoke_worker, copies=copies)
        # session, user, memberships, the worker's hubs, the target, the month (one query of
        # subqueries)
        with django_assert_num_queries(6):
            response = client.get(URL, {"month": MARCH.param})
        assert response.status_code == 200
