"""training_update: change a session from the version the caller saw, audited by field name."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import Topic, TrainingSession
from consultancy.services.training import training_update
from partners.models import Role
from tests import factories

S = TrainingSession.Status


def _changes():
    return AuditEvent.objects.filter(action=AuditEvent.Action.TRAINING_CHANGED)


def test_a_planned_session_is_marked_delivered_with_feedback(world, make_session):
    """Given a session planned for yesterday, when marked delivered with a feedback summary,
    then both change, the version goes up, and the audit names the fields, not the text."""
    session = make_session(
        status=S.PLANNED, delivered_on=timezone.localdate() - datetime.timedelta(days=1)
    )

    changed = training_update(
        session=session,
        by=world.spoke_worker,
        version=session.version,
        status=S.DELIVERED,
        feedback="Most said they would now refer sooner.",
    )

    assert changed.status == S.DELIVERED
    assert changed.feedback == "Most said they would now refer sooner."
    assert changed.version == session.version + 1
    event = _changes().get()
    assert event.metadata == {"status": "delivered", "fields": ["feedback", "status"]}


def test_trainers_and_topics_change(world, make_session):
    """Given a new trainer and topics, then they replace the old ones."""
    session = make_session()
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    changed = training_update(
        session=session,
        by=world.hub_manager,
        version=session.version,
        trainers=[second],
        topics=[Topic.ONLINE],
    )

    assert list(changed.trainers.all()) == [second]
    assert changed.topics == [Topic.ONLINE]
    assert _changes().get().metadata["fields"] == ["topics", "trainers"]


def test_nothing_changed_writes_nothing(world, make_session):
    """Given the same values, then no new version and no audit event."""
    session = make_session()

    same = training_update(
        session=session, by=world.spoke_worker, version=session.version, title=session.title
    )

    assert same.version == session.version
    assert not _changes().exists()


def test_a_stale_version_is_refused(world, make_session):
    """Given someone else changed the session first, then the second change is refused with
    who changed what, and not saved."""
    session = make_session()
    training_update(session=session, by=world.hub_manager, version=1, venue="Town hall")

    with pytest.raises(StaleVersionError) as excinfo:
        training_update(session=session, by=world.spoke_worker, version=1, title="Another")

    assert "venue" in str(excinfo.value)
    assert TrainingSession.objects.get().title == session.title


def test_unknown_fields_are_refused(world, make_session):
    session = make_session()

    with pytest.raises(ValidationError, match="Unknown fields: hub"):
        training_update(session=session, by=world.spoke_worker, version=1, hub=world.other_hub)


def test_feedback_waits_for_delivery(world, make_session):
    """Given a planned session, when feedback is written, then it is refused."""
    session = make_session(status=S.PLANNED)

    with pytest.raises(ValidationError) as excinfo:
        training_update(session=session, by=world.spoke_worker, version=1, feedback="Good.")

    assert excinfo.value.message_dict["feedback"] == [
        "Feedback can be recorded once the session has been delivered."
    ]


def test_a_session_with_attendance_stays_delivered(world, make_session, attend):
    """Given a delivered session with an attendee, when cancelled, then refused until the
    attendance is removed."""
    session = make_session()
    attend(session, world.practitioner)

    with pytest.raises(ValidationError) as excinfo:
        training_update(session=session, by=world.spoke_worker, version=1, status=S.CANCELLED)

    assert "remove it before" in excinfo.value.message_dict["status"][0]
    assert TrainingSession.objects.get().status == S.DELIVERED


def test_moving_a_delivered_session_into_the_future_is_refused(world, make_session):
    session = make_session()

    with pytest.raises(ValidationError) as excinfo:
        training_update(
            session=session,
            by=world.spoke_worker,
            version=1,
            delivered_on=timezone.localdate() + datetime.timedelta(days=3),
        )

    assert "delivered_on" in excinfo.value.message_dict


def test_a_trainer_who_has_left_stays_on_the_record(world, make_session):
    """Given a trainer who has since left the hub, when another trainer is added, then the one
    who left stays and only the newcomer must work for the hub today."""
    leaver = factories.member(agency=world.hub, role=Role.SPOKE_WORKER, full_name="Lee Leaver")
    session = make_session(trainers=[world.spoke_worker, leaver])
    membership = leaver.memberships.get()
    membership.ends_on = timezone.localdate()
    membership.save(update_fields=["ends_on"])
    second = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    changed = training_update(
        session=session,
        by=world.hub_manager,
        version=session.version,
        trainers=[world.spoke_worker, leaver, second],
    )

    assert set(changed.trainers.all()) == {world.spoke_worker, leaver, second}
    with pytest.raises(ValidationError, match="Choose people who work for"):
        training_update(
            session=session,
            by=world.hub_manager,
            version=changed.version,
            trainers=[world.spoke_worker, world.other_spoke_worker],
        )
