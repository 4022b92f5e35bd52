"""GET /api/v1/consultancy-requests/: scoped by `role`, filterable, paged in the database."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import ConsultancyRequest, Urgency
from tests.api.conftest import assert_error

URL = reverse("api:consultancy-request-list")
S = ConsultancyRequest.Status


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_anonymous_callers_get_401(client, db):
    assert_error(client.get(URL), 401, "not_authenticated")


def test_each_caller_lists_what_they_may_see(world, make_request, actor, colleague):
    waiting = make_request()
    assigned = make_request(status=S.ASSIGNED)

    assert ids(actor("other_la_practitioner").get(URL)) == []
    assert ids(actor("other_hub_manager").get(URL)) == []
    assert set(ids(actor("practitioner").get(URL))) == {waiting.pk, assigned.pk}
    assert ids(actor("colleague").get(URL)) == [waiting.pk]
    assert set(ids(actor("hub_manager").get(URL))) == {waiting.pk, assigned.pk}


def test_rows_carry_no_question(world, make_request, actor):
    make_request()

    (row,) = actor("hub_manager").get(URL).json()["results"]

    assert "question" not in row
    assert row["reference"].startswith("C")


def test_role_hub_is_urgent_first_and_role_requester_newest_first(world, make_request, actor):
    routine = make_request(urgency=Urgency.ROUTINE)
    urgent = make_request(urgency=Urgency.URGENT, requester=world.team_manager)

    assert ids(actor("hub_manager").get(URL, {"role": "hub"})) == [urgent.pk, routine.pk]
    assert ids(actor("hub_manager").get(URL, {"role": "requester"})) == []
    assert ids(actor("team_manager").get(URL, {"role": "requester"})) == [urgent.pk, routine.pk]
    assert ids(actor("team_manager").get(URL, {"role": "hub"})) == []


def test_filters(world, make_request, actor):
    waiting = make_request(urgency=Urgency.URGENT)
    assigned = make_request(status=S.ASSIGNED)
    client = actor("hub_manager")

    assert ids(client.get(URL, {"status": "requested"})) == [waiting.pk]
    assert ids(client.get(URL, {"urgency": "urgent"})) == [waiting.pk]
    assert ids(client.get(URL, {"worker": world.spoke_worker.pk})) == [assigned.pk]
    assert ids(client.get(URL, {"local_authority": world.la_b.pk})) == []


def test_bad_filters_are_a_400_naming_each(world, actor):
    response = actor("hub_manager").get(URL, {"role": "boss", "status": "lost", "urgency": "now"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"role", "status", "urgency"}


@pytest.mark.parametrize(("name", "role"), [("practitioner", "requester"), ("hub_manager", "hub")])
def test_list_queries_are_constant(
    world, make_request, actor, name, role, django_assert_num_queries
):
    make_request()
    client = actor(name)
    client.get(URL)  # the first request records the session's first use; not measured

    # session, user, memberships in force, count, page of requests joined to requester,
    # agency, hub, local authority and worker (visibility is in the WHERE)
    for count in (1, 21):
        while ConsultancyRequest.objects.count() < count:
            make_request()
        with django_assert_num_queries(5):
            assert client.get(URL, {"role": role}).json()["count"] == count
