"""POST /api/v1/cases/{case_id}/shares/{id}/revoke/: end a share; access ends at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import CaseShare
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post, share


def url(share_row) -> str:
    return reverse(
        "api:case-share-revoke", kwargs={"case_id": share_row.case_id, "pk": share_row.pk}
    )


REASON = {"reason": "The strategy meeting is over."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("team", 403, id="the placement team may not revoke"),
        pytest.param("hub_manager", 200, id="the hub's manager revokes it"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Only the owning side revokes."""
    police = share(world, case, "full", agency=world.police)
    response = post(actor(name), url(police), REASON)

    police.refresh_from_db()
    if status == 200:
        assert response.json()["is_live"] is False
        assert police.revoked_by_id == world.hub_manager.pk
    else:
        assert_error(response, status)
        assert police.is_live


def test_the_agency_loses_the_case_at_once(world, case, actor, login):
    """Given a revoked share, then the agency's practitioner gets 404 for the case."""
    client = actor("full")  # shares with the Ashdown children's services
    assert client.get(reverse("api:case-detail", kwargs={"pk": case.pk})).status_code == 200
    ashdown = CaseShare.objects.get(case=case, agency=world.csc_a)

    post(login(world.hub_manager), url(ashdown), REASON)

    response = login(world.practitioner).get(reverse("api:case-detail", kwargs={"pk": case.pk}))
    assert_error(response, 404)


def test_a_reason_is_required(world, case, actor):
    """Given a blank reason, then 400 on reason."""
    police = share(world, case, "full", agency=world.police)

    response = post(actor("hub_manager"), url(police), {"reason": ""})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}


def test_a_share_can_be_stopped_after_the_case_closes(world, case, login):
    """Given a closed case with a live share, then its hub manager can still revoke the share."""
    from cases.models import Case
    from cases.services import case_close

    police = share(world, case, "full", agency=world.police)
    case_close(
        case=case,
        by=world.hub_manager,
        version=Case.objects.get(pk=case.pk).version,
        reason=Case.ClosureReason.OUTCOMES_MET,
        outcome="Plan completed.",
    )

    response = post(login(world.hub_manager), url(police), REASON)

    assert response.status_code == 200
    police.refresh_from_db()
    assert not police.is_live
