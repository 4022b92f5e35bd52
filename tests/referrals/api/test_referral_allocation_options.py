"""GET /api/v1/referrals/{id}/allocation-options/: the hub's workers with their caseloads."""

from __future__ import annotations

import pytest

from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import detail_url

S = Referral.Status


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="another agency cannot tell"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell"),
        pytest.param("referrer", 403, id="the referrer does not allocate"),
        pytest.param("team_manager", 403, id="nor does the team manager"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(make_referral, actor, name, code):
    """Only the receiving hub's managers see whom they could allocate to."""
    referral = make_referral(status=S.ACCEPTED)

    response = actor(name).get(detail_url(referral, "allocation-options"))

    if code != 200:
        assert_error(response, code)
        return
    assert response.status_code == 200, response.content


def test_each_worker_comes_with_caseload_and_placements(
    world, make_referral, known_young_person, unallocated_worker, actor
):
    """Given the world's worker leading one open case, then both hub workers are offered with
    their open and high-risk cases and where they are placed; the other hub's worker is not."""
    known_young_person()
    referral = make_referral(status=S.ACCEPTED)

    options = actor("hub_manager").get(detail_url(referral, "allocation-options")).json()

    by_worker = {option["worker"]["id"]: option for option in options}
    assert set(by_worker) == {world.spoke_worker.pk, unallocated_worker.pk}
    sam = by_worker[world.spoke_worker.pk]
    assert (sam["open_cases"], sam["high_risk_cases"]) == (1, 0)
    assert sam["worker"]["email"] == world.spoke_worker.email
    (placement,) = sam["placements"]
    assert placement["local_authority"]["name"] == "Ashdown"
    assert placement["host_agency"]["id"] == world.csc_a.pk
    assert placement["location_model"] == "co_located_statutory"
