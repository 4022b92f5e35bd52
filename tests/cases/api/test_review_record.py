"""POST /api/v1/cases/{case_id}/reviews/{id}/record/: record a review as held."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import record
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


@pytest.fixture
def review(world, case):
    return record.review_schedule(
        case=case, by=world.hub_manager, due_on=timezone.localdate() + datetime.timedelta(days=3)
    )


def url(review) -> str:
    return reverse("api:case-review-record", kwargs={"case_id": review.case_id, "pk": review.pk})


HELD = {"outcome": "Risk reducing; keep weekly sessions."}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("team", 403, id="the placement team may not record it"),
        pytest.param("lead_worker", 200, id="the lead worker records it"),
    ],
)
def test_permissions(review, actor, name, status):
    """Only the owning side records a review; the next is scheduled from the risk."""
    data = {**HELD, "held_on": timezone.localdate().isoformat()}
    response = post(actor(name), url(review), data)

    review.refresh_from_db()
    if status == 200:
        body = response.json()
        assert body["held_on"] == data["held_on"]
        assert body["next_due_on"] is not None
    else:
        assert_error(response, status)
        assert review.held_on is None


def test_bad_input_is_a_400(review, actor):
    """Given no date and no outcome, then 400 on each."""
    response = post(actor("hub_manager"), url(review), {})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"held_on", "outcome"}
