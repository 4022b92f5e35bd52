"""GET /api/v1/cases/{case_id}/reviews/: a case's reviews, latest due first."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import record
from tests.api.conftest import assert_error


def url(case_id: int) -> str:
    return reverse("api:case-review-list", kwargs={"case_id": case_id})


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, id="an agency not shared with cannot tell"),
        pytest.param("summary", 403, id="summary scope has no reviews"),
        pytest.param("joint", 200, id="joint scope"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(world, case, actor, name, status):
    """Full access or more reads the reviews."""
    due = timezone.localdate() + datetime.timedelta(days=10)
    record.review_schedule(case=case, by=world.hub_manager, due_on=due)
    response = actor(name).get(url(case.pk))

    if status == 200:
        assert due.isoformat() in [row["due_on"] for row in response.json()["results"]]
    else:
        assert_error(response, status)
