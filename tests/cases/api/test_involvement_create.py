"""POST /api/v1/cases/{case_id}/involvements/: the owning side records an agency's involvement."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import AgencyInvolvement
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(case_id: int) -> str:
    return reverse("api:case-involvement-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="joint scope may not"),
        pytest.param("hub_manager", 201, id="the hub's manager"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Only the owning side records involvement."""
    data = {
        "agency": world.school.pk,
        "professional_name": "Ms Example",
        "professional_role": "DSL",
    }
    response = post(actor(name), url(case.pk), data)

    if status == 201:
        assert response.json()["agency"]["id"] == world.school.pk
        assert AgencyInvolvement.objects.filter(case=case).count() == 1
    else:
        assert_error(response, status)
        assert not AgencyInvolvement.objects.exists()


def test_bad_input_is_a_400(case, actor):
    """Given no agency and a bad email, then 400 on each."""
    data = {"professional_email": "not-an-email"}

    fields = assert_error(post(actor("hub_manager"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"agency", "professional_email"}
