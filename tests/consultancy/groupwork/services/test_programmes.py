"""Setting up and changing group-work programmes, and the young people in them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases import services as case_services
from cases.models import Case, RiskLevel
from cases.services import StaleVersionError
from consultancy.models import GroupWorkParticipant, GroupWorkProgramme
from consultancy.services.groupwork import (
    group_session_record,
    participant_add,
    participant_leave,
    programme_update,
)


def test_setting_up_a_programme_saves_it_with_its_facilitators(world, make_programme):
    """Given a spoke worker and their manager, when the worker sets up a programme, then it is
    saved and audited."""
    programme = make_programme(facilitators=[world.spoke_worker, world.hub_manager])

    assert set(programme.facilitators.all()) == {world.spoke_worker, world.hub_manager}
    event = AuditEvent.objects.get(action=AuditEvent.Action.GROUP_PROGRAMME_CREATED)
    assert event.object_id == str(programme.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"title": ""}, "title", id="no title"),
        pytest.param({"setting_name": " "}, "setting_name", id="nowhere to meet"),
        pytest.param({"facilitators": []}, "facilitators", id="no facilitator"),
        pytest.param({"starts_on": "soon"}, "starts_on", id="start not a date"),
    ],
)
def test_bad_values_are_refused(make_programme, changes, field):
    with pytest.raises(ValidationError) as refused:
        make_programme(**changes)

    assert field in refused.value.message_dict
    assert not GroupWorkProgramme.objects.exists()


def test_the_end_cannot_be_before_the_start(make_programme):
    """Given an end date before the start, then the end date is refused."""
    today = timezone.localdate()

    with pytest.raises(ValidationError) as refused:
        make_programme(starts_on=today, ends_on=today - datetime.timedelta(days=1))

    assert "ends_on" in refused.value.message_dict


def test_a_programme_may_be_planned_to_start_later(make_programme):
    """Given a start next month, then it is saved: programmes are set up before they begin."""
    programme = make_programme(starts_on=timezone.localdate() + datetime.timedelta(days=30))

    assert programme.pk


def test_changing_a_programme_audits_the_changed_fields(world, programme):
    changed = programme_update(
        programme=programme,
        by=world.spoke_worker,
        version=programme.version,
        title="Healthy relationships group (spring)",
        facilitators=[world.spoke_worker, world.hub_manager],
    )

    assert changed.version == 2
    event = AuditEvent.objects.get(action=AuditEvent.Action.GROUP_PROGRAMME_CHANGED)
    assert event.metadata["fields"] == ["title", "facilitators"]


def test_a_stale_change_is_refused(world, programme):
    programme_update(programme=programme, by=world.hub_manager, version=1, title="Renamed")

    with pytest.raises(StaleVersionError):
        programme_update(programme=programme, by=world.spoke_worker, version=1, title="Mine")


def test_the_local_authority_is_fixed_once_young_people_have_joined(world, programme):
    """Given young people in the group, when the local authority changes, then refused."""
    with pytest.raises(ValidationError) as refused:
        programme_update(
            programme=programme, by=world.spoke_worker, version=1, local_authority=world.la_b
        )

    assert "local_authority" in refused.value.message_dict


def test_dates_cannot_move_past_a_recorded_session(world, programme, yesterday_evening):
    """Given a session held yesterday, when the programme's end moves before it, then refused."""
    group_session_record(
        programme=programme,
        by=world.spoke_worker,
        held_at=yesterday_evening,
        duration_minutes=90,
        topic="Consent",
        attendance=dict.fromkeys(
            programme.participants.values_list("case_id", flat=True), "attended"
        ),
    )

    with pytest.raises(ValidationError) as refused:
        programme_update(
            programme=programme,
            by=world.spoke_worker,
            version=1,
            ends_on=timezone.localdate() - datetime.timedelta(days=2),
        )

    assert "ends_on" in refused.value.message_dict


# The young people in a programme.


def test_adding_a_young_person_audits_their_case(world, make_programme, shared_case):
    programme = make_programme()

    participant = participant_add(programme=programme, by=world.spoke_worker, case=shared_case)

    assert participant.case == shared_case
    assert participant.left_at is None
    event = AuditEvent.objects.get(action=AuditEvent.Action.GROUP_PARTICIPANT_ADDED)
    assert (event.case_id, event.metadata["programme_id"]) == (shared_case.pk, programme.pk)


def test_a_young_person_joins_once(world, programme, shared_case):
    with pytest.raises(ValidationError) as refused:
        participant_add(programme=programme, by=world.spoke_worker, case=shared_case)

    assert "already in the group" in refused.value.message_dict["case"][0]


def test_a_closed_case_cannot_join(world, make_programme, shared_case):
    case_services.case_close(
        case=shared_case,
        by=world.hub_manager,
        version=shared_case.version,
        reason=Case.ClosureReason.OUTCOMES_MET,
        outcome="Goals met.",
    )

    with pytest.raises(ValidationError) as refused:
        participant_add(
            programme=make_programme(),
            by=world.spoke_worker,
            case=Case.objects.get(pk=shared_case.pk),
        )

    assert "closed" in refused.value.message_dict["case"][0]


def test_another_hubs_case_cannot_join(world, make_programme):
    other = case_services.case_open(
        by=world.other_hub_manager,
        hub=world.other_hub,
        local_authority=world.la_b,
        risk_level=RiskLevel.LOW,
        rationale="Concerns at school.",
        young_person_data={"first_name": "Alex", "last_name": "Sample"},
    )

    with pytest.raises(ValidationError):
        participant_add(programme=make_programme(), by=world.hub_manager, case=other)

    assert not GroupWorkParticipant.objects.exists()


def test_a_case_in_another_local_authority_cannot_join(world, make_programme):
    brackenford = case_services.case_open(
        by=world.hub_manager,
        hub=world.hub,
        local_authority=world.la_b,
        risk_level=RiskLevel.LOW,
        rationale="Concerns at school.",
        young_person_data={"first_name": "Alex", "last_name": "Sample"},
    )

    with pytest.raises(ValidationError) as refused:
        participant_add(programme=make_programme(), by=world.hub_manager, case=brackenford)

    assert "local authority" in refused.value.message_dict["case"][0]


def test_leaving_and_coming_back(world, programme, shared_case):
    """Given a young person in the group, when they leave, then they are marked as left (once);
    when they come back, then they are in the group again, on the same row."""
    participant = programme.participants.get(case=shared_case)

    left = participant_leave(participant=participant, by=world.spoke_worker)
    assert left.left_at is not None
    with pytest.raises(ValidationError):
        participant_leave(participant=participant, by=world.spoke_worker)

    back = participant_add(programme=programme, by=world.spoke_worker, case=shared_case)

    assert back.pk == participant.pk
    assert back.left_at is None
    actions = list(
        AuditEvent.objects.filter(
            case_id=shared_case.pk, action__startswith="consultancy.participant"
        )
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        AuditEvent.Action.GROUP_PARTICIPANT_ADDED,
        AuditEvent.Action.GROUP_PARTICIPANT_LEFT,
        AuditEvent.Action.GROUP_PARTICIPANT_ADDED,
    ]


def test_nobody_new_joins_a_programme_that_has_ended(world, make_programme, shared_case):
    today = timezone.localdate()
    ended = make_programme(
        starts_on=today - datetime.timedelta(days=60), ends_on=today - datetime.timedelta(days=1)
    )

    with pytest.raises(ValidationError):
        participant_add(programme=ended, by=world.spoke_worker, case=shared_case)
