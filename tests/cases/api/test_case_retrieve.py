"""GET /api/v1/cases/{id}/: the summary or the record, by the caller's access; always audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from audit.models import AuditEvent
from cases import casework
from cases.models import CaseworkEntry
from tests.api.conftest import assert_error


def url(pk: int) -> str:
    return reverse("api:case-detail", kwargs={"pk": pk})


SUMMARY_FIELDS = {
    "id",
    "access",
    "young_person",
    "owning_agency",
    "local_authority",
    "status",
    "risk_level",
    "lead_worker",
    "involvements",
}


@pytest.mark.parametrize(
    ("name", "status", "access"),
    [
        pytest.param("anonymous", 401, None, id="anonymous must authenticate"),
        pytest.param("other_agency", 404, None, id="an agency not shared with cannot tell"),
        pytest.param("other_hub", 404, None, id="another hub cannot tell"),
        pytest.param("summary", 200, "summary", id="summary scope sees the summary"),
        pytest.param("full", 200, "full", id="full scope sees the record"),
        pytest.param("joint", 200, "joint", id="joint scope sees the record"),
        pytest.param("team", 200, "team", id="the placement team sees the record"),
        pytest.param("lead_worker", 200, "owner", id="the lead worker"),
        pytest.param("hub_manager", 200, "owner", id="the hub's manager"),
    ],
)
def test_permissions(case, actor, name, status, access):
    """Those who may not see the case get 404; the others get the shape their access allows."""
    response = actor(name).get(url(case.pk))

    if status != 200:
        assert_error(response, status)
        assert not AuditEvent.objects.filter(
            action__in=[AuditEvent.Action.CASE_VIEWED, AuditEvent.Action.CASE_SUMMARY_VIEWED]
        ).exists()
        return
    body = response.json()
    assert body["access"] == access
    if access == "summary":
        assert set(body) == SUMMARY_FIELDS
        assert set(body["young_person"]) == {
            "id",
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
        }
    else:
        assert set(body) > SUMMARY_FIELDS
        assert body["version"] == 1
        assert body["young_person"]["safe_contact_notes"] == "Only through the school nurse."


def test_a_missing_case_is_404_like_a_hidden_one(case, actor):
    """Given an id that does not exist, then the same 404 as for a case one may not see."""
    assert_error(actor("hub_manager").get(url(case.pk + 1000)), 404, "not_found")


def test_the_summary_says_how_to_reach_the_worker_and_who_is_involved(world, case, actor):
    """Given a summary share, then the lead worker's contact and the involvements are there."""
    from cases import record

    record.involvement_add(
        case=case, by=world.hub_manager, agency=world.police, professional_name="DC Example"
    )
    body = actor("summary").get(url(case.pk)).json()

    assert body["lead_worker"]["email"] == world.spoke_worker.email
    assert [i["professional_name"] for i in body["involvements"]] == ["DC Example"]


@pytest.mark.parametrize(
    ("name", "action"),
    [
        pytest.param("summary", AuditEvent.Action.CASE_SUMMARY_VIEWED, id="a summary read"),
        pytest.param("full", AuditEvent.Action.CASE_VIEWED, id="a full read"),
        pytest.param("hub_manager", AuditEvent.Action.CASE_VIEWED, id="an owner's read"),
    ],
)
def test_every_read_is_audited(world, case, actor, name, action):
    """Given a read, then one audit event names the case, the reader and their agency."""
    client = actor(name)
    client.get(url(case.pk))
    client.get(url(case.pk))

    events = AuditEvent.objects.filter(action=action, case_id=case.pk)
    assert events.count() == 2
    reader = world.practitioner if name in {"summary", "full"} else world.hub_manager
    assert {e.actor_id for e in events} == {reader.pk}
    assert {e.object_id for e in events} == {str(case.pk)}


def test_the_record_carries_the_first_and_last_contact(world, case, actor):
    """Given two sessions logged, then the record says when the first and the latest were,
    and the summary says neither."""
    now = timezone.now()
    for hours in (30, 2):
        casework.entry_create(
            case=case,
            by=world.spoke_worker,
            kind=CaseworkEntry.Kind.ONE_TO_ONE,
            occurred_at=now - datetime.timedelta(hours=hours),
            attendance=CaseworkEntry.Attendance.ATTENDED,
            summary="Session.",
        )

    record_body = actor("lead_worker").get(url(case.pk)).json()
    summary_body = actor("summary").get(url(case.pk)).json()

    assert parse_datetime(record_body["first_contact_at"]) == now - datetime.timedelta(hours=30)
    assert parse_datetime(record_body["last_contact_at"]) == now - datetime.timedelta(hours=2)
    assert "first_contact_at" not in summary_body
