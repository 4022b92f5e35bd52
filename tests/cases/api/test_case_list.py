"""GET /api/v1/cases/: the cases the caller may see, filterable, paginated in the database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, RiskLevel
from tests.api.conftest import assert_error
from tests.cases.api.conftest import open_case, share

URL = reverse("api:case-list")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_anonymous_callers_get_401(client, db):
    """Given no credentials, then 401."""
    assert_error(client.get(URL), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("name", "sees"),
    [
        pytest.param("other_agency", False, id="an agency it is not shared with"),
        pytest.param("other_hub", False, id="another hub"),
        pytest.param("summary", True, id="shared at summary scope"),
        pytest.param("full", True, id="shared at full scope"),
        pytest.param("joint", True, id="shared at joint scope"),
        pytest.param("team", True, id="the placement team"),
        pytest.param("lead_worker", True, id="the lead worker"),
        pytest.param("hub_manager", True, id="the hub's manager"),
    ],
)
def test_who_sees_the_case(case, actor, name, sees):
    """Given the case, then it is listed exactly for those the policy lets see it."""
    assert (case.pk in ids(actor(name).get(URL))) is sees


def test_rows_carry_only_what_a_summary_may_show(case, actor):
    """Given a summary share, then a row has identity and risk, never the record's fields."""
    row = actor("summary").get(URL).json()["results"][0]

    assert row["young_person"]["first_name"] == "Alex"
    assert row["risk_level"] == "medium"
    assert row["lead_worker"]["full_name"] == "Sam Spoke"
    assert set(row) == {
        "id",
        "young_person",
        "owning_agency",
        "local_authority",
        "lead_worker",
        "status",
        "risk_level",
        "opened_on",
    }
    assert "safe_contact_notes" not in row["young_person"]


def test_filters_by_status_risk_and_scope(world, case, login):
    """Given an open medium case led by the worker and a closed high one, each filter picks."""
    closed = open_case(world, risk_level=RiskLevel.HIGH, lead_worker=world.hub_manager)
    services.case_close(
        case=closed, by=world.hub_manager, version=1, reason="outcomes_met", outcome="Safe now."
    )
    client = login(world.hub_manager)

    assert ids(client.get(URL, {"status": "closed"})) == {closed.pk}
    assert ids(client.get(URL, {"risk": "medium"})) == {case.pk}
    assert ids(client.get(URL, {"scope": "hub"})) == {case.pk, closed.pk}
    assert ids(client.get(URL, {"scope": "allocated"})) == {closed.pk}
    assert ids(client.get(URL, {"scope": "shared"})) == set()
    share(world, case, "summary")
    assert ids(login(world.practitioner).get(URL, {"scope": "shared"})) == {case.pk}


def test_bad_filters_are_a_400_naming_each(case, actor):
    """Given values that cannot be read, then 400 naming every bad filter."""
    response = actor("hub_manager").get(URL, {"status": "lost", "risk": "extreme", "scope": "all"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"status", "risk", "scope"}


def test_list_queries_are_constant(world, case, login, django_assert_num_queries):
    """Given 1 and then 21 cases, the list costs the same queries."""
    client = login(world.hub_manager)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of cases joined to young person,
    # hub, local authority and lead worker (visibility is subqueries inside the last two)
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 1
    for _ in range(20):
        open_case(world)
    with django_assert_num_queries(5):
        assert client.get(URL).json()["count"] == 21
    assert Case.objects.count() == 21
