"""GET and PUT /api/v1/balance/target/: the hub's target, read by its staff, set by its
managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from consultancy.models import BalanceTarget
from tests.api.conftest import assert_error

URL = reverse("api:balance-target")
SHARES = {"direct_work": 50, "consultancy": 20, "training": 20, "awareness": 10}


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401 for reading and for setting."""
    assert_error(client.get(URL), 401, "not_authenticated")
    assert_error(client.put(URL, SHARES, content_type="application/json"), 401)


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("other_hub_manager", 404, id="another hub's manager cannot tell"),
        pytest.param("practitioner", 403, id="a practitioner"),
        pytest.param("spoke_worker", 403, id="a spoke worker reads but does not set"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_who_may_set_the_target(world, login, name, status):
    """Given callers in each role, when they set the world's hub's target, then only its
    manager may."""
    response = login(world.by_role(name)).put(
        f"{URL}?hub={world.hub.pk}", SHARES, content_type="application/json"
    )

    if status == 200:
        assert response.status_code == 200, response.content
        assert BalanceTarget.objects.get(hub=world.hub).direct_work == 50
    else:
        assert_error(response, status)
        assert not BalanceTarget.objects.exists()


def test_a_spoke_worker_reads_the_target(world, login):
    """Given the default target, when the hub's spoke worker reads it, then it is 60/15/15/10."""
    response = login(world.spoke_worker).get(URL)

    assert response.status_code == 200
    assert response.json()["direct_work"] == 60
    assert response.json()["is_default"] is True


def test_setting_from_what_was_read_saves_and_audits(world, login):
    """Given the manager read the default, when they put 50/20/20/10 with that `updated_at`,
    then it is saved, audited and returned."""
    client = login(world.hub_manager)
    read = client.get(URL).json()

    response = client.put(
        URL, {**SHARES, "updated_at": read["updated_at"]}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["is_default"] is False
    assert body["updated_by"]["name"] == "Harriet Hub"
    assert AuditEvent.objects.filter(action=AuditEvent.Action.BALANCE_TARGET_CHANGED).count() == 1


def test_shares_not_adding_up_are_400(world, login):
    """Given shares adding up to 110, then 400 with the reason, and nothing saved."""
    response = login(world.hub_manager).put(
        URL, {**SHARES, "awareness": 20}, content_type="application/json"
    )

    error = assert_error(response, 400, "invalid")
    assert error["fields"]["non_field_errors"] == [
        "The four shares must add up to 100%. They add up to 110%."
    ]
    assert not BalanceTarget.objects.exists()


def test_a_share_out_of_range_is_400_on_its_field(world, login):
    """Given a share of 120, then 400 naming that share."""
    response = login(world.hub_manager).put(
        URL, {**SHARES, "training": 120}, content_type="application/json"
    )

    error = assert_error(response, 400, "invalid")
    assert error["fields"]["training"] == ["Enter a share for training from 0 to 100."]


def test_a_stale_target_is_409(world, login):
    """Given two managers who read the default, when both put, then the second gets 409 and
    the first's target stays."""
    client = login(world.hub_manager)
    client.put(URL, {**SHARES, "updated_at": None}, content_type="application/json")

    response = client.put(
        URL,
        {"direct_work": 70, "consultancy": 10, "training": 10, "awareness": 10, "updated_at": None},
        content_type="application/json",
    )

    assert_error(response, 409, "conflict")
    assert BalanceTarget.objects.get(hub=world.hub).direct_work == 50
