"""POST /api/v1/cases/{case_id}/entries/: log casework (owners, and joint-scope agencies)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from cases.models import CaseworkEntry
from tests.api.conftest import assert_error
from tests.cases.api.conftest import post


def url(case_id: int) -> str:
    return reverse("api:case-entry-list", kwargs={"case_id": case_id})


def body(**overrides):
    data = {
        "kind": "joint_visit",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=2)).isoformat(),
        "attendance": "attended",
        "summary": "Joint home visit; agreed a safety plan with the young person.",
        "young_persons_voice": "I want to go back to college.",
        "duration_minutes": 45,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "status", "agency"),
    [
        pytest.param("anonymous", 401, None, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, None, id="an agency not shared with cannot tell"),
        pytest.param("full", 403, None, id="full scope reads but may not add"),
        pytest.param("team", 403, None, id="the placement team may not add"),
        pytest.param("joint", 201, "csc_a", id="joint scope records a joint visit"),
        pytest.param("lead_worker", 201, "hub", id="the lead worker logs a session"),
    ],
)
def test_permissions(world, case, actor, name, status, agency):
    """Owners and joint-scope agencies add casework, under their own agency's name."""
    response = post(actor(name), url(case.pk), body())

    if status == 201:
        made = response.json()
        assert made["kind"] == "joint_visit"
        assert made["author_agency"]["id"] == getattr(world, agency).pk
        assert CaseworkEntry.objects.filter(pk=made["id"]).exists()
        assert AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CREATED).count() == 1
    else:
        assert_error(response, status)
        assert not CaseworkEntry.objects.exists()


def test_a_draft_and_a_restricted_entry(case, actor):
    """Given draft and restricted flags, then the entry keeps both."""
    made = post(actor("lead_worker"), url(case.pk), body(draft=True, restricted=True)).json()

    assert made["status"] == "draft"
    assert made["restricted"] is True


def test_bad_input_is_a_400_naming_each_field(case, actor):
    """Given an unknown kind and attendance, a blank summary and a long duration, then 400."""
    data = body(kind="seance", attendance="maybe", summary="", duration_minutes=5000)

    fields = assert_error(post(actor("lead_worker"), url(case.pk), data), 400, "invalid")["fields"]

    assert fields.keys() == {"kind", "attendance", "summary", "duration_minutes"}
    assert not CaseworkEntry.objects.exists()


def test_the_future_is_refused_by_the_service(case, actor):
    """Given a time tomorrow, then 400 on occurred_at."""
    tomorrow = (timezone.now() + datetime.timedelta(days=1)).isoformat()

    response = post(actor("lead_worker"), url(case.pk), body(occurred_at=tomorrow))

    assert assert_error(response, 400, "invalid")["fields"].keys() == {"occurred_at"}


def test_a_closed_case_takes_no_casework(world, case, actor):
    """Given a closed case, then its owners are told 403 with the reason."""
    from cases import services

    services.case_close(
        case=case, by=world.hub_manager, version=1, reason="other", outcome="Moved."
    )

    error = assert_error(post(actor("lead_worker"), url(case.pk), body()), 403)

    assert "closed" in error["message"]
