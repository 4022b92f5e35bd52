"""GET /api/v1/cases/{case_id}/shares/: who a case is shared with, live and past."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error
from tests.cases.api.conftest import share


def url(case_id: int) -> str:
    return reverse("api:case-share-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("joint", 403, id="the agency shared with does not see the list"),
        pytest.param("team", 403, id="the placement team does not share"),
        pytest.param("lead_worker", 200, id="the lead worker"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Those who may share see the case's shares, with basis and scope."""
    share(world, case, "summary", agency=world.police)
    response = actor(name).get(url(case.pk))

    if status == 200:
        rows = response.json()["results"]
        police = next(r for r in rows if r["agency"]["id"] == world.police.pk)
        assert police["scope"] == "summary"
        assert police["lawful_basis"] == "safeguarding"
        assert police["is_live"] is True
    else:
        assert_error(response, status)
