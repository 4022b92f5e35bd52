"""challenge_raise: a challenge with its first level, audited, and the agency's team managers
told with nothing about the young person."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import ChallengeEscalation, PracticeChallenge
from consultancy.services.challenges import challenge_raise
from notifications.models import Notification
from tests import factories
from tests.consultancy.challenges.conftest import CONCERN


def _raise(world, **overrides):
    values = {
        "by": world.spoke_worker,
        "hub": world.hub,
        "challenged_agency": world.csc_a,
        "local_authority": world.la_a,
        "category": PracticeChallenge.Category.VICTIM_BLAMING,
        "concern": CONCERN,
        "raised_on": timezone.localdate(),
    }
    return challenge_raise(**{**values, **overrides})


def test_raising_records_the_first_level_and_audits(world, shared_case):
    """Given a challenge about a case, then it is open at practitioner level with one history
    row, and the event carries the case id and no words of the concern."""
    challenge = _raise(world, case=shared_case)

    assert challenge.status == PracticeChallenge.Status.OPEN
    assert challenge.level == PracticeChallenge.Level.PRACTITIONER
    (first,) = ChallengeEscalation.objects.filter(challenge=challenge)
    assert first.level == challenge.level
    assert first.escalated_on == challenge.raised_on
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_RAISED)
    assert event.case_id == shared_case.pk
    assert "missed visit" not in str(event.metadata)


def test_the_team_managers_are_told_without_details(world, shared_case):
    """Then Ashdown's team manager is told, by reference, with no name or concern; the
    practitioner is not."""
    challenge = _raise(world, case=shared_case)

    (note,) = Notification.objects.filter(kind=Notification.Kind.CHALLENGE_RAISED)
    assert note.recipient == world.team_manager
    assert challenge.reference in note.message
    assert "Morgan" not in note.message
    assert "missed" not in note.message
    assert note.link == challenge.get_absolute_url()


def test_raised_at_a_higher_level(world):
    """Given a challenge raised straight to a manager, then that is its first level."""
    challenge = _raise(world, level=PracticeChallenge.Level.MANAGER)

    assert challenge.escalations.get().level == PracticeChallenge.Level.MANAGER


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"concern": "Too short"}, "concern", id="a concern too short"),
        pytest.param({"category": "rude"}, "category", id="unknown category"),
        pytest.param({"level": 9}, "level", id="unknown level"),
        pytest.param(
            {"raised_on": timezone.localdate() + datetime.timedelta(days=1)},
            "raised_on",
            id="in the future",
        ),
    ],
)
def test_bad_input_saves_nothing(world, overrides, field):
    with pytest.raises(ValidationError) as refused:
        _raise(world, **overrides)

    assert field in refused.value.message_dict
    assert not PracticeChallenge.objects.exists()
    assert not Notification.objects.exists()


def test_the_agency_must_work_in_the_local_authority(world):
    """Given Brackenford's children's services challenged in Ashdown, then refused."""
    with pytest.raises(ValidationError) as refused:
        _raise(world, challenged_agency=world.csc_b)

    assert "local_authority" in refused.value.message_dict


def test_a_hub_is_not_challenged_here(world):
    """Given the other hub as the challenged agency, then refused."""
    with pytest.raises(ValidationError) as refused:
        _raise(world, challenged_agency=world.other_hub, local_authority=world.la_b)

    assert "challenged_agency" in refused.value.message_dict


def test_a_case_the_raiser_may_not_see_is_refused(world, shared_case):
    """Given a worker of the hub who may not see the case, then refused on the case."""
    from partners.models import Role

    stranger = factories.member(agency=world.hub, role=Role.SPOKE_WORKER)

    with pytest.raises(ValidationError) as refused:
        _raise(world, by=stranger, case=shared_case)

    assert "case" in refused.value.message_dict
