"""/api/v1/awareness-sessions/: list, record, get and change, through the same services and
policy as the pages; permissions in the fixed order and the list constant in queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultancy.models import AwarenessSession
from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error

LIST = reverse("api:awareness-session-list")


def detail(session) -> str:
    return reverse("api:awareness-session-detail", args=[session.pk])


def payload(world, **changes):
    data = {
        "local_authority": world.la_a.pk,
        "setting": "school",
        "setting_name": "Ashdown Academy",
        "delivered_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "duration_minutes": 50,
        "young_people_reached": 30,
        "age_from": 13,
        "age_to": 14,
        "topics": ["online"],
        "notes": "Year 9 assembly.",
        "delivered_by": [world.spoke_worker.pk],
    }
    data.update(changes)
    return data


def test_anonymous_callers_get_401(client, db):
    assert_error(client.get(LIST), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        pytest.param("practitioner", False, id="a partner agency sees none"),
        pytest.param("other_hub_manager", False, id="another hub sees none"),
        pytest.param("spoke_worker", True, id="the hub's worker"),
        pytest.param("hub_manager", True, id="the hub's manager"),
    ],
)
def test_who_lists_which_sessions(world, awareness, login, who, sees):
    response = login(world.by_role(who)).get(LIST)

    assert response.status_code == 200
    assert ({row["id"] for row in response.json()["results"]} == {awareness.pk}) is sees


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param("anonymous", 401, id="anonymous"),
        pytest.param("practitioner", 404, id="another agency cannot tell it exists"),
        pytest.param("other_hub_manager", 404, id="another hub cannot tell it exists"),
        pytest.param("colleague", 200, id="a colleague at the hub reads it"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_getting_a_session(world, awareness, login, who, expected):
    user = (
        None
        if who == "anonymous"
        else (
            factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
            if who == "colleague"
            else world.by_role(who)
        )
    )

    response = login(user).get(detail(awareness))

    assert response.status_code == expected
    if expected == 200:
        body = response.json()
        assert body["setting_name"] == "Ashdown Academy"
        assert body["delivered_by"] == [{"id": world.spoke_worker.pk, "full_name": "Sam Spoke"}]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param("anonymous", 401, id="anonymous"),
        pytest.param("practitioner", 404, id="another agency 404"),
        pytest.param("colleague", 403, id="a colleague who did not deliver it 403"),
        pytest.param("spoke_worker", 200, id="who delivered it 200"),
        pytest.param("hub_manager", 200, id="the hub's manager 200"),
    ],
)
def test_changing_a_session(world, awareness, login, who, expected):
    user = (
        None
        if who == "anonymous"
        else (
            factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
            if who == "colleague"
            else world.by_role(who)
        )
    )

    response = login(user).patch(
        detail(awareness),
        {"version": 1, "young_people_reached": 31},
        content_type="application/json",
    )

    assert response.status_code == expected
    awareness.refresh_from_db()
    assert awareness.young_people_reached == (31 if expected == 200 else 28)


def test_a_bad_change_is_400_and_a_stale_one_409(world, awareness, login):
    client = login(world.spoke_worker)

    bad = client.patch(
        detail(awareness), {"version": 1, "age_from": 5}, content_type="application/json"
    )
    assert "age_from" in assert_error(bad, 400, "invalid")["fields"]
    ok = client.patch(
        detail(awareness), {"version": 1, "age_to": 15}, content_type="application/json"
    )
    assert ok.json()["version"] == 2
    stale = client.patch(
        detail(awareness), {"version": 1, "age_to": 16}, content_type="application/json"
    )
    assert_error(stale, 409)


def test_recording_a_session(world, login):
    response = login(world.spoke_worker).post(LIST, payload(world), content_type="application/json")

    assert response.status_code == 201, response.content
    session = AwarenessSession.objects.get()
    assert response.json()["id"] == session.pk
    assert session.hub == world.hub
    assert session.created_by == world.spoke_worker


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"age_from": 15, "age_to": 13}, "age_to", id="ages reversed"),
        pytest.param({"young_people_reached": 0}, "young_people_reached", id="nobody"),
        pytest.param({"setting": "pub"}, "setting", id="unknown setting"),
        pytest.param({"delivered_by": [999_999]}, "delivered_by", id="unknown person"),
        pytest.param({"hub": 999_999}, "hub", id="unknown hub"),
    ],
)
def test_bad_input_is_400_and_nothing_saved(world, login, changes, field):
    response = login(world.spoke_worker).post(
        LIST, payload(world, **changes), content_type="application/json"
    )

    assert field in assert_error(response, 400, "invalid")["fields"]
    assert not AwarenessSession.objects.exists()


def test_a_partner_cannot_record_a_session(world, login):
    response = login(world.practitioner).post(LIST, payload(world), content_type="application/json")

    assert_error(response, 403)


def test_another_hub_cannot_be_chosen(world, login):
    response = login(world.spoke_worker).post(
        LIST, payload(world, hub=world.other_hub.pk), content_type="application/json"
    )

    assert "hub" in assert_error(response, 400)["fields"]


def test_filters(world, make_awareness, login):
    make_awareness(setting_name="Brackenford Youth Club", local_authority=world.la_b)
    client = login(world.hub_manager)

    by_la = client.get(LIST, {"local_authority": world.la_b.pk}).json()["results"]
    this_month = client.get(LIST, {"month": timezone.localdate().strftime("%Y-%m")}).json()

    assert [row["setting_name"] for row in by_la] == ["Brackenford Youth Club"]
    assert this_month["count"] in (0, 1)
    assert_error(client.get(LIST, {"month": "May"}), 400)


def test_the_list_is_constant_in_queries(world, make_awareness, login, django_assert_num_queries):
    client = login(world.hub_manager)
    make_awareness()
    client.get(LIST)
    # 6: session, user, memberships with their agencies; COUNT; the page of sessions with
    # local authority and hub; who delivered them.
    with django_assert_num_queries(6):
        client.get(LIST)
    for _ in range(29):
        make_awareness()
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 30
