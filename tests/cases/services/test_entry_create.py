"""Logging casework: quick, validated, audited, and counted as contact only when it was."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit import context
from audit.models import AuditEvent
from cases import services
from cases.models import Case, CaseworkEntry


def test_logging_a_session_records_it_for_the_owning_hub(world, case, log, an_hour_ago):
    """Given an open case, when its lead worker logs an attended session, then the entry is
    final, written for the owning hub, and the case's last contact is that session."""
    entry = log(young_persons_voice="I want to go back to college.")

    assert entry.status == CaseworkEntry.Status.FINAL
    assert entry.author == world.spoke_worker
    assert entry.author_agency == world.hub
    assert entry.young_persons_voice == "I want to go back to college."
    case.refresh_from_db()
    assert case.last_contact_at == an_hour_ago


def test_logging_writes_an_audit_event_with_the_case(world, case, log):
    """Given a case, when casework is logged, then an audit event names the entry and case,
    and carries codes only, never the text."""
    entry = log(summary="Private words about a named adult.")

    event = AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CREATED).get()
    assert event.case_id == case.pk
    assert event.object_id == str(entry.pk)
    assert event.actor == world.spoke_worker
    assert "Private words" not in str(event.metadata)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"kind": "gossip"}, "kind", id="unknown kind"),
        pytest.param({"attendance": "maybe"}, "attendance", id="unknown attendance"),
        pytest.param({"summary": "   "}, "summary", id="blank summary"),
        pytest.param({"occurred_at": "yesterday"}, "occurred_at", id="not a date"),
        pytest.param({"duration_minutes": -5}, "duration_minutes", id="negative duration"),
        pytest.param({"duration_minutes": 2000}, "duration_minutes", id="duration over a day"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(case, log, overrides, field):
    """Given bad input, when casework is logged, then the field's error is raised, and no
    entry, audit event or contact date is written."""
    with pytest.raises(ValidationError) as caught:
        log(**overrides)

    assert field in caught.value.message_dict
    assert not CaseworkEntry.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CREATED).exists()
    case.refresh_from_db()
    assert case.last_contact_at is None


def test_casework_cannot_be_dated_in_the_future(log):
    """Given a time tomorrow, when casework is logged, then it is refused with a clear message."""
    with pytest.raises(ValidationError) as caught:
        log(occurred_at=timezone.now() + datetime.timedelta(days=1))

    assert caught.value.message_dict["occurred_at"] == [
        "The date and time cannot be in the future."
    ]


def test_casework_cannot_be_added_to_a_closed_case(world, case, log):
    """Given a closed case, when casework is logged, then it is refused."""
    services.case_close(
        case=case, by=world.hub_manager, version=case.version, reason="other", outcome="Moved."
    )
    case.refresh_from_db()

    with pytest.raises(ValidationError, match="closed"):
        log(case=case)
    assert not CaseworkEntry.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"attendance": CaseworkEntry.Attendance.DID_NOT_ATTEND}, id="did not attend"),
        pytest.param({"kind": CaseworkEntry.Kind.ATTEMPTED_CONTACT}, id="attempted contact"),
        pytest.param({"kind": CaseworkEntry.Kind.PROFESSIONAL_CONSULTATION}, id="not with them"),
        pytest.param({"draft": True}, id="a draft"),
    ],
)
def test_only_successful_contact_moves_last_contact(case, log, overrides):
    """Given casework that was not successful contact, when it is logged, then the case's
    last contact stays empty."""
    log(**overrides)

    case.refresh_from_db()
    assert case.last_contact_at is None


def test_an_older_session_does_not_move_last_contact_back(case, log, an_hour_ago):
    """Given a recent session, when an older one is logged late, then last contact stays."""
    log()
    log(occurred_at=an_hour_ago - datetime.timedelta(days=3))

    case.refresh_from_db()
    assert case.last_contact_at == an_hour_ago


def test_a_joint_worker_writes_for_their_own_agency(world, case, log, grant):
    """Given a case shared jointly with children's services, when their practitioner logs a
    joint visit, then the entry is written for children's services."""
    grant(case=case, agency=world.csc_a, scope="joint", users=(world.practitioner,))

    entry = log(by=world.practitioner, kind=CaseworkEntry.Kind.JOINT_VISIT)

    assert entry.author_agency == world.csc_a


def test_someone_with_several_agencies_writes_for_the_one_they_act_for(world, case, log):
    """Given a practitioner in two agencies acting for the second, when they log casework,
    then it is written for the agency they act for."""
    from tests import factories

    factories.membership(user=world.practitioner, agency=world.police, role="practitioner")

    with context.bound(context.RequestContext(agency_id=world.police.pk)):
        entry = log(by=world.practitioner)

    assert entry.author_agency == world.police


def test_logging_does_not_make_a_case_change_stale(world, case, log):
    """Given a manager who opened the case to close it, when a session is logged meanwhile,
    then the closure still succeeds (last contact is a figure, not an edit)."""
    version = case.version
    log()

    closed = services.case_close(
        case=case, by=world.hub_manager, version=version, reason="other", outcome="Done."
    )
    assert closed.status == Case.Status.CLOSED
