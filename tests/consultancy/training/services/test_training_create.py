"""training_create: plan a session or record one delivered, checked and audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import Topic, TrainingSession
from partners.models import Role
from tests import factories

S = TrainingSession.Status


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


def test_a_delivered_session_is_recorded_with_its_trainers_and_audited(world, make_session):
    """Given a worker's delivered session, then it is saved with its trainers and topics in the
    list's order, and one audit event names its area and trainers by id only."""
    session = make_session(topics=[Topic.LANGUAGE, Topic.RECOGNISING], title="  Spotting signs ")

    assert session.status == S.DELIVERED
    assert session.title == "Spotting signs"
    assert session.topics == [Topic.RECOGNISING, Topic.LANGUAGE]
    assert list(session.trainers.all()) == [world.spoke_worker]
    assert session.created_by == world.spoke_worker
    event = AuditEvent.objects.get(action=AuditEvent.Action.TRAINING_CREATED)
    assert event.object_id == str(session.pk)
    assert event.actor == world.spoke_worker
    assert event.agency_id == world.hub.pk
    assert event.metadata == {
        "status": "delivered",
        "local_authority_id": world.la_a.pk,
        "trainer_ids": [world.spoke_worker.pk],
    }


def test_a_session_may_be_planned_in_the_future(make_session):
    """Given a date next week, when planned, then it is saved as planned."""
    session = make_session(status=S.PLANNED)

    assert session.status == S.PLANNED
    assert session.delivered_on > timezone.localdate()


def test_a_future_session_cannot_be_delivered(make_session):
    """Given tomorrow's date, when recorded as delivered, then it is refused and nothing saved."""
    with pytest.raises(ValidationError) as excinfo:
        make_session(delivered_on=timezone.localdate() + datetime.timedelta(days=1))

    assert "record it as planned" in _errors(excinfo)["delivered_on"][0]
    assert not TrainingSession.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.TRAINING_CREATED).exists()


def test_a_session_outside_the_hubs_area_is_refused(world, make_session):
    """Given a local authority the hub neither covers nor places workers in, then refused."""
    elsewhere = factories.local_authority(name="Farshire")

    with pytest.raises(ValidationError) as excinfo:
        make_session(local_authority=elsewhere)

    assert _errors(excinfo)["local_authority"] == [
        "Choose a local authority Northbrook CSE Hub works in."
    ]


def test_a_local_authority_where_the_hub_places_a_worker_is_accepted(world, make_session):
    """Given an LA the hub does not cover but places a worker in today, then it is accepted."""
    placed = factories.local_authority(name="Westdale")
    factories.placement(
        worker=world.spoke_worker, hub=world.hub, local_authority=placed, by=world.hub_manager
    )

    assert make_session(local_authority=placed).local_authority == placed


@pytest.mark.parametrize(
    ("override", "field", "message"),
    [
        pytest.param({"title": "  "}, "title", "Enter the title.", id="no title"),
        pytest.param(
            {"audience": ""}, "audience", "Enter who the session is for.", id="no audience"
        ),
        pytest.param(
            {"duration_minutes": 0},
            "duration_minutes",
            "Enter a length from 1 to 1440 minutes (a day).",
            id="no length",
        ),
        pytest.param(
            {"duration_minutes": 1441},
            "duration_minutes",
            "Enter a length from 1 to 1440 minutes (a day).",
            id="longer than a day",
        ),
        pytest.param({"topics": ["gossip"]}, "topics", "Choose topics from the list.", id="topic"),
        pytest.param({"trainers": []}, "trainers", "Choose at least one person.", id="nobody"),
        pytest.param(
            {"status": "maybe"}, "status", "Choose planned, delivered or cancelled.", id="status"
        ),
        pytest.param(
            {"delivered_on": None}, "delivered_on", "Enter the date of the session.", id="no date"
        ),
    ],
)
def test_bad_values_are_refused_with_a_message(make_session, override, field, message):
    """Given one bad value, then a message on that field, and nothing is saved."""
    with pytest.raises(ValidationError) as excinfo:
        make_session(**override)

    assert _errors(excinfo)[field] == [message]
    assert not TrainingSession.objects.exists()


def test_trainers_must_work_for_the_hub(world, make_session):
    """Given another hub's worker or a practitioner as trainer, then refused."""
    for outsider in (world.other_spoke_worker, world.practitioner):
        with pytest.raises(ValidationError) as excinfo:
            make_session(trainers=[world.spoke_worker, outsider])

        assert _errors(excinfo)["trainers"] == ["Choose people who work for Northbrook CSE Hub."]


def test_a_manager_may_be_a_trainer(world, make_session):
    """Given the hub's manager and a second worker, then both are the session's trainers."""
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Orla Outreach")

    session = make_session(by=world.hub_manager, trainers=[world.hub_manager, second])

    assert set(session.trainers.all()) == {world.hub_manager, second}
