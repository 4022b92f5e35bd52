"""POST /api/v1/cases/{case_id}/reviews/: the owning side schedules a review."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseReview
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(case_id: int) -> str:
    return reverse("api:case-review-list", kwargs={"case_id": case_id})


def soon() -> str:
    return (timezone.localdate() + datetime.timedelta(days=7)).isoformat()


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("full", 403, id="full scope may not schedule"),
        pytest.param("hub_manager", 201, id="the hub's manager schedules it"),
    ],
)
def test_permissions(case, actor, name, status):
    """Only the owning side schedules reviews."""
    response = post(actor(name), url(case.pk), {"due_on": soon()})

    if status == 201:
        assert response.json()["due_on"] == soon()
        assert CaseReview.objects.filter(case=case, due_on=soon()).exists()
    else:
        assert_error(response, status)
        assert not CaseReview.objects.filter(case=case, due_on=soon()).exists()


def test_a_date_in_the_past_is_a_400(case, actor):
    """Given yesterday, then 400 on due_on from the service."""
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    response = post(actor("hub_manager"), url(case.pk), {"due_on": yesterday})

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"due_on"}
