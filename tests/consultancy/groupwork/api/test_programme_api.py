"""/api/v1/group-work-programmes/: programmes, their young people and sessions, through the same
services and policy as the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseworkEntry
from consultancy.models import GroupWorkProgramme, GroupWorkSession
from partners.models import Role
from tests import factories
from tests.api.conftest import assert_error

LIST = reverse("api:group-programme-list")


def url(name, programme, *more):
    return reverse(f"api:group-programme-{name}", args=[programme.pk, *more])


def post(client, where, data):
    return client.post(where, data, content_type="application/json")


def caller(world, who):
    if who == "anonymous":
        return None
    if who == "colleague":
        return factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    return world.by_role(who)


def register(shared_case, second_case, **overrides):
    lines = {
        shared_case.pk: {"case": shared_case.pk, "attendance": "attended", "note": "Joined in."},
        second_case.pk: {"case": second_case.pk, "attendance": "did_not_attend"},
    }
    lines.update(overrides)
    return list(lines.values())


def session_payload(yesterday_evening, lines):
    return {
        "held_at": yesterday_evening.isoformat(),
        "duration_minutes": 90,
        "topic": "Consent",
        "notes": "A good group.",
        "attendance": lines,
    }


def test_setting_up_a_programme(world, login):
    response = post(
        login(world.spoke_worker),
        LIST,
        {
            "local_authority": world.la_a.pk,
            "title": "Staying safe online",
            "setting_name": "Ashdown Youth Centre",
            "starts_on": timezone.localdate().isoformat(),
            "facilitators": [world.spoke_worker.pk],
        },
    )

    assert response.status_code == 201, response.content
    assert response.json()["current_participants"] == 0
    assert GroupWorkProgramme.objects.get().hub == world.hub


def test_a_partner_cannot_set_one_up(world, login):
    assert_error(post(login(world.practitioner), LIST, {}), 403)


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param("anonymous", 401, id="anonymous"),
        pytest.param("practitioner", 404, id="another agency 404"),
        pytest.param("other_hub_manager", 404, id="another hub 404"),
        pytest.param("colleague", 200, id="a colleague at the hub"),
        pytest.param("spoke_worker", 200, id="the facilitator"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_reading_a_programme_and_its_young_people(world, programme, login, who, expected):
    client = login(caller(world, who))

    got = client.get(reverse("api:group-programme-detail", args=[programme.pk]))
    people = client.get(url("participants", programme))

    assert (got.status_code, people.status_code) == (expected, expected)
    if expected == 200:
        assert got.json()["current_participants"] == 2
        names = {row["young_person"] for row in people.json()}
        # A colleague not placed in Ashdown and working on neither case sees no names.
        assert names == ({None} if who == "colleague" else {"Morgan Fictional", "Robin Example"})


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        pytest.param("anonymous", 401, id="anonymous"),
        pytest.param("practitioner", 404, id="another agency 404"),
        pytest.param("colleague", 403, id="a colleague who does not run it 403"),
        pytest.param("spoke_worker", 201, id="the facilitator 201"),
        pytest.param("hub_manager", 201, id="the hub's manager 201"),
    ],
)
def test_recording_a_session(
    world, programme, shared_case, second_case, yesterday_evening, login, who, expected
):
    response = post(
        login(caller(world, who)),
        url("sessions", programme),
        session_payload(yesterday_evening, register(shared_case, second_case)),
    )

    assert response.status_code == expected, response.content
    if expected == 201:
        body = response.json()
        assert {(row["case"], row["attendance"]) for row in body["attendance"]} == {
            (shared_case.pk, "attended"),
            (second_case.pk, "did_not_attend"),
        }
        entry = CaseworkEntry.objects.get(pk=body["attendance"][0]["entry"])
        assert entry.kind == CaseworkEntry.Kind.GROUP_WORK
    else:
        assert not GroupWorkSession.objects.exists()


def test_an_incomplete_or_repeated_register_is_400(
    world, programme, shared_case, second_case, yesterday_evening, login
):
    client = login(world.spoke_worker)
    one_only = [{"case": shared_case.pk, "attendance": "attended"}]
    twice = [
        *register(shared_case, second_case),
        {"case": shared_case.pk, "attendance": "declined"},
    ]

    for lines in (one_only, twice):
        response = post(
            client, url("sessions", programme), session_payload(yesterday_evening, lines)
        )
        assert "attendance" in assert_error(response, 400, "invalid")["fields"]
    assert not GroupWorkSession.objects.exists()


def test_the_session_and_its_list(
    world, programme, shared_case, second_case, yesterday_evening, login
):
    client = login(world.hub_manager)
    made = post(
        client,
        url("sessions", programme),
        session_payload(yesterday_evening, register(shared_case, second_case)),
    ).json()

    listed = client.get(url("sessions", programme)).json()
    one = client.get(url("session-detail", programme, made["id"]))

    assert (listed["results"][0]["attended"], listed["results"][0]["recorded"]) == (1, 2)
    assert one.json()["topic"] == "Consent"
    assert client.get(url("session-detail", programme, 999_999)).status_code == 404


def test_adding_and_a_young_person_leaving(world, make_programme, shared_case, second_case, login):
    programme = make_programme()
    client = login(world.spoke_worker)

    added = post(client, url("participants", programme), {"case": shared_case.pk})
    assert added.status_code == 201
    assert_error(post(client, url("participants", programme), {"case": 999_999}), 400)
    assert_error(post(client, url("participants", programme), {"case": shared_case.pk}), 400)
    participant_id = added.json()[0]["id"]

    left = post(client, url("participant-leave", programme, participant_id), {})

    assert left.status_code == 200
    assert left.json()[0]["left_at"]
    assert_error(post(client, url("participant-leave", programme, participant_id), {}), 400)


def test_a_case_the_caller_may_not_add_is_refused_as_unknown(
    world, make_programme, shared_case, login
):
    """Given a colleague's programme facilitated by someone who does not work on the case, then
    the case is refused in the same words as one that does not exist."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)
    programme = make_programme(by=colleague, facilitators=[colleague])

    response = post(login(colleague), url("participants", programme), {"case": shared_case.pk})

    assert assert_error(response, 400)["fields"]["case"] == [
        "Choose a young person whose case you may add to this group."
    ]


def test_a_stale_change_is_409(world, programme, login):
    client = login(world.spoke_worker)
    where = reverse("api:group-programme-detail", args=[programme.pk])

    assert (
        client.patch(
            where, {"version": 1, "title": "New"}, content_type="application/json"
        ).status_code
        == 200
    )
    assert_error(
        client.patch(where, {"version": 1, "title": "Old"}, content_type="application/json"), 409
    )


def test_the_list_is_constant_in_queries(world, make_programme, login, django_assert_num_queries):
    client = login(world.hub_manager)
    make_programme()
    client.get(LIST)
    # 6: session, user, memberships with their agencies; COUNT; the page of programmes with
    # local authority, hub and the counts as subqueries; the facilitators.
    with django_assert_num_queries(6):
        client.get(LIST)
    for _ in range(29):
        make_programme()
    with django_assert_num_queries(6):
        assert client.get(LIST).json()["count"] == 30


def test_the_participant_list_is_constant_in_queries(
    world, programme, make_programme, login, django_assert_num_queries
):
    from tests.consultancy.groupwork.pages.test_programme_pages import _more_young_people

    client = login(world.hub_manager)
    where = url("participants", programme)
    client.get(where)
    # 7: session, user, memberships with their agencies; the programme with its counts; its
    # facilitators; the young people; the cases named, with young people and lead workers.
    with django_assert_num_queries(7):
        client.get(where)
    _more_young_people(world, programme, 10)
    with django_assert_num_queries(7):
        assert len(client.get(where).json()) == 12
