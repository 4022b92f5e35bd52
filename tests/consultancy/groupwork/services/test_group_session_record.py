"""Recording a group session: the session, the register, and one group-work casework entry on
each young person's case, all in one transaction with their audit events."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case, CaseworkEntry
from consultancy.models import GroupWorkAttendance, GroupWorkParticipant, GroupWorkSession
from consultancy.services.groupwork import group_session_record, participant_leave


def _record(world, programme, when, attendance, **changes):
    values = {
        "programme": programme,
        "by": world.spoke_worker,
        "held_at": when,
        "duration_minutes": 90,
        "topic": "Online safety and sharing images",
        "attendance": attendance,
        "notes": "A lively group; the quiz worked well.",
    }
    values.update(changes)
    return group_session_record(**values)


def test_each_young_person_gets_a_group_work_entry_on_their_case(
    world, programme, shared_case, second_case, yesterday_evening
):
    """Given two young people in the group, when a session is recorded with one attending and
    one not, then each case gets a final group-work entry saying so, linked from the register,
    and the session's audit names the cases and entries by id."""
    session = _record(
        world,
        programme,
        yesterday_evening,
        {shared_case.pk: "attended", second_case.pk: "did_not_attend"},
        notes_by_case={shared_case.pk: "Led the discussion on consent."},
    )

    came = GroupWorkAttendance.objects.get(session=session, case=shared_case)
    missed = GroupWorkAttendance.objects.get(session=session, case=second_case)
    assert (came.attendance, missed.attendance) == ("attended", "did_not_attend")
    for row in (came, missed):
        entry = row.entry
        assert entry.case_id == row.case_id
        assert entry.kind == CaseworkEntry.Kind.GROUP_WORK
        assert entry.status == CaseworkEntry.Status.FINAL
        assert entry.occurred_at == yesterday_evening
        assert entry.author == world.spoke_worker
        assert entry.author_agency == world.hub
        assert entry.attendance == row.attendance
        assert entry.summary.startswith(
            "Group session of Healthy relationships group: Online safety and sharing images."
        )
    assert came.entry.duration_minutes == 90
    assert missed.entry.duration_minutes is None
    assert "Led the discussion on consent." in came.entry.summary
    assert "Led the discussion" not in missed.entry.summary
    # One young person's entry never names another.
    assert "Example" not in came.entry.summary
    assert "Fictional" not in missed.entry.summary
    event = AuditEvent.objects.get(action=AuditEvent.Action.GROUP_SESSION_RECORDED)
    assert event.object_id == str(session.pk)
    assert event.metadata["cases"] == sorted([shared_case.pk, second_case.pk])
    assert sorted(event.metadata["entries"]) == sorted([came.entry_id, missed.entry_id])
    assert event.metadata["attended"] == 1
    assert "lively" not in str(event.metadata)
    assert set(
        AuditEvent.objects.filter(action=AuditEvent.Action.ENTRY_CREATED).values_list(
            "case_id", flat=True
        )
    ) == {shared_case.pk, second_case.pk}


def test_attending_counts_as_contact_on_the_case(
    world, programme, shared_case, second_case, yesterday_evening
):
    """Given a young person who came, then their case's last contact is the session."""
    _record(
        world,
        programme,
        yesterday_evening,
        {shared_case.pk: "attended", second_case.pk: "declined"},
    )

    assert Case.objects.get(pk=shared_case.pk).last_contact_at == yesterday_evening
    assert Case.objects.get(pk=second_case.pk).last_contact_at is None


def _nothing_saved() -> None:
    assert not GroupWorkSession.objects.exists()
    assert not CaseworkEntry.objects.filter(kind=CaseworkEntry.Kind.GROUP_WORK).exists()
    assert not AuditEvent.objects.filter(
        action__in=[AuditEvent.Action.GROUP_SESSION_RECORDED, AuditEvent.Action.ENTRY_CREATED]
    ).exists()


def test_everyone_in_the_group_must_be_on_the_register(
    world, programme, shared_case, yesterday_evening
):
    """Given two young people in the group, when only one is on the register, then refused and
    nothing is saved: no session, no entry."""
    with pytest.raises(ValidationError) as refused:
        _record(world, programme, yesterday_evening, {shared_case.pk: "attended"})

    assert "each young person" in refused.value.message_dict["attendance"][0]
    _nothing_saved()


def test_someone_not_in_the_group_cannot_be_on_the_register(
    world, programme, shared_case, second_case, yesterday_evening
):
    with pytest.raises(ValidationError):
        _record(
            world,
            programme,
            yesterday_evening,
            {shared_case.pk: "attended", second_case.pk: "attended", 999_999: "attended"},
        )

    _nothing_saved()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"topic": ""}, "topic", id="no topic"),
        pytest.param({"duration_minutes": 0}, "duration_minutes", id="no length"),
        pytest.param({"held_at": "yesterday"}, "held_at", id="not a date and time"),
    ],
)
def test_bad_session_values_are_refused(
    world, programme, shared_case, second_case, yesterday_evening, changes, field
):
    with pytest.raises(ValidationError) as refused:
        _record(
            world,
            programme,
            yesterday_evening,
            {shared_case.pk: "attended", second_case.pk: "attended"},
            **changes,
        )

    assert field in refused.value.message_dict
    _nothing_saved()


def test_an_attendance_that_is_not_a_session_answer_is_refused(
    world, programme, shared_case, second_case, yesterday_evening
):
    with pytest.raises(ValidationError):
        _record(
            world,
            programme,
            yesterday_evening,
            {shared_case.pk: "attended", second_case.pk: "not_applicable"},
        )

    _nothing_saved()


def test_a_session_in_the_future_is_refused(world, programme, shared_case, second_case):
    with pytest.raises(ValidationError) as refused:
        _record(
            world,
            programme,
            timezone.now() + datetime.timedelta(hours=2),
            {shared_case.pk: "attended", second_case.pk: "attended"},
        )

    assert "future" in refused.value.message_dict["held_at"][0]
    _nothing_saved()


def test_a_session_before_the_programme_started_is_refused(
    world, programme, shared_case, second_case
):
    before = timezone.now() - datetime.timedelta(days=40)

    with pytest.raises(ValidationError) as refused:
        _record(world, programme, before, {shared_case.pk: "attended", second_case.pk: "attended"})

    assert "starts on" in refused.value.message_dict["held_at"][0]


def test_a_long_note_for_one_young_person_is_refused(
    world, programme, shared_case, second_case, yesterday_evening
):
    with pytest.raises(ValidationError) as refused:
        _record(
            world,
            programme,
            yesterday_evening,
            {shared_case.pk: "attended", second_case.pk: "attended"},
            notes_by_case={shared_case.pk: "x" * 501},
        )

    assert "notes_by_case" in refused.value.message_dict
    _nothing_saved()


def test_a_closed_case_is_left_off_the_register(
    world, programme, shared_case, second_case, yesterday_evening
):
    """Given one young person's case closed since they joined, then the register is the others
    only (casework is not written on a closed case)."""
    case_services.case_close(
        case=second_case,
        by=world.hub_manager,
        version=Case.objects.get(pk=second_case.pk).version,
        reason=Case.ClosureReason.OUTCOMES_MET,
        outcome="Goals met.",
    )

    session = _record(world, programme, yesterday_evening, {shared_case.pk: "attended"})

    assert list(session.attendance.values_list("case_id", flat=True)) == [shared_case.pk]


def test_someone_who_has_left_is_not_expected_but_may_be_recorded_for_earlier_sessions(
    world, programme, shared_case, second_case
):
    """Given a young person who left today, when a session held last week is recorded, then
    the register need not include them, and may."""
    participant_leave(
        participant=programme.participants.get(case=second_case), by=world.spoke_worker
    )
    last_week = timezone.now() - datetime.timedelta(days=7)

    without = _record(world, programme, last_week, {shared_case.pk: "attended"})
    with_them = _record(
        world,
        programme,
        last_week + datetime.timedelta(hours=1),
        {shared_case.pk: "attended", second_case.pk: "attended"},
    )

    assert without.attendance.count() == 1
    assert with_them.attendance.count() == 2


def test_someone_who_left_before_a_session_cannot_be_on_its_register(
    world, programme, shared_case, second_case, yesterday_evening
):
    """Given a young person who left three days ago, when yesterday's session names them, then
    refused."""
    participant = programme.participants.get(case=second_case)
    participant_leave(participant=participant, by=world.spoke_worker)
    # Test set-up only: the service stamps the time of leaving as now.
    GroupWorkParticipant.objects.filter(pk=participant.pk).update(
        left_at=timezone.now() - datetime.timedelta(days=3)
    )

    with pytest.raises(ValidationError):
        _record(
            world,
            programme,
            yesterday_evening,
            {shared_case.pk: "attended", second_case.pk: "attended"},
        )

    _nothing_saved()
