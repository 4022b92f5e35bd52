"""challenge_escalate: up a level, with a date and why; the agency is told."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from cases.services import StaleVersionError
from consultancy.models import PracticeChallenge
from consultancy.services.challenges import challenge_escalate
from notifications.models import Notification

L = PracticeChallenge.Level


def _escalate(challenge, by, **overrides):
    values = {
        "level": L.HEAD_OF_SERVICE,
        "escalated_on": timezone.localdate(),
        "note": "No response from the team manager in two weeks.",
        "version": challenge.version,
    }
    return challenge_escalate(challenge=challenge, by=by, **{**values, **overrides})


def test_escalating_adds_to_the_history(world, make_challenge):
    """Given a practitioner-level challenge, when the hub's manager takes it to head of service,
    then its level moves, a history row is added, it is audited, and the agency and the raiser
    are told."""
    challenge = make_challenge()

    escalated = _escalate(challenge, world.hub_manager)

    assert escalated.level == L.HEAD_OF_SERVICE
    assert list(escalated.escalations.values_list("level", flat=True)) == [
        L.PRACTITIONER,
        L.HEAD_OF_SERVICE,
    ]
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CHALLENGE_ESCALATED).exists()
    told = set(
        Notification.objects.filter(kind=Notification.Kind.CHALLENGE_UPDATED).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {world.team_manager.pk, world.spoke_worker.pk}


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"level": L.PRACTITIONER}, "level", id="the same level"),
        pytest.param({"note": "  "}, "note", id="no reason"),
        pytest.param(
            {"escalated_on": timezone.localdate() - datetime.timedelta(days=30)},
            "escalated_on",
            id="before it was raised",
        ),
    ],
)
def test_bad_input_changes_nothing(world, make_challenge, overrides, field):
    challenge = make_challenge()

    with pytest.raises(ValidationError) as refused:
        _escalate(challenge, world.spoke_worker, **overrides)

    assert field in refused.value.message_dict
    assert PracticeChallenge.objects.get(pk=challenge.pk).level == L.PRACTITIONER


def test_a_resolved_challenge_cannot_be_escalated(world, make_challenge):
    challenge = make_challenge(resolved=True)

    with pytest.raises(ValidationError, match="has been resolved"):
        _escalate(challenge, world.hub_manager)


def test_a_stale_version_is_refused(world, make_challenge):
    challenge = make_challenge()

    with pytest.raises(StaleVersionError):
        _escalate(challenge, world.hub_manager, version=challenge.version + 1)
