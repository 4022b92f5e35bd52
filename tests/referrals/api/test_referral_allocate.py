"""POST /api/v1/referrals/{id}/allocate/: an accepted referral gets its worker and its case."""

from __future__ import annotations

import pytest

from cases.models import Case
from referrals import services
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url, post, reloaded

S = Referral.Status


def allocation(world, referral: Referral, **overrides) -> dict:
    return {
        "version": referral.version,
        "worker": world.spoke_worker.pk,
        "risk_level": "medium",
        "rationale": "Missing episodes; an older boyfriend.",
        **overrides,
    }


@pytest.fixture
def accepted(world, make_referral) -> Referral:
    """An accepted referral, confirmed as a young person new to the hub."""
    return make_referral(status=S.ACCEPTED, match="new")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="another agency cannot tell"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param("unallocated_worker", 404, id="a hub worker cannot tell"),
        pytest.param("referrer", 403, id="the referrer does not allocate"),
        pytest.param("team_manager", 403, id="nor does the team manager"),
        pytest.param("hub_manager", 200, id="the hub's manager allocates"),
    ],
)
def test_permissions(world, accepted, actor, name, code):
    """Only the hub's managers allocate; a case opens for the worker."""
    response = post(actor(name), detail_url(accepted, "allocate"), allocation(world, accepted))

    if code != 200:
        assert_error(response, code)
        assert reloaded(accepted).status == S.ACCEPTED
        assert not Case.objects.exists()
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "allocated"
    assert body["allocated_worker"]["id"] == world.spoke_worker.pk
    case = Case.objects.get()
    assert body["case"] == case.pk
    assert (case.lead_worker, case.referral_id) == (world.spoke_worker, accepted.pk)


def test_allocating_twice_is_a_400_and_opens_no_second_case(world, accepted, actor):
    """Given an allocated referral, then allocating again is refused with the reason."""
    client = actor("hub_manager")
    post(client, detail_url(accepted, "allocate"), allocation(world, accepted))
    current = reloaded(accepted)

    response = post(client, detail_url(accepted, "allocate"), allocation(world, current))

    assert assert_error(response, 400, "invalid")["fields"] == {
        "non_field_errors": ["This referral is already allocated, so it cannot be allocated."]
    }
    assert Case.objects.count() == 1


@pytest.mark.parametrize("status", [S.SCREENING, S.DECLINED, S.WITHDRAWN])
def test_only_an_accepted_referral_is_allocated(world, make_referral, actor, status):
    """Given a referral not accepted, then 400; no case."""
    referral = make_referral(status=status)

    response = post(
        actor("hub_manager"), detail_url(referral, "allocate"), allocation(world, referral)
    )

    assert_error(response, 400, "invalid")
    assert not Case.objects.exists()


def test_a_referral_about_a_known_young_person_joins_their_open_case(
    world, make_referral, known_young_person, actor
):
    """Given a referral linked to a young person with an open case, then it joins that case
    and its lead worker is the allocated worker; no new case opens."""
    person = known_young_person()
    referral = make_referral(status=S.ACCEPTED, young_person=person)
    existing = Case.objects.get()

    response = post(
        actor("hub_manager"),
        detail_url(referral, "allocate"),
        {"version": referral.version, "worker": None},
    )

    assert response.status_code == 200, response.content
    assert response.json()["case"] == existing.pk
    assert Case.objects.count() == 1


def test_bad_allocation_is_a_400_naming_each_field_and_nothing_is_saved(world, accepted, actor):
    """Given no worker, an unknown risk level, or a worker of another hub, then 400 on it."""
    client = actor("hub_manager")

    response = post(
        client, detail_url(accepted, "allocate"), allocation(world, accepted, risk_level="extreme")
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"risk_level"}
    response = post(
        client, detail_url(accepted, "allocate"), allocation(world, accepted, worker=None)
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"worker"}
    response = post(
        client,
        detail_url(accepted, "allocate"),
        allocation(world, accepted, worker=world.other_spoke_worker.pk),
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"worker"}
    assert reloaded(accepted).status == S.ACCEPTED
    assert not Case.objects.exists()


def test_a_young_person_not_yet_matched_is_a_400(world, make_referral, actor):
    """Given an accepted referral with no match decision, then 400 asking for one."""
    referral = make_referral(status=S.ACCEPTED)

    response = post(
        actor("hub_manager"), detail_url(referral, "allocate"), allocation(world, referral)
    )

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"young_person"}


def test_a_stale_version_is_a_409(world, accepted, actor):
    """Given notes written since the manager looked, then allocating from then is 409."""
    services.referral_screening_notes_update(
        referral=accepted, by=world.hub_manager, version=accepted.version, notes="Checked."
    )

    response = post(
        actor("hub_manager"), detail_url(accepted, "allocate"), allocation(world, accepted)
    )

    assert_error(response, 409, "conflict")
    assert not Case.objects.exists()
