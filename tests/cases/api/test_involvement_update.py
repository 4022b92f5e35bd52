"""PATCH /api/v1/cases/{case_id}/involvements/{id}/: change who is involved, or how."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import record
from tests.api.conftest import assert_error
from tests.cases.api.conftest import patch


@pytest.fixture
def involvement(world, case):
    return record.involvement_add(case=case, by=world.hub_manager, agency=world.police)


def url(involvement) -> str:
    return reverse(
        "api:case-involvement-detail",
        kwargs={"case_id": involvement.case_id, "pk": involvement.pk},
    )


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope sees it but may not change it"),
        pytest.param("lead_worker", 200, id="the lead worker"),
    ],
)
def test_permissions(involvement, actor, name, status):
    """Only the owning side changes involvement."""
    response = patch(actor(name), url(involvement), {"professional_name": "DS Example"})

    involvement.refresh_from_db()
    if status == 200:
        assert response.json()["professional_name"] == "DS Example"
    else:
        assert_error(response, status)
        assert involvement.professional_name == ""


def test_bad_input_is_a_400(involvement, actor):
    """Given a bad email, then 400 on it."""
    response = patch(actor("hub_manager"), url(involvement), {"professional_email": "nope"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"professional_email"}
