"""GET /api/v1/referrals/{id}/: each caller's view of a referral; every read audited."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from referrals.models import Referral
from tests.api.conftest import assert_error
from tests.referrals.api.conftest import HUB_FIELDS, REFERRER_FIELDS, WORKER_FIELDS, detail_url

S = Referral.Status
SHAPE = {"referrer": REFERRER_FIELDS, "worker": WORKER_FIELDS, "hub": HUB_FIELDS}


@pytest.mark.parametrize(
    ("status", "name", "code", "view"),
    [
        pytest.param(S.SUBMITTED, "anonymous", 401, None, id="anonymous must authenticate"),
        pytest.param(S.SUBMITTED, "other_agency", 404, None, id="another agency cannot tell"),
        pytest.param(S.SUBMITTED, "other_hub_manager", 404, None, id="another hub cannot tell"),
        pytest.param(S.SUBMITTED, "partnership_manager", 404, None, id="partnership: none"),
        pytest.param(S.SUBMITTED, "colleague", 404, None, id="a colleague: not theirs"),
        pytest.param(S.SUBMITTED, "unallocated_worker", 404, None, id="a worker not allocated"),
        pytest.param(S.SUBMITTED, "allocated_worker", 404, None, id="before allocation"),
        pytest.param(S.DRAFT, "team_manager", 404, None, id="a draft is the referrer's alone"),
        pytest.param(S.DRAFT, "hub_manager", 404, None, id="the hub never sees drafts"),
        pytest.param(S.DRAFT, "referrer", 200, "referrer", id="the referrer's draft"),
        pytest.param(S.SUBMITTED, "referrer", 200, "referrer", id="the referrer"),
        pytest.param(S.SUBMITTED, "team_manager", 200, "referrer", id="the team manager"),
        pytest.param(S.SUBMITTED, "hub_manager", 200, "hub", id="the hub's manager"),
        pytest.param(S.ALLOCATED, "allocated_worker", 200, "worker", id="the allocated worker"),
        pytest.param(S.ALLOCATED, "unallocated_worker", 404, None, id="another hub worker"),
        pytest.param(S.ALLOCATED, "referrer", 200, "referrer", id="the referrer, allocated"),
        pytest.param(S.ALLOCATED, "hub_manager", 200, "hub", id="the hub, allocated"),
    ],
)
def test_permissions(make_referral, actor, status, name, code, view):
    """Those who may not see the referral get 404; the others the shape of their view."""
    referral = make_referral(status=status)

    response = actor(name).get(detail_url(referral))

    if code != 200:
        assert_error(response, code)
        assert not AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_VIEWED).exists()
        return
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["view"] == view
    assert set(body) == SHAPE[view]
    assert body["reference"] == referral.reference


def test_a_missing_referral_is_404_like_a_hidden_one(make_referral, actor):
    """Given an id that does not exist, then the same 404 as for one the caller may not see."""
    referral = make_referral(status=S.SUBMITTED)

    assert_error(actor("hub_manager").get(detail_url(referral.pk + 1000)), 404, "not_found")


@pytest.mark.parametrize("name", ["referrer", "team_manager", "hub_manager", "allocated_worker"])
def test_every_read_is_audited(world, make_referral, actor, user_called, name):
    """Given two reads, then two audit events name the referral, its case and the reader."""
    referral = make_referral(status=S.ALLOCATED)
    client = actor(name)

    client.get(detail_url(referral))
    client.get(detail_url(referral))

    events = AuditEvent.objects.filter(action=AuditEvent.Action.REFERRAL_VIEWED)
    assert events.count() == 2
    assert {e.actor_id for e in events} == {user_called(name).pk}
    assert {e.object_id for e in events} == {str(referral.pk)}
    assert {e.case_id for e in events} == {referral.case_id}


def test_the_referrer_sees_the_outcome_and_how_to_reach_the_worker(world, make_referral, actor):
    """Given an allocated referral, then the referrer sees the worker's contact, not the case."""
    referral = make_referral(status=S.ALLOCATED)

    body = actor("referrer").get(detail_url(referral)).json()

    assert body["status"] == "allocated"
    assert body["decision_reason"] == "Meets the threshold for CSE support."
    assert body["allocated_worker"] == {
        "id": world.spoke_worker.pk,
        "full_name": "Sam Spoke",
        "job_title": world.spoke_worker.job_title,
        "email": world.spoke_worker.email,
        "phone": world.spoke_worker.phone,
    }
    assert "case" not in body
    assert "young_person" not in body


def test_the_referrer_view_is_the_same_whether_or_not_the_hub_knew_the_young_person(
    make_referral, known_young_person, actor
):
    """Given one referral linked to a known young person and one confirmed new, both
    allocated, then the referrer's view differs only in ids, references and times."""
    known = make_referral(status=S.ALLOCATED, young_person=known_young_person())
    new = make_referral(status=S.ALLOCATED, match="new")
    client = actor("referrer")

    def normalised(referral: Referral) -> dict:
        body = client.get(detail_url(referral)).json()
        return {
            key: value
            for key, value in body.items()
            if key not in {"id", "reference"} and not key.endswith("_at")
        }

    assert normalised(known) == normalised(new)


def test_the_hub_sees_its_screening_and_the_case(world, make_referral, known_young_person, actor):
    """Given a referral linked to a known young person and allocated, then the hub sees both."""
    person = known_young_person()
    referral = make_referral(status=S.ALLOCATED, young_person=person)

    body = actor("hub_manager").get(detail_url(referral)).json()

    assert body["match_decision"] == "linked"
    assert body["young_person"]["id"] == person.pk
    assert body["case"] == referral.case_id
    assert body["screened_by"]["id"] == world.hub_manager.pk
