"""Recording and changing awareness sessions: what is saved and audited, and what is refused.

A refusal names the field and saves nothing, not the session and not an audit event.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import AwarenessSession, Topic
from consultancy.services.groupwork import awareness_update
from partners.models import Role
from tests import factories


def test_recording_a_session_saves_it_and_audits_ids_only(world, make_awareness):
    """Given a spoke worker, when they record a school session, then it is saved with who
    delivered it and an audit event that carries ids, not the notes."""
    session = make_awareness(delivered_by=[world.spoke_worker, world.hub_manager])

    assert session.hub == world.hub
    assert session.created_by == world.spoke_worker
    assert set(session.delivered_by.all()) == {world.spoke_worker, world.hub_manager}
    assert session.topics == [Topic.ONLINE, Topic.HEALTHY_RELATIONSHIPS]
    event = AuditEvent.objects.get(action=AuditEvent.Action.AWARENESS_CREATED)
    assert event.object_id == str(session.pk)
    assert event.metadata["delivered_by"] == sorted([world.spoke_worker.pk, world.hub_manager.pk])
    assert "PSHE" not in str(event.metadata)


def test_topics_are_kept_in_the_lists_order_once_each(make_awareness):
    """Given topics out of order and repeated, then they are saved once each, in list order."""
    session = make_awareness(topics=[Topic.ONLINE, Topic.RECOGNISING, Topic.ONLINE])

    assert session.topics == [Topic.RECOGNISING, Topic.ONLINE]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"age_from": 7}, "age_from", id="younger than 8"),
        pytest.param({"age_to": 26}, "age_to", id="older than 25"),
        pytest.param({"age_from": 15, "age_to": 13}, "age_to", id="ages the wrong way round"),
        pytest.param({"young_people_reached": 0}, "young_people_reached", id="nobody reached"),
        pytest.param({"young_people_reached": "lots"}, "young_people_reached", id="not a number"),
        pytest.param({"duration_minutes": 0}, "duration_minutes", id="no length"),
        pytest.param({"duration_minutes": 24 * 60 + 1}, "duration_minutes", id="over a day"),
        pytest.param({"setting": "pub"}, "setting", id="unknown setting"),
        pytest.param({"setting_name": "  "}, "setting_name", id="no setting name"),
        pytest.param({"topics": ["gossip"]}, "topics", id="unknown topic"),
        pytest.param({"delivered_by": []}, "delivered_by", id="nobody delivered it"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_saved(world, make_awareness, changes, field):
    """Given a value out of bounds, when the session is recorded, then the field is named and
    nothing is saved."""
    with pytest.raises(ValidationError) as refused:
        make_awareness(**changes)

    assert field in refused.value.message_dict
    assert not AwarenessSession.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.AWARENESS_CREATED).exists()


def test_a_date_in_the_future_is_refused(make_awareness):
    """Given tomorrow's date, then the date is refused: sessions are recorded once delivered."""
    with pytest.raises(ValidationError) as refused:
        make_awareness(delivered_on=timezone.localdate() + datetime.timedelta(days=1))

    assert "cannot be in the future" in refused.value.message_dict["delivered_on"][0]


def test_a_local_authority_the_hub_does_not_work_in_is_refused(world, make_awareness):
    """Given a local authority the hub neither covers nor places a worker in, then refused."""
    elsewhere = factories.local_authority(name="Farshire")

    with pytest.raises(ValidationError) as refused:
        make_awareness(local_authority=elsewhere)

    assert "does not work in Farshire" in refused.value.message_dict["local_authority"][0]


def test_someone_outside_the_hub_cannot_be_named_as_delivering(world, make_awareness):
    """Given a practitioner of a partner agency named as delivering, then refused."""
    with pytest.raises(ValidationError) as refused:
        make_awareness(delivered_by=[world.spoke_worker, world.practitioner])

    assert "delivered_by" in refused.value.message_dict


def test_changing_a_session_saves_the_changed_fields_and_audits_their_names(world, awareness):
    """Given a session, when its numbers and deliverers change, then a new version is saved and
    the audit names the changed fields only."""
    colleague = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    changed = awareness_update(
        session=awareness,
        by=world.hub_manager,
        version=awareness.version,
        young_people_reached=31,
        age_to=15,
        setting_name="Ashdown Academy",
        delivered_by=[world.spoke_worker, colleague],
    )

    assert (changed.young_people_reached, changed.age_to, changed.version) == (31, 15, 2)
    assert set(changed.delivered_by.all()) == {world.spoke_worker, colleague}
    event = AuditEvent.objects.get(action=AuditEvent.Action.AWARENESS_CHANGED)
    assert event.metadata["fields"] == ["young_people_reached", "age_to", "delivered_by"]


def test_an_edit_checks_the_age_range_against_what_is_saved(world, awareness):
    """Given a session for ages 13 to 14, when only the youngest age becomes 16, then refused."""
    with pytest.raises(ValidationError) as refused:
        awareness_update(session=awareness, by=world.spoke_worker, version=1, age_from=16)

    assert "age_to" in refused.value.message_dict
    awareness.refresh_from_db()
    assert awareness.age_from == 13


def test_a_change_from_a_stale_version_is_refused(world, awareness):
    """Given someone changed the session first, when another change starts from the old
    version, then it is refused as stale and the first change stands."""
    awareness_update(session=awareness, by=world.hub_manager, version=1, young_people_reached=30)

    with pytest.raises(StaleVersionError):
        awareness_update(session=awareness, by=world.spoke_worker, version=1, notes="Later.")

    awareness.refresh_from_db()
    assert (awareness.young_people_reached, awareness.version) == (30, 2)


def test_a_change_that_changes_nothing_keeps_the_version(world, awareness):
    """Given the same values, then nothing is saved and nothing audited."""
    same = awareness_update(
        session=awareness, by=world.spoke_worker, version=1, young_people_reached=28
    )

    assert same.version == 1
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.AWARENESS_CHANGED).exists()


def test_fields_that_cannot_change_are_refused(world, awareness):
    """Given a change to the hub, then it is refused: a session stays with its hub."""
    with pytest.raises(ValidationError):
        awareness_update(session=awareness, by=world.spoke_worker, version=1, hub=world.other_hub)
