"""challenge_resolve: the outcome, how and when; the agency is told."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from consultancy.models import PracticeChallenge
from consultancy.services.challenges import challenge_resolve
from notifications.models import Notification


def _resolve(challenge, by, **overrides):
    values = {
        "outcome": PracticeChallenge.Outcome.PARTLY,
        "resolution": "Agreed to hold a strategy discussion; closure stands.",
        "resolved_on": timezone.localdate(),
        "version": challenge.version,
    }
    return challenge_resolve(challenge=challenge, by=by, **{**values, **overrides})


def test_resolving(world, make_challenge):
    """Given an open challenge, when its raiser resolves it, then it is resolved with the
    outcome, audited and the agency's team manager (only) told."""
    challenge = make_challenge()

    resolved = _resolve(challenge, world.spoke_worker)

    assert resolved.status == PracticeChallenge.Status.RESOLVED
    assert resolved.outcome == PracticeChallenge.Outcome.PARTLY
    event = AuditEvent.objects.get(action=AuditEvent.Action.CHALLENGE_RESOLVED)
    assert event.metadata["outcome"] == "partly"
    (note,) = Notification.objects.filter(kind=Notification.Kind.CHALLENGE_UPDATED)
    assert note.recipient == world.team_manager


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"outcome": "won"}, "outcome", id="unknown outcome"),
        pytest.param({"resolution": ""}, "resolution", id="no resolution"),
        pytest.param({"resolved_on": None}, "resolved_on", id="no date"),
    ],
)
def test_bad_input_leaves_it_open(world, make_challenge, overrides, field):
    challenge = make_challenge()

    with pytest.raises(ValidationError) as refused:
        _resolve(challenge, world.hub_manager, **overrides)

    assert field in refused.value.message_dict
    assert PracticeChallenge.objects.get(pk=challenge.pk).is_open


def test_resolving_twice_is_refused(world, make_challenge):
    challenge = make_challenge(resolved=True)

    with pytest.raises(ValidationError, match="has been resolved"):
        _resolve(challenge, world.hub_manager)
