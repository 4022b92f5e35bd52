"""GET /api/v1/practice-challenges/{id}/: audited; the case only for who may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.api.conftest import assert_error


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="another agency cannot tell"),
        pytest.param("hub_colleague", 404, id="another worker cannot tell"),
        pytest.param("team_manager", 200, id="the challenged agency's team manager"),
        pytest.param("raiser", 200, id="the raiser"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(make_challenge, shared_case, actor, name, code):
    challenge = make_challenge(case=shared_case)

    response = actor(name).get(reverse("api:challenge-detail", args=[challenge.pk]))

    if code != 200:
        assert_error(response, code)
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.CHALLENGE_VIEWED).exists()
        return
    body = response.json()
    assert body["reference"] == challenge.reference
    assert body["case"] == shared_case.pk
    assert [row["level"] for row in body["escalations"]] == [1]
    assert AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_VIEWED).case_id == (
        shared_case.pk
    )


def test_the_case_is_hidden_from_an_agency_it_is_not_shared_with(
    world, make_challenge, shared_case, police_team_manager, login
):
    challenge = make_challenge(case=shared_case, agency=world.police)

    body = (
        login(police_team_manager).get(reverse("api:challenge-detail", args=[challenge.pk])).json()
    )

    assert body["case"] is None
