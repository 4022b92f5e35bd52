"""Attendance: named attendees who use CSE Hub, numbers by agency, corrections and removals,
each checked, only once the session was delivered, and audited by id."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from consultancy.models import TrainingAttendance, TrainingSession
from consultancy.services.common import StepNotAllowed
from consultancy.services.training import (
    training_agency_count_set,
    training_attendance_remove,
    training_attendance_update,
    training_attendee_add,
)
from partners.models import Role
from tests import factories

S = TrainingSession.Status


def _events():
    return AuditEvent.objects.filter(action=AuditEvent.Action.TRAINING_ATTENDANCE_CHANGED)


# Named attendees


def test_a_named_attendee_counts_for_their_agency(world, make_session):
    """Given the Ashdown social worker, when added with scores 2 and 4, then one row for
    Ashdown Children's Services, and the audit names ids only."""
    session = make_session()

    row = training_attendee_add(
        session=session,
        by=world.spoke_worker,
        attendee=world.practitioner,
        confidence_before=2,
        confidence_after="4",
    )

    assert row.agency == world.csc_a
    assert row.count == 1
    assert (row.confidence_before, row.confidence_after) == (Decimal("2.00"), Decimal("4.00"))
    event = _events().get()
    assert event.object_id == str(session.pk)
    assert event.metadata == {
        "status": "delivered",
        "change": "added",
        "attendance_id": row.pk,
        "agency_id": world.csc_a.pk,
        "attendee_id": world.practitioner.pk,
        "count": 1,
    }


def test_someone_in_two_agencies_must_say_which(world, make_session):
    """Given a person who works for two Ashdown agencies, then the agency must be chosen."""
    session = make_session()
    factories.membership(user=world.practitioner, agency=world.police, role=Role.PRACTITIONER)

    with pytest.raises(ValidationError) as excinfo:
        training_attendee_add(session=session, by=world.spoke_worker, attendee=world.practitioner)
    assert excinfo.value.message_dict["agency"] == ["Choose which agency they came from."]

    row = training_attendee_add(
        session=session, by=world.spoke_worker, attendee=world.practitioner, agency=world.police
    )
    assert row.agency == world.police


@pytest.mark.parametrize(
    "who",
    [
        pytest.param("other_la_practitioner", id="works only in another local authority"),
        pytest.param("spoke_worker", id="works for the hub"),
        pytest.param("commissioner", id="a funder"),
        pytest.param("administrator", id="an administrator"),
    ],
)
def test_only_practitioners_in_the_sessions_area_may_be_named(world, make_session, who):
    session = make_session()

    with pytest.raises(ValidationError) as excinfo:
        training_attendee_add(session=session, by=world.spoke_worker, attendee=world.by_role(who))

    assert excinfo.value.message_dict["attendee"] == [
        "Choose someone who works for an agency in Ashdown."
    ]
    assert not TrainingAttendance.objects.exists()


def test_a_person_is_named_once(world, make_session, attend):
    session = make_session()
    attend(session, world.practitioner)

    with pytest.raises(ValidationError, match="already recorded as attending"):
        attend(session, world.practitioner)

    assert TrainingAttendance.objects.count() == 1


@pytest.mark.parametrize("score", [0, 6, "2.5", "lots"])
def test_a_named_attendees_score_is_a_whole_number_from_1_to_5(world, make_session, score):
    session = make_session()

    with pytest.raises(ValidationError) as excinfo:
        training_attendee_add(
            session=session,
            by=world.spoke_worker,
            attendee=world.practitioner,
            confidence_before=score,
        )

    assert "confidence_before" in excinfo.value.message_dict


@pytest.mark.parametrize("status", [S.PLANNED, S.CANCELLED])
def test_no_attendance_before_delivery(world, make_session, status):
    """Given a planned or cancelled session, then neither a person nor a number is recorded."""
    session = make_session(status=status)

    with pytest.raises(StepNotAllowed, match="once the session has been delivered"):
        training_attendee_add(session=session, by=world.spoke_worker, attendee=world.practitioner)
    with pytest.raises(StepNotAllowed):
        training_agency_count_set(
            session=session, by=world.spoke_worker, agency=world.police, count=3
        )

    assert not TrainingAttendance.objects.exists()


# Numbers by agency


def test_a_number_from_an_agency_with_average_scores(world, make_session):
    session = make_session()

    row = training_agency_count_set(
        session=session,
        by=world.spoke_worker,
        agency=world.police,
        count=6,
        confidence_before="2.25",
        confidence_after=Decimal("4.5"),
    )

    assert (row.attendee, row.count) == (None, 6)
    assert (row.confidence_before, row.confidence_after) == (Decimal("2.25"), Decimal("4.50"))
    assert _events().get().metadata["change"] == "added"


def test_setting_an_agencys_number_again_replaces_it(world, make_session):
    session = make_session()
    first = training_agency_count_set(
        session=session, by=world.spoke_worker, agency=world.police, count=6
    )

    again = training_agency_count_set(
        session=session, by=world.hub_manager, agency=world.police, count=8, confidence_after=4
    )

    assert again.pk == first.pk
    assert TrainingAttendance.objects.get().count == 8
    assert [e.metadata["change"] for e in _events().order_by("sequence")] == ["added", "changed"]


def test_a_named_attendee_and_a_number_from_the_same_agency_sit_side_by_side(
    world, make_session, attend
):
    session = make_session()
    attend(session, world.practitioner)

    training_agency_count_set(session=session, by=world.spoke_worker, agency=world.csc_a, count=4)

    assert TrainingAttendance.objects.filter(agency=world.csc_a).count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        pytest.param({"count": 0}, "count", id="nobody"),
        pytest.param({"count": "several"}, "count", id="not a number"),
        pytest.param({"count": 501}, "count", id="a typing slip"),
        pytest.param({"count": 3, "confidence_before": "0.99"}, "confidence_before", id="low"),
        pytest.param({"count": 3, "confidence_after": "5.01"}, "confidence_after", id="high"),
        pytest.param({"count": 3, "confidence_after": "3.333"}, "confidence_after", id="3 dp"),
    ],
)
def test_bad_numbers_are_refused(world, make_session, values, field):
    session = make_session()

    with pytest.raises(ValidationError) as excinfo:
        training_agency_count_set(
            session=session, by=world.spoke_worker, agency=world.police, **values
        )

    assert field in excinfo.value.message_dict
    assert not TrainingAttendance.objects.exists()


@pytest.mark.parametrize("agency", ["csc_b", "hub", "commissioner_body"])
def test_the_agency_must_work_in_the_sessions_area(world, make_session, agency):
    """Given another area's agency, the hub itself or a funder, then refused."""
    session = make_session()

    with pytest.raises(ValidationError) as excinfo:
        training_agency_count_set(
            session=session, by=world.spoke_worker, agency=getattr(world, agency), count=2
        )

    assert excinfo.value.message_dict["agency"] == ["Choose an agency working in Ashdown."]


# Corrections and removals


def test_a_named_attendees_scores_are_corrected(world, make_session, attend):
    session = make_session()
    row = attend(session, world.practitioner, before=2, after=4)

    changed = training_attendance_update(
        attendance=row, by=world.hub_manager, confidence_before=3, confidence_after=None
    )

    assert (changed.confidence_before, changed.confidence_after) == (Decimal("3.00"), None)
    assert _events().order_by("-sequence").first().metadata["change"] == "changed"


def test_a_named_attendee_stays_one_person(world, make_session, attend):
    row = attend(make_session(), world.practitioner)

    with pytest.raises(ValidationError, match="one person"):
        training_attendance_update(attendance=row, by=world.spoke_worker, count=3)


def test_a_number_is_corrected(world, make_session):
    session = make_session()
    row = training_agency_count_set(
        session=session, by=world.spoke_worker, agency=world.police, count=6
    )

    changed = training_attendance_update(
        attendance=row, by=world.spoke_worker, count=5, confidence_before="1.5"
    )

    assert (changed.count, changed.confidence_before) == (5, Decimal("1.50"))


def test_a_row_recorded_in_error_is_removed_and_audited(world, make_session, attend):
    session = make_session()
    row = attend(session, world.practitioner)
    row_id = row.pk

    training_attendance_remove(attendance=row, by=world.spoke_worker)

    assert not TrainingAttendance.objects.exists()
    event = _events().order_by("-sequence").first()
    assert event.metadata["change"] == "removed"
    assert event.metadata["attendance_id"] == row_id
    with pytest.raises(StepNotAllowed, match="already been removed"):
        training_attendance_remove(attendance=row, by=world.spoke_worker)
