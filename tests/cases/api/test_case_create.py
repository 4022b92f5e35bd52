"""POST /api/v1/cases/: a hub manager opens a case for a new young person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from cases.models import Case, RiskAssessment, YoungPerson
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post

URL = reverse("api:case-list")


def body(world, **overrides):
    data = {
        "hub": world.hub.pk,
        "local_authority": world.la_a.pk,
        "risk_level": "high",
        "rationale": "Picked up by police from an address of concern at 2am.",
        "indicators": ["places_of_concern", "missing_episodes"],
        "lead_worker": world.spoke_worker.pk,
        "young_person": {
            "first_name": "Jordan",
            "last_name": "Sample",
            "date_of_birth": "2010-02-14",
            "safe_contact_channels": ["phone_call"],
            "do_not_text": True,
        },
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "status"),
    [
        pytest.param("anonymous", 401, id="anonymous must authenticate"),
        pytest.param("other_hub", 403, id="another hub's manager may not open our cases"),
        pytest.param("full", 403, id="a practitioner may not open cases"),
        pytest.param("lead_worker", 403, id="a spoke worker may not open cases"),
        pytest.param("hub_manager", 201, id="the hub's manager opens it"),
    ],
)
def test_permissions(world, actor, name, status):
    """Only the hub's managers may open its cases."""
    before = Case.objects.count()
    response = post(actor(name), URL, body(world))

    if status == 201:
        assert response.status_code == 201, response.content
        made = response.json()
        assert made["access"] == "owner"
        assert made["young_person"]["first_name"] == "Jordan"
        assert made["young_person"]["do_not_text"] is True
        assert made["lead_worker"]["id"] == world.spoke_worker.pk
        assert made["risk_level"] == "high"
        assert Case.objects.count() == before + 1
    else:
        assert_error(response, status)
        assert Case.objects.count() == before


def test_opening_records_the_first_risk_assessment_and_is_audited(world, actor):
    """Given a new case, then its risk assessment and the opening are recorded."""
    made = post(actor("hub_manager"), URL, body(world)).json()

    assessment = RiskAssessment.objects.get(case_id=made["id"])
    assert assessment.indicators == ["missing_episodes", "places_of_concern"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.CASE_OPENED, case_id=made["id"])
    assert event.actor_id == world.hub_manager.pk


def test_bad_input_is_a_400_naming_each_field(world, actor):
    """Given an unknown risk, indicator and a young person without a name, then 400 on each."""
    data = body(world, risk_level="extreme", indicators=["astrology"])
    data["young_person"] = {"first_name": ""}
    before = YoungPerson.objects.count()

    fields = assert_error(post(actor("hub_manager"), URL, data), 400, "invalid")["fields"]

    assert {"risk_level", "indicators", "young_person"} <= fields.keys()
    assert YoungPerson.objects.count() == before


def test_the_service_s_rules_come_back_as_field_errors(world, actor):
    """Given a lead worker from another hub, then 400 on lead_worker and nothing is saved."""
    before = Case.objects.count()
    response = post(actor("hub_manager"), URL, body(world, lead_worker=world.other_spoke_worker.pk))

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"lead_worker"}
    assert Case.objects.count() == before
