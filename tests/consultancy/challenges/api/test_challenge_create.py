"""POST /api/v1/practice-challenges/: hub staff raise a challenge."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from consultancy.models import PracticeChallenge
from tests.api.conftest import assert_error
from tests.consultancy.challenges.conftest import CONCERN

URL = reverse("api:challenge-list")


def _data(world, **overrides):
    data = {
        "challenged_agency": world.csc_a.pk,
        "local_authority": world.la_a.pk,
        "category": "victim_blaming",
        "concern": CONCERN,
        "raised_on": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def _post(client, data):
    return client.post(URL, data, content_type="application/json")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("team_manager", 403, id="a team manager does not raise them"),
        pytest.param("raiser", 201, id="a spoke worker raises one"),
        pytest.param("hub_manager", 201, id="so does the hub's manager"),
    ],
)
def test_permissions(world, actor, name, code):
    response = _post(actor(name), _data(world))

    if code != 201:
        assert_error(response, code)
        assert not PracticeChallenge.objects.exists()
        return
    assert response.status_code == 201, response.content
    assert response.json()["level"] == 1


def test_a_case_the_caller_may_not_see_is_400(world, shared_case, actor):
    error = assert_error(
        _post(actor("hub_colleague"), _data(world, case=shared_case.pk)), 400, "invalid"
    )

    assert "case" in error["fields"]


def test_a_case_that_does_not_exist_is_the_same_400(world, actor):
    error = assert_error(_post(actor("raiser"), _data(world, case=999999)), 400, "invalid")

    assert "case" in error["fields"]


def test_bad_input_is_400(world, actor):
    error = assert_error(_post(actor("raiser"), _data(world, concern="short")), 400, "invalid")

    assert "concern" in error["fields"]
