"""POST /api/v1/cases/{case_id}/involvements/{id}/step-back/: when and why it stepped back."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import record
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


@pytest.fixture
def involvement(world, case):
    return record.involvement_add(
        case=case,
        by=world.hub_manager,
        agency=world.csc_a,
        from_on=timezone.localdate() - datetime.timedelta(days=20),
    )


def url(involvement) -> str:
    return reverse(
        "api:case-involvement-step-back",
        kwargs={"case_id": involvement.case_id, "pk": involvement.pk},
    )


def good() -> dict[str, str]:
    return {
        "stepped_back_on": timezone.localdate().isoformat(),
        "stepped_back_reason": "Closed to children's social care once the spoke worker engaged.",
    }


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("full", 403, id="full scope may not"),
        pytest.param("hub_manager", 200, id="the hub's manager"),
    ],
)
def test_permissions(involvement, actor, name, status):
    """Only the owning side records a step back; the involvement ends that day."""
    response = post(actor(name), url(involvement), good())

    involvement.refresh_from_db()
    if status == 200:
        body = response.json()
        assert body["stepped_back_on"] == good()["stepped_back_on"]
        assert body["to_on"] == good()["stepped_back_on"]
    else:
        assert_error(response, status)
        assert involvement.stepped_back_on is None


def test_a_reason_and_a_date_are_required(involvement, actor):
    """Given neither, then 400 on each."""
    response = post(actor("hub_manager"), url(involvement), {})

    fields = assert_error(response, 400, "invalid")["fields"]
    assert fields.keys() == {"stepped_back_on", "stepped_back_reason"}


def test_the_future_is_refused_by_the_service(involvement, actor):
    """Given a date next week, then 400 on stepped_back_on."""
    data = {
        **good(),
        "stepped_back_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
    }

    response = post(actor("hub_manager"), url(involvement), data)

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"stepped_back_on"}
