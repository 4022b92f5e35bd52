"""PATCH /api/v1/cases/{case_id}/shares/{id}/: change a share's scope or expiry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseShare
from tests.api.conftest import assert_error
from tests.cases.api.conftest import patch, share


@pytest.fixture
def police_share(world, case):
    return share(world, case, "summary", agency=world.police)


def url(share_row) -> str:
    return reverse(
        "api:case-share-detail", kwargs={"case_id": share_row.case_id, "pk": share_row.pk}
    )


CHANGE = {"scope": "joint", "reason": "Joint visits agreed at the strategy meeting."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("full", 403, id="an agency shared with may not change shares"),
        pytest.param("lead_worker", 200, id="the lead worker"),
    ],
)
def test_permissions(police_share, actor, name, status):
    """Only the owning side changes a share."""
    response = patch(actor(name), url(police_share), CHANGE)

    scope = CaseShare.objects.get(pk=police_share.pk).scope
    if status == 200:
        assert response.json()["scope"] == "joint"
        assert scope == "joint"
    else:
        assert_error(response, status)
        assert scope == "summary"


def test_a_reason_is_required(police_share, actor):
    """Given no reason and an unknown scope, then 400 on each."""
    response = patch(actor("hub_manager"), url(police_share), {"scope": "all"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"scope", "reason"}


def test_a_share_of_another_case_is_404(world, police_share, actor):
    """Given the share's id under another case, then 404."""
    from tests.cases.api.conftest import open_case

    other = open_case(world)
    path = reverse("api:case-share-detail", kwargs={"case_id": other.pk, "pk": police_share.pk})

    assert_error(patch(actor("hub_manager"), path, CHANGE), 404)
