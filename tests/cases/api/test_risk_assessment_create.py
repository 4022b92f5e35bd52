"""POST /api/v1/cases/{case_id}/risk-assessments/: the owning side assesses risk."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.indicators import indicator_create
from cases.models import Case, Indicator, RiskAssessment
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(case_id: int) -> str:
    return reverse("api:case-risk-assessment-list", kwargs={"case_id": case_id})


GOOD = {
    "version": 1,
    "level": "high",
    "indicators": ["online_contact", "unexplained_gifts"],
    "rationale": "New phone and gifts from an adult met online.",
}


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 404, id="another hub cannot tell"),
        pytest.param("joint", 403, id="joint scope may not assess risk"),
        pytest.param("lead_worker", 201, id="the lead worker"),
        pytest.param("hub_manager", 201, id="the hub's manager"),
    ],
)
def test_permissions(case, actor, name, status):
    """Only the owning side assesses; the case's risk follows the latest assessment."""
    response = post(actor(name), url(case.pk), GOOD)

    case.refresh_from_db()
    if status == 201:
        assert response.json()["level"] == "high"
        assert case.risk_level == "high"
    else:
        assert_error(response, status)
        assert case.risk_level == "medium"
        assert RiskAssessment.objects.filter(case=case).count() == 1


def test_bad_input_is_a_400_naming_each_field(case, actor):
    """Given an unknown level and indicator and no rationale, then 400 on each."""
    data = {"version": 1, "level": "severe", "indicators": ["horoscope"]}

    fields = assert_error(post(actor("hub_manager"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"level", "indicators", "rationale"}


def test_a_stale_version_is_a_409(world, case, actor):
    """Given the case closed and reopened since version 1, then 409; risk unchanged."""
    from cases import services

    services.case_close(case=case, by=world.hub_manager, version=1, reason="other", outcome="x")
    services.case_reopen(case=case, by=world.hub_manager, version=2, reason="Back again.")

    assert_error(post(actor("hub_manager"), url(case.pk), GOOD), 409, "conflict")
    assert Case.objects.get(pk=case.pk).risk_level == "medium"


def test_a_retired_indicator_is_a_400_naming_it(case, actor):
    """Given an indicator retired by an administrator, then 400 on indicators naming it;
    nothing is saved."""
    Indicator.objects.filter(code="unexplained_gifts").update(is_active=False)

    response = post(actor("hub_manager"), url(case.pk), GOOD)

    fields = assert_error(response, 400, "invalid")["fields"]
    assert "unexplained_gifts" in " ".join(fields["indicators"])
    assert RiskAssessment.objects.filter(case=case).count() == 1


def test_an_indicator_added_by_an_administrator_is_accepted_at_once(world, case, actor):
    """Given an indicator added after the API was loaded, then it is accepted without a
    restart: the list is read per request."""
    indicator_create(by=world.administrator, code="county_lines", label="County lines")

    response = post(actor("hub_manager"), url(case.pk), {**GOOD, "indicators": ["county_lines"]})

    assert response.status_code == 201
    assert response.json()["indicators"] == ["county_lines"]
