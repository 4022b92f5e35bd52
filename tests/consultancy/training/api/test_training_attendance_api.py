"""/api/v1/training-sessions/{id}/attendance/ (and each row), attendee-options/ and attended/:
the same services and policy as the pages, in the fixed order of permissions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from consultancy.models import TrainingAttendance, TrainingSession
from consultancy.services.training import training_agency_count_set
from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error

S = TrainingSession.Status
ATTENDED = reverse("api:training-session-attended")
JSON = "application/json"


def attendance(session) -> str:
    return reverse("api:training-session-attendance", kwargs={"pk": session.pk})


def row_url(session, row) -> str:
    return reverse(
        "api:training-session-attendance-row",
        kwargs={"pk": session.pk, "attendance_pk": row.pk},
    )


def test_adding_attendance_in_the_fixed_order(world, login, make_session, attend, client):
    """401 anonymous, 404 another agency, 403 an attendee, 201 the trainer, 400 bad input."""
    session = make_session()
    attend(session, world.practitioner)
    url = attendance(session)
    body = {"agency": world.police.pk, "count": 5, "confidence_before": "2.50"}

    assert_error(client.post(url, body, content_type=JSON), 401)
    assert_error(login(world.other_la_practitioner).post(url, body, content_type=JSON), 404)
    assert_error(login(world.practitioner).post(url, body, content_type=JSON), 403)
    trainer = login(world.spoke_worker)
    response = trainer.post(url, body, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["summary"]["people"] == 6
    error = assert_error(
        trainer.post(url, {"agency": world.police.pk, "count": 0}, content_type=JSON), 400
    )
    assert "count" in error["fields"]
    assert TrainingAttendance.objects.get(agency=world.police).count == 5


def test_a_named_attendee_by_user_id(world, login, make_session, police_officer):
    session = make_session()

    response = login(world.spoke_worker).post(
        attendance(session),
        {"attendee": police_officer.pk, "confidence_before": 1, "confidence_after": 4},
        content_type=JSON,
    )

    assert response.status_code == 201
    (row,) = response.json()["attendance"]
    assert row["attendee"]["full_name"] == "Pat Constable"
    assert row["agency"]["name"] == "Shire Police"
    assert (row["confidence_before"], row["confidence_after"]) == ("1.00", "4.00")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param({}, "agency", id="nobody and no agency"),
        pytest.param({"agency": "AGENCY"}, "count", id="an agency and no count"),
        pytest.param({"attendee": "PRACTITIONER", "count": 3}, "count", id="a named three"),
        pytest.param({"attendee": "OUTSIDER"}, "attendee", id="someone from another area"),
        pytest.param(
            {"agency": "AGENCY", "count": 2, "confidence_after": "6"},
            "confidence_after",
            id="a score over 5",
        ),
    ],
)
def test_bad_attendance_is_400(world, login, make_session, body, field):
    session = make_session()
    ids = {
        "AGENCY": world.police.pk,
        "PRACTITIONER": world.practitioner.pk,
        "OUTSIDER": world.other_la_practitioner.pk,
    }
    body = {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in body.items()
    }

    response = login(world.spoke_worker).post(attendance(session), body, content_type=JSON)

    assert field in assert_error(response, 400, "invalid")["fields"]
    assert not TrainingAttendance.objects.exists()


def test_no_attendance_on_a_planned_session(world, login, make_session):
    session = make_session(status=S.PLANNED)

    response = login(world.spoke_worker).post(
        attendance(session), {"agency": world.police.pk, "count": 3}, content_type=JSON
    )

    error = assert_error(response, 400, "invalid")
    assert "once the session has been delivered" in error["fields"]["non_field_errors"][0]


def test_reading_attendance_is_for_the_hub(world, login, make_session, attend, client):
    session = make_session()
    attend(session, world.practitioner)
    url = attendance(session)

    assert_error(client.get(url), 401)
    assert_error(login(world.other_hub_manager).get(url), 404)
    assert_error(login(world.practitioner).get(url), 403)
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    assert len(login(colleague).get(url).json()) == 1


def test_changing_and_removing_a_row(world, login, make_session, attend, client):
    session = make_session()
    row = training_agency_count_set(
        session=session, by=world.spoke_worker, agency=world.police, count=5
    )
    attend(session, world.practitioner)
    url = row_url(session, row)

    assert_error(client.patch(url, {"count": 4}, content_type=JSON), 401)
    assert_error(login(world.other_hub_manager).patch(url, {"count": 4}, content_type=JSON), 404)
    assert_error(login(world.practitioner).delete(url), 403)
    manager = login(world.hub_manager)
    response = manager.patch(url, {"count": 4, "confidence_after": "3.75"}, content_type=JSON)
    assert response.status_code == 200
    assert response.json()["summary"]["people"] == 5
    assert_error(manager.patch(url, {"count": -1}, content_type=JSON), 400)
    assert manager.delete(url).status_code == 204
    assert_error(manager.delete(url), 404)
    assert TrainingAttendance.objects.count() == 1


def test_a_row_of_another_session_is_404(world, login, make_session):
    first = make_session()
    second = make_session(title="Another")
    row = training_agency_count_set(
        session=first, by=world.spoke_worker, agency=world.police, count=5
    )

    assert_error(login(world.hub_manager).delete(row_url(second, row)), 404)


def test_attendee_options_search_the_sessions_area(
    world, login, make_session, attend, police_officer
):
    session = make_session()
    attend(session, world.practitioner)
    url = reverse("api:training-session-attendee-options", kwargs={"pk": session.pk})
    trainer = login(world.spoke_worker)

    found = trainer.get(url, {"q": "pat"}).json()
    assert [(o["user"]["id"], o["agency"]["name"], o["role"]) for o in found] == [
        (police_officer.pk, "Shire Police", "practitioner")
    ]
    # Already recorded, or working elsewhere: not offered.
    assert trainer.get(url, {"q": world.practitioner.email}).json() == []
    assert trainer.get(url, {"q": world.other_la_practitioner.email}).json() == []
    assert "q" in assert_error(trainer.get(url, {"q": "p"}), 400)["fields"]
    assert_error(login(world.practitioner).get(url, {"q": "pat"}), 403)


# What the caller attended


def test_attended_lists_only_the_callers_rows(
    world, login, make_session, attend, police_officer, client
):
    mine = make_session()
    attend(mine, world.practitioner, before=3, after=5)
    attend(mine, police_officer)
    attend(make_session(title="Not mine"), police_officer)

    assert_error(client.get(ATTENDED), 401)
    body = login(world.practitioner).get(ATTENDED).json()

    (row,) = body["results"]
    assert row["session"]["id"] == mine.pk
    assert row["session"]["trainers"][0]["full_name"] == "Sam Spoke"
    assert row["agency"]["name"] == "Ashdown Children's Services"
    assert (row["confidence_before"], row["confidence_after"]) == ("3.00", "5.00")


def test_attended_is_constant_in_queries(
    world, login, make_session, attend, django_assert_num_queries
):
    attend(make_session(), world.practitioner)
    client = login(world.practitioner)
    client.get(ATTENDED)
    # session, user, memberships; COUNT; the page of rows with session, its local authority and
    # hub, and agency joined; the trainers of the page's sessions.
    with django_assert_num_queries(6):
        assert client.get(ATTENDED).json()["count"] == 1
    for n in range(12):
        attend(make_session(title=f"Session {n}"), world.practitioner)
    with django_assert_num_queries(6):
        assert client.get(ATTENDED).json()["count"] == 13


def test_an_unknown_user_id_is_refused_as_someone_from_elsewhere(world, login, make_session):
    """Given an id nobody has, then the same words as for someone working elsewhere, so user
    ids cannot be probed."""
    session = make_session()
    client = login(world.spoke_worker)

    unknown = client.post(attendance(session), {"attendee": 999999}, content_type=JSON)
    elsewhere = client.post(
        attendance(session), {"attendee": world.other_la_practitioner.pk}, content_type=JSON
    )

    assert assert_error(unknown, 400)["fields"] == assert_error(elsewhere, 400)["fields"]
