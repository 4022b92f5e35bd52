"""/api/v1/training-sessions/: list, create, retrieve and change, through the same services and
policy as the pages; permissions in the fixed order (401, 404, 403, 2xx, 400/409)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consultancy.models import TrainingSession
from consultancy.services.training import training_agency_count_set, training_update
from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error

S = TrainingSession.Status
LIST = reverse("api:training-session-list")


def detail(session) -> str:
    return reverse("api:training-session-detail", kwargs={"pk": session.pk})


def _new(world, **overrides):
    data = {
        "local_authority": world.la_a.pk,
        "title": "Online exploitation",
        "audience": "Teachers and DSLs",
        "delivered_on": (timezone.localdate() - datetime.timedelta(days=2)).isoformat(),
        "duration_minutes": 60,
        "topics": ["online"],
        "status": "delivered",
    }
    data.update(overrides)
    return data


# List


def test_anonymous_callers_get_401(client, db):
    assert_error(client.get(LIST), 401, "not_authenticated")


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        pytest.param("other_hub_manager", False, id="another hub"),
        pytest.param("practitioner", False, id="an attendee lists attended/ instead"),
        pytest.param("spoke_worker", True, id="the hub's worker"),
        pytest.param("hub_manager", True, id="the hub's manager"),
    ],
)
def test_who_lists_the_hubs_sessions(world, login, make_session, attend, who, sees):
    session = make_session()
    attend(session, world.practitioner)

    body = login(world.by_role(who)).get(LIST).json()

    assert ({row["id"] for row in body["results"]} == {session.pk}) is sees


def test_rows_carry_trainers_and_the_number_attended(world, login, make_session):
    session = make_session()
    training_agency_count_set(session=session, by=world.spoke_worker, agency=world.police, count=4)

    (row,) = login(world.hub_manager).get(LIST).json()["results"]

    assert row["attended"] == 4
    assert row["trainers"] == [{"id": world.spoke_worker.pk, "full_name": "Sam Spoke"}]
    assert row["local_authority"]["name"] == "Ashdown"


def test_filters(world, login, make_session):
    ashdown = make_session()
    upcoming = make_session(status=S.PLANNED, local_authority=world.la_b)
    client = login(world.hub_manager)

    def ids(**query):
        return {row["id"] for row in client.get(LIST, query).json()["results"]}

    assert ids(local_authority=world.la_b.pk) == {upcoming.pk}
    assert ids(status="delivered") == {ashdown.pk}
    assert ids(when="upcoming") == {upcoming.pk}
    assert ids(trainer=world.hub_manager.pk) == set()


def test_bad_filters_are_a_400_naming_each(world, login):
    response = login(world.hub_manager).get(LIST, {"status": "lost", "when": "soon"})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"status", "when"}


def test_the_list_is_constant_in_queries(world, login, make_session, django_assert_num_queries):
    """Given one session and then many with attendance and two trainers, the same queries."""
    make_session()
    client = login(world.hub_manager)
    client.get(LIST)
    # session, user, memberships; COUNT; the page of sessions with local authority and hub
    # joined and the number attended as a subquery; the trainers of the page's sessions.
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 1
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    for n in range(15):
        session = make_session(title=f"Session {n}", trainers=[world.spoke_worker, second])
        training_agency_count_set(
            session=session, by=world.spoke_worker, agency=world.police, count=2
        )
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 16


# Create


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param("practitioner", 403, id="a practitioner records no training"),
        pytest.param("spoke_worker", 201, id="a spoke worker does"),
        pytest.param("hub_manager", 201, id="so does the hub's manager"),
    ],
)
def test_who_creates(world, login, who, expected):
    response = login(world.by_role(who)).post(LIST, _new(world), content_type="application/json")

    assert response.status_code == expected, response.content


def test_create_defaults_hub_and_trainer_and_answers_in_full(world, login):
    response = login(world.spoke_worker).post(LIST, _new(world), content_type="application/json")

    body = response.json()
    assert body["view"] == "hub"
    assert body["hub"]["id"] == world.hub.pk
    assert [t["id"] for t in body["trainers"]] == [world.spoke_worker.pk]
    assert body["summary"]["people"] == 0


def test_create_another_hubs_session_is_403(world, login):
    response = login(world.spoke_worker).post(
        LIST, _new(world, hub=world.other_hub.pk), content_type="application/json"
    )

    assert_error(response, 403)
    assert not TrainingSession.objects.exists()


@pytest.mark.parametrize(
    ("override", "field"),
    [
        pytest.param({"title": ""}, "title", id="no title"),
        pytest.param({"duration_minutes": 0}, "duration_minutes", id="no length"),
        pytest.param({"topics": ["gossip"]}, "topics", id="unknown topic"),
        pytest.param({"trainers": [999999]}, "trainers", id="nobody"),
        pytest.param(
            {"delivered_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "delivered_on",
            id="delivered in the future",
        ),
    ],
)
def test_create_bad_input_is_400_naming_the_field(world, login, override, field):
    response = login(world.spoke_worker).post(
        LIST, _new(world, **override), content_type="application/json"
    )

    assert field in assert_error(response, 400, "invalid")["fields"]
    assert not TrainingSession.objects.exists()


# Retrieve


@pytest.mark.parametrize(
    ("who", "expected", "view"),
    [
        pytest.param("other_hub_manager", 404, None, id="another hub cannot tell it exists"),
        pytest.param("other_la_practitioner", 404, None, id="another agency"),
        pytest.param("team_manager", 404, None, id="the attendee's manager"),
        pytest.param("practitioner", 200, "attendee", id="the attendee: their own row"),
        pytest.param("spoke_worker", 200, "hub", id="the trainer: in full"),
        pytest.param("hub_manager", 200, "hub", id="the hub's manager: in full"),
    ],
)
def test_who_retrieves_what(
    world, login, make_session, attend, police_officer, who, expected, view
):
    session = make_session()
    attend(session, world.practitioner, before=2, after=4)
    attend(session, police_officer)

    response = login(world.by_role(who)).get(detail(session))

    assert response.status_code == expected
    if view is None:
        assert_error(response, 404, "not_found")
        return
    body = response.json()
    assert body["view"] == view
    if view == "attendee":
        assert set(body) == {
            "id",
            "view",
            "title",
            "delivered_on",
            "hub",
            "local_authority",
            "trainers",
            "own_attendance",
        }
        assert body["own_attendance"]["confidence_after"] == "4.00"
    else:
        assert body["summary"]["people"] == 2
        assert len(body["attendance"]) == 2


def test_retrieve_anonymous_is_401(client, make_session):
    assert_error(client.get(detail(make_session())), 401)


# Change


def test_change_in_the_fixed_order(world, login, make_session, attend, client):
    """401 anonymous, 404 another hub, 403 the attendee and a hub worker who is not a trainer,
    200 the trainer, 400 bad input, 409 a stale version."""
    session = make_session()
    attend(session, world.practitioner)
    url = detail(session)
    body = {"version": 1, "venue": "Town hall"}

    assert_error(client.patch(url, body, content_type="application/json"), 401)
    assert_error(
        login(world.other_hub_manager).patch(url, body, content_type="application/json"), 404
    )
    assert_error(login(world.practitioner).patch(url, body, content_type="application/json"), 403)
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    assert_error(login(colleague).patch(url, body, content_type="application/json"), 403)
    trainer = login(world.spoke_worker)
    response = trainer.patch(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["venue"] == "Town hall"
    assert response.json()["version"] == 2
    assert_error(
        trainer.patch(url, {"version": 2, "status": "cancelled"}, content_type="application/json"),
        400,
        "invalid",
    )
    assert_error(trainer.patch(url, body, content_type="application/json"), 409, "conflict")


def test_change_without_a_version_is_400(world, login, make_session):
    response = login(world.spoke_worker).patch(
        detail(make_session()), {"venue": "Hall"}, content_type="application/json"
    )

    assert "version" in assert_error(response, 400, "invalid")["fields"]


def test_feedback_is_written_once_delivered(world, login, make_session):
    session = make_session()
    training_update(session=session, by=world.hub_manager, version=1, venue="Hall")

    response = login(world.spoke_worker).patch(
        detail(session),
        {"version": 2, "feedback": "Clear and practical."},
        content_type="application/json",
    )

    assert response.json()["feedback"] == "Clear and practical."
