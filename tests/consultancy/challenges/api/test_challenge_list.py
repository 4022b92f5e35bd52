"""GET /api/v1/practice-challenges/: what each caller may see, open first, constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.api.conftest import assert_error

URL = reverse("api:challenge-list")


def test_anonymous_callers_get_401(client, db):
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        pytest.param("other_agency", False, id="another agency"),
        pytest.param("police_team_manager", False, id="another agency's team manager"),
        pytest.param("practitioner", False, id="the agency's practitioner"),
        pytest.param("other_hub_manager", False, id="another hub"),
        pytest.param("hub_colleague", False, id="another worker of the hub"),
        pytest.param("team_manager", True, id="the challenged agency's team manager"),
        pytest.param("raiser", True, id="the raiser"),
        pytest.param("hub_manager", True, id="the hub's manager"),
    ],
)
def test_who_sees_it(make_challenge, actor, name, sees):
    challenge = make_challenge()

    response = actor(name).get(URL)

    assert response.status_code == 200
    assert (challenge.pk in {row["id"] for row in response.json()["results"]}) is sees


def test_rows_never_carry_the_case(make_challenge, shared_case, actor):
    make_challenge(case=shared_case)

    (row,) = actor("hub_manager").get(URL).json()["results"]

    assert "case" not in row
    assert "concern" not in row


def test_filters(make_challenge, actor):
    open_one = make_challenge()
    resolved = make_challenge(resolved=True)

    rows = actor("hub_manager").get(URL, {"status": "resolved"}).json()["results"]

    assert [row["id"] for row in rows] == [resolved.pk]
    assert open_one.pk not in [row["id"] for row in rows]
    assert_error(actor("hub_manager").get(URL, {"level": 9}), 400, "invalid")


@pytest.mark.parametrize("n", [1, 30])
def test_constant_queries(make_challenge, actor, django_assert_num_queries, n):
    for _ in range(n):
        make_challenge()
    client = actor("hub_manager")
    client.get(URL)
    # session, user, memberships; count; the page with hub, agency, local authority, raiser.
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
