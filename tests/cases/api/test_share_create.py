"""POST /api/v1/cases/{case_id}/shares/: the owning side shares a case; access follows at once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseShare
from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(case_id: int) -> str:
    return reverse("api:case-share-list", kwargs={"case_id": case_id})


def body(world, **overrides):
    data = {
        "agency": world.police.pk,
        "scope": "full",
        "lawful_basis": "safeguarding",
        "reason": "Police are investigating the adults involved.",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="an agency shared with may not share onwards"),
        pytest.param("team", 403, id="the placement team may not share"),
        pytest.param("hub_manager", 201, id="the hub's manager shares it"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Only the owning side shares; a new share is live."""
    response = post(actor(name), url(case.pk), body(world))

    police = CaseShare.objects.filter(case=case, agency=world.police)
    if status == 201:
        made = response.json()
        assert made["scope"] == "full"
        assert made["shared_by"]["id"] == world.hub_manager.pk
        assert police.count() == 1
    else:
        assert_error(response, status)
        assert not police.exists()


def test_the_agency_sees_the_case_at_once(world, case, actor, login):
    """Given a full share to the police, then their officer reads the record straight away."""
    officer = factories.member(agency=world.police, role=Role.PRACTITIONER)
    post(actor("hub_manager"), url(case.pk), body(world))

    response = login(officer).get(reverse("api:case-detail", kwargs={"pk": case.pk}))

    assert response.json()["access"] == "full"


def test_bad_input_is_a_400(world, case, actor):
    """Given an unknown scope and basis, no reason and no expiry, then 400 on each."""
    data = {"agency": world.police.pk, "scope": "everything", "lawful_basis": "because"}

    fields = assert_error(post(actor("hub_manager"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"scope", "lawful_basis", "reason", "expires_on"}


def test_consent_needs_its_date(world, case, actor):
    """Given consent as the basis without the date it was recorded, then the service's 400."""
    response = post(actor("hub_manager"), url(case.pk), body(world, lawful_basis="consent"))

    assert "consent_recorded_on" in assert_error(response, 400, "invalid")["fields"]
