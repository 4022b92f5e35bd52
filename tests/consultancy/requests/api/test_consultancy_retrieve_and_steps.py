"""GET /api/v1/consultancy-requests/<id>/ and each step, in the fixed order: 401 → another
agency 404 → not theirs 403 → allowed 200 → bad state 400 / stale version 409."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import ConsultancyRequest
from tests.api.conftest import assert_error

S = ConsultancyRequest.Status


def _url(item, step: str = "") -> str:
    if not step:
        return reverse("api:consultancy-request-detail", kwargs={"pk": item.pk})
    return reverse(f"api:consultancy-request-{step}", kwargs={"pk": item.pk})


def test_retrieve_in_order_and_audited(world, make_request, actor):
    item = make_request(status=S.ADVISED)

    assert_error(actor("anonymous").get(_url(item)), 401)
    assert_error(actor("police_team_manager").get(_url(item)), 404)
    response = actor("team_manager").get(_url(item))

    assert response.status_code == 200
    body = response.json()
    assert body["view"] == "requester"
    assert [m["kind"] for m in body["messages"]] == ["advice"]
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CONSULTANCY_VIEWED, actor=world.team_manager
    ).exists()


def test_the_case_shows_only_to_those_who_may_see_it(world, make_request, actor, shared_case):
    item = make_request(status=S.ASSIGNED, about="case", case=shared_case)

    assert actor("hub_manager").get(_url(item)).json()["case"] == shared_case.pk
    assert actor("practitioner").get(_url(item)).json()["case"] == shared_case.pk


TODAY = timezone.localdate


# Step → (status it starts from, body besides the version, who may, who sees but may not).
STEPS = {
    "take": (S.REQUESTED, {}, "colleague", "practitioner"),
    "assign": (S.REQUESTED, {"worker": "colleague"}, "hub_manager", "spoke_worker"),
    "advise": (
        S.ASSIGNED,
        {"text": "Keep a record.", "given_on": "today", "time_spent_minutes": 20},
        "spoke_worker",
        "hub_manager",
    ),
    "topics": (S.ADVISED, {"topics": ["online"]}, "hub_manager", "practitioner"),
    "follow-up": (S.ADVISED, {"text": "And online?"}, "practitioner", "team_manager"),
    "feedback": (S.ADVISED, {"helpful": False}, "practitioner", "spoke_worker"),
    "close": (S.ADVISED, {"note": "Answered by phone."}, "spoke_worker", "practitioner"),
    "withdraw": (S.ASSIGNED, {"reason": ""}, "team_manager", "spoke_worker"),
}
# Step → a status it may not start from, for someone whose step it is.
TOO_LATE = {
    # Once taken, a request is out of a colleague's sight; its worker is told it is too late.
    "take": (S.ASSIGNED, "spoke_worker"),
    "assign": (S.CLOSED, "hub_manager"),
    "advise": (S.CLOSED, "spoke_worker"),
    "follow-up": (S.ASSIGNED, "practitioner"),
    "feedback": (S.CLOSED, "practitioner"),
    "close": (S.CLOSED, "spoke_worker"),
    "withdraw": (S.ADVISED, "team_manager"),
}


def _body(item, data, world, colleague, *, version=None):
    body = {"version": item.version if version is None else version}
    for key, value in data.items():
        if value == "colleague":
            value = colleague.pk
        if value == "today":
            value = TODAY().isoformat()
        body[key] = value
    return body


@pytest.mark.parametrize("step", list(STEPS))
def test_each_step_in_the_fixed_order(world, make_request, actor, colleague, step):
    status, data, allowed, refused = STEPS[step]

    def post(who, item, **kwargs):
        return actor(who).post(
            _url(item, step),
            _body(item, data, world, colleague, **kwargs),
            content_type="application/json",
        )

    item = make_request(status=status)
    assert_error(post("anonymous", item), 401)
    assert_error(post("police_team_manager", item), 404)
    assert_error(post("other_hub_manager", item), 404)
    assert_error(post(refused, item), 403)
    stale = post(allowed, item, version=item.version - 1)
    assert_error(stale, 409, "conflict")
    done = post(allowed, item)
    assert done.status_code == 200, done.content
    assert done.json()["version"] == item.version + 1

    if step in TOO_LATE:
        late_status, whose = TOO_LATE[step]
        late = make_request(status=late_status)
        assert_error(post(whose, late), 400, "invalid")


def test_bad_input_on_a_step_is_400(world, make_request, actor):
    item = make_request(status=S.ASSIGNED)

    response = actor("spoke_worker").post(
        _url(item, "advise"),
        {"version": item.version, "text": "", "given_on": "soon", "time_spent_minutes": 0},
        content_type="application/json",
    )

    fields = assert_error(response, 400, "invalid")["fields"]
    assert {"text", "given_on", "time_spent_minutes"} <= fields.keys()


def test_link_referral(world, make_request, actor, make_referral):
    item = make_request(status=S.CLOSED)
    referral = make_referral(status="submitted")
    url = _url(item, "link-referral")

    assert_error(
        actor("police_team_manager").post(
            url, {"version": item.version, "referral": referral.pk}, content_type="application/json"
        ),
        404,
    )
    unknown = actor("practitioner").post(
        url, {"version": item.version, "referral": 999999}, content_type="application/json"
    )
    assert_error(unknown, 400, "invalid")
    response = actor("practitioner").post(
        url, {"version": item.version, "referral": referral.pk}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["referral"] == referral.pk
