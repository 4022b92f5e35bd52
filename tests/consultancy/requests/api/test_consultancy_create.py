"""POST /api/v1/consultancy-requests/: ask, with the identifying check's own error code."""

from __future__ import annotations

from django.urls import reverse

from consultancy.models import ConsultancyRequest
from tests.api.conftest import assert_error
from tests.consultancy.requests.conftest import QUESTION

URL = reverse("api:consultancy-request-list")
IDENTIFYING = "Jane Smith, born 03/04/2011, has been missing three nights this month."


def _body(**overrides):
    body = {
        "about": "unnamed",
        "question": QUESTION,
        "urgency": "soon",
        "preferred_contact": "in_writing",
        "young_person_age": 14,
    }
    body.update(overrides)
    return body


def test_anonymous_callers_get_401(client, db):
    assert_error(client.post(URL, _body(), content_type="application/json"), 401)


def test_only_partner_practitioners_and_team_managers_ask(world, actor):
    response = actor("spoke_worker").post(URL, _body(), content_type="application/json")

    assert_error(response, 403)


def test_asking_about_a_young_person_not_named(world, actor):
    response = actor("practitioner").post(URL, _body(), content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    # Two workers are placed in Ashdown (the world's and a colleague), so it waits for one.
    assert body["status"] == "requested"
    assert body["hub"]["id"] == world.hub.pk
    assert body["local_authority"]["id"] == world.la_a.pk
    assert body["responding_worker"] is None
    assert body["view"] == "requester"
    assert body["messages"] == []


def test_an_identifying_question_is_a_400_with_its_own_code(world, actor):
    client = actor("practitioner")

    error = assert_error(
        client.post(URL, _body(question=IDENTIFYING), content_type="application/json"),
        400,
        "identifying",
    )
    assert "Jane Smith" in error["fields"]["question"][0]
    assert not ConsultancyRequest.objects.exists()

    confirmed = client.post(
        URL,
        _body(question=IDENTIFYING, identifying_details_confirmed=True),
        content_type="application/json",
    )
    assert confirmed.status_code == 201
    assert confirmed.json()["identifying_details_confirmed"] is True


def test_about_a_shared_case(world, actor, shared_case):
    response = actor("team_manager").post(
        URL, _body(about="case", case=shared_case.pk), content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["case"] == shared_case.pk


def test_a_case_that_does_not_exist_or_is_not_shared_reads_the_same(world, actor, shared_case):
    client = actor("other_la_practitioner")
    missing = client.post(URL, _body(about="case", case=999999), content_type="application/json")
    not_shared = client.post(
        URL, _body(about="case", case=shared_case.pk), content_type="application/json"
    )

    assert (
        assert_error(missing, 400, "invalid")["fields"]
        == assert_error(not_shared, 400, "invalid")["fields"]
    )


def test_bad_input_is_a_400_naming_each_field(world, actor):
    response = actor("practitioner").post(
        URL, _body(question="", urgency="whenever"), content_type="application/json"
    )

    assert {"question", "urgency"} <= assert_error(response, 400, "invalid")["fields"].keys()
